/**
 * Goal: records carry the line they start on, so findings name the right line: a JSON array's
 * elements spread over lines (strings holding brackets, commas and escaped quotes do not
 * confuse it), JSON lines, CSV cells in quotes; and a line the spec cannot read says why.
 */
import { describe, expect, it } from 'vitest';
import { parseFormatSpec } from '../../../src/import/format-spec.js';
import { readRecords, splitCsvLine, valueAt } from '../../../src/import/line-records.js';
import type { SourceFile } from '../../../src/import/source-files.js';

function file(text: string): SourceFile {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return {
    path: 'x',
    name: 'x',
    text,
    lines,
    sha256: '',
    bytes: text.length,
    fromDirectory: false,
  };
}

const common = {
  fields: { event: 'e', time: 't', clock: 'c' },
  events: { send: ['s'], receive: ['r'], internal: ['i'] },
  time: { unit: 'ms' },
  machine: { from: 'file', pattern: '(\\d+)' },
};

describe('readRecords', () => {
  it('gives each element of a JSON array the line it starts on', () => {
    const text = [
      '[',
      '  {"e": "s", "note": "a [tricky], \\"quoted\\" {text}",',
      '   "t": 1, "c": 1},',
      '  {"e": "i", "t": 2,',
      '',
      '   "c": 2}, 7',
      ']',
    ].join('\n');
    const { outcomes } = readRecords(file(text), parseFormatSpec({ kind: 'json', ...common }, 's'));
    expect(outcomes.map((outcome) => [outcome.kind, outcome.line])).toEqual([
      ['record', 2],
      ['record', 4],
      ['unread', 6],
    ]);
  });

  it('reads JSON lines, skipping what the spec skips, and says why a line is not a record', () => {
    const spec = parseFormatSpec({ kind: 'json', skip: ['^#'], ...common }, 's');
    const { outcomes, skipped } = readRecords(file('# banner\n{"e": "s"}\n[1]\n\nnope\n'), spec);
    expect(skipped).toBe(2);
    expect(outcomes).toEqual([
      { kind: 'record', line: 2, values: { e: 's' } },
      { kind: 'unread', line: 3, text: '[1]', why: 'not a JSON object' },
      { kind: 'unread', line: 5, text: 'nope', why: 'not a JSON object' },
    ]);
  });

  it('reads CSV with a header, and refuses a line of another width', () => {
    const spec = parseFormatSpec({ kind: 'csv', header: true, delimiter: ';', ...common }, 's');
    const { outcomes } = readRecords(file('e;t;c\ns;1;"2"\ns;1\n'), spec);
    expect(outcomes).toEqual([
      { kind: 'record', line: 2, values: { e: 's', t: '1', c: '2' } },
      { kind: 'unread', line: 3, text: 's;1', why: 'expected 3 columns, got 2' },
    ]);
  });
});

describe('splitCsvLine and valueAt', () => {
  it('keeps delimiters and doubled quotes inside quotes', () => {
    expect(splitCsvLine('a,"b,c","say ""hi""",', ',')).toEqual(['a', 'b,c', 'say "hi"', '']);
  });

  it('finds a value by its key or its dotted path', () => {
    expect(valueAt({ msg: { from: { port: 8002 } } }, 'msg.from.port')).toBe(8002);
    expect(valueAt({ 'a.b': 1 }, 'a.b')).toBe(1);
    expect(valueAt({ a: 1 }, 'a.b')).toBeUndefined();
  });
});
