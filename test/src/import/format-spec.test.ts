/**
 * Goal: a format spec is validated like a scenario: every preset is a valid spec, and a bad spec
 * is refused in one line naming the field, what was expected and what came.
 */
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/common/errors.js';
import { parseFormatSpec } from '../../../src/import/format-spec.js';
import { presetNames, presets } from '../../../src/import/presets/index.js';

const valid = {
  kind: 'regex',
  pattern: '^(?<event>\\w+) (?<time>\\d+) (?<clock>\\d+)$',
  fields: { event: 'event', time: 'time', clock: 'clock' },
  events: { send: ['S'], receive: ['R'], internal: ['I'] },
  time: { unit: 'ms' },
  machine: { from: 'file', pattern: '(\\d+)' },
};

const { pattern: _pattern, ...withoutPattern } = valid;

function refusal(value: unknown): string {
  try {
    parseFormatSpec(value, 'spec.json');
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as Error).message;
  }
  throw new Error('the spec was taken');
}

describe('parseFormatSpec', () => {
  it('takes every preset, and a minimal spec', () => {
    expect(presets().map((preset) => preset.name)).toEqual(presetNames);
    expect(presets().length).toBeGreaterThanOrEqual(4);
    expect(parseFormatSpec(valid, 'spec.json').kind).toBe('regex');
  });

  it.each([
    [
      { ...valid, kind: 'xml' },
      'spec.json: kind: expected an object with "kind": "csv", "regex" or "json", got "xml" (string)',
    ],
    [
      { ...valid, pattern: '(' },
      'spec.json: pattern: expected a pattern with named groups: a valid regular expression, got "(" (string)',
    ],
    [
      { ...valid, time: { unit: 'hours' } },
      'spec.json: time.unit: expected one of "s", "ms", "us", "datetime", "time-of-day", got "hours" (string)',
    ],
    [
      { ...valid, time: { unit: 's', date: '2026-11-22' } },
      'spec.json: time.date: expected no date: only "unit": "time-of-day" takes one, got "2026-11-22" (string)',
    ],
    [
      { ...valid, machine: { from: 'field' } },
      'spec.json: fields.machine: expected fields.machine: "machine": {"from": "field"} reads it there, got nothing',
    ],
    [
      { ...withoutPattern, kind: 'csv' },
      'spec.json: columns: expected the column names: a CSV without a header names its columns, got nothing',
    ],
    [
      { ...valid, fields: { ...valid.fields, clock: '' } },
      'spec.json: fields.clock: expected a column name, group name or dotted path, got "" (string)',
    ],
    [{ ...valid, colour: 'red' }, 'spec.json: unknown field "colour"'],
    [{ ...valid, time: { unit: 's', zone: 'UTC' } }, 'spec.json: time: unknown field "zone"'],
  ])('refuses a bad spec in one line naming the field (%#)', (value, expected) => {
    const message = refusal(value);
    expect(message).not.toContain('\n');
    expect(message.startsWith(expected)).toBe(true);
  });
});
