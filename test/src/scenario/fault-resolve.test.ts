/**
 * Goal: a fault list resolves with every default written out (the manifest's form), a fault-free
 * scenario resolves with no `faults` key at all, the driver gets exact units, and each fault's
 * stream depends on its own content only: reordering or removing other faults keeps it, two
 * identical faults draw apart. Method: loaded scenario files, resolved; fast-check permutations.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  canonicalJson,
  faultStreamNames,
  resolveFault,
} from '../../../src/scenario/fault-resolve.js';
import { loadScenario } from '../../../src/scenario/load.js';
import { resolveScenario, toRunConfig } from '../../../src/scenario/resolve.js';
import { openEndUs } from '../../../transports/fault-config.js';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lamport-fault-resolve-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function resolved(fields: Record<string, unknown>) {
  const path = join(dir, 's.json');
  writeFileSync(path, JSON.stringify({ rates: [4, 2, 1], durationSec: 60, ...fields }));
  return resolveScenario(loadScenario(path, { values: {}, flags: {} }), 7);
}

describe('the resolved form', () => {
  it('fills every default, in the manifest key order', () => {
    const scenario = resolved({
      faults: [
        { kind: 'loss', p: 0.1, to: [2, 0] },
        { kind: 'partition', groups: [[2, 0]], atSec: 10 },
        { kind: 'crash', machine: 1, atSec: 5 },
        { kind: 'restart', machine: 1, atSec: 8 },
        { kind: 'corrupt-clock', machine: 0, sub: 3 },
      ],
    });
    expect(JSON.stringify(scenario.faults)).toBe(
      JSON.stringify([
        { kind: 'loss', p: 0.1, from: [0, 1, 2], to: [0, 2], atSec: 0, untilSec: null },
        { kind: 'partition', groups: [[0, 2], [1]], oneWay: false, atSec: 10, untilSec: null },
        { kind: 'crash', machine: 1, atSec: 5, inbox: 'drop' },
        { kind: 'restart', machine: 1, atSec: 8, clock: 'persisted' },
        {
          kind: 'corrupt-clock',
          machine: 0,
          atSec: 0,
          untilSec: null,
          count: null,
          sub: 3,
        },
      ]),
    );
    // The scenario's own fields come first, faults last: earlier manifests keep their order.
    expect(Object.keys(scenario).at(-1)).toBe('faults');
  });

  it('has no faults key without faults, or with an empty list', () => {
    expect('faults' in resolved({})).toBe(false);
    expect('faults' in resolved({ faults: [] })).toBe(false);
    expect(JSON.stringify(resolved({ faults: [] }))).toBe(JSON.stringify(resolved({})));
    expect(toRunConfig(resolved({})).faults).toEqual([]);
  });

  it('resolves a resolved list to itself (a manifest loads back as a scenario)', () => {
    const first = resolved({
      faults: [
        { kind: 'duplicate', p: 0.05, from: [1] },
        { kind: 'partition', groups: [[0], [1]], oneWay: true, atSec: 1, untilSec: 2 },
      ],
    });
    const again = resolved({ faults: first.faults });
    expect(again.faults).toEqual(first.faults);
    const machines = first.machines;
    for (const fault of first.faults ?? [])
      expect(resolveFault(fault as never, machines)).toEqual(fault);
  });
});

describe('toRunConfig', () => {
  it('gives the driver exact units, index and stream', () => {
    const config = toRunConfig(
      resolved({
        faults: [
          { kind: 'loss', p: 0.25, atSec: 1.5, untilSec: 2.000001 },
          { kind: 'delay', extraMs: 0.5 },
          { kind: 'crash', machine: 2, atSec: 3, inbox: 'keep' },
          { kind: 'restart', machine: 2, atSec: 4, clock: { lease: 10 } },
          { kind: 'rate', machine: 1, atSec: 30, rateHz: 0.5 },
          { kind: 'corrupt-clock', machine: 0, atSec: 2, untilSec: 3, count: 2, set: 99 },
        ],
      }),
    );
    const [loss, delay, crash, restart, rate, corrupt] = config.faults;
    expect(loss).toMatchObject({
      kind: 'loss',
      index: 0,
      p: { numerator: 1, denominator: 4 },
      atUs: 1_500_000,
      untilUs: 2_000_001,
    });
    expect(delay).toMatchObject({ index: 1, extraUs: 500, atUs: 0, untilUs: openEndUs });
    expect(crash).toMatchObject({ index: 2, machine: 2, atUs: 3_000_000, inbox: 'keep' });
    expect(restart).toMatchObject({ clock: { kind: 'lease', every: 10 } });
    expect(rate).toMatchObject({ rateMilliHz: 500, atUs: 30_000_000 });
    expect(corrupt).toMatchObject({ countMax: 2, change: { kind: 'set', to: 99 } });
    for (const fault of config.faults) expect(fault.stream).toMatch(/^fault\/[0-9a-f]{16}$/);
  });
});

describe("the driver's fault configs", () => {
  it('keep their key order: index and stream, then as each kind always had them', () => {
    const { faults } = toRunConfig(
      resolved({
        faults: [
          { kind: 'loss', p: 0.5 },
          { kind: 'duplicate', p: 0.5 },
          { kind: 'delay', extraMs: 5 },
          { kind: 'partition', groups: [[0], [1, 2]], atSec: 1 },
          { kind: 'crash', machine: 1, atSec: 2 },
          { kind: 'restart', machine: 1, atSec: 3 },
          { kind: 'pause', machine: 2, atSec: 1, untilSec: 2 },
          { kind: 'rate', machine: 0, atSec: 1, rateHz: 2 },
          { kind: 'corrupt-clock', machine: 0, add: 5 },
        ],
      }),
    );
    const link = ['index', 'stream', 'from', 'to', 'atUs', 'untilUs', 'kind'];
    expect(faults.map((fault) => Object.keys(fault))).toEqual([
      [...link, 'p'],
      [...link, 'p'],
      [...link, 'extraUs'],
      ['index', 'stream', 'kind', 'groups', 'oneWay', 'atUs', 'untilUs'],
      ['index', 'stream', 'kind', 'machine', 'atUs', 'inbox'],
      ['index', 'stream', 'kind', 'machine', 'atUs', 'clock'],
      ['index', 'stream', 'kind', 'machine', 'atUs', 'untilUs'],
      ['index', 'stream', 'kind', 'machine', 'atUs', 'rateMilliHz'],
      ['index', 'stream', 'kind', 'machine', 'atUs', 'untilUs', 'countMax', 'change'],
    ]);
  });
});

describe('stream names', () => {
  const faults = [
    { kind: 'loss', p: 0.1 },
    { kind: 'duplicate', p: 0.1 },
    { kind: 'loss', p: 0.2, from: [1] },
    { kind: 'delay', extraMs: 5 },
    { kind: 'pause', machine: 2, atSec: 5, untilSec: 8 },
  ];

  it('keeps a fault stream when other faults are reordered or removed', () => {
    const all = resolved({ faults }).faults ?? [];
    const streamOf = new Map(
      all.map((fault, i) => [JSON.stringify(fault), faultStreamNames(all)[i]]),
    );
    fc.assert(
      fc.property(
        fc
          .subarray([...all], { minLength: 1 })
          .chain((kept) => fc.shuffledSubarray(kept, { minLength: kept.length })),
        (order) => {
          const names = faultStreamNames(order);
          order.forEach((fault, i) => {
            expect(names[i]).toBe(streamOf.get(JSON.stringify(fault)));
          });
        },
      ),
    );
  });

  it('names the same fault the same whichever way its file wrote it', () => {
    const short = resolved({ faults: [{ kind: 'loss', p: 0.1 }] });
    const long = resolved({
      faults: [{ untilSec: null, to: [2, 1, 0], kind: 'loss', atSec: 0, p: 0.1, from: [0, 1, 2] }],
    });
    expect(toRunConfig(short).faults[0]?.stream).toBe(toRunConfig(long).faults[0]?.stream);
  });

  it('gives the n-th identical fault its own stream, /n', () => {
    const config = toRunConfig(
      resolved({
        faults: [
          { kind: 'loss', p: 0.1 },
          { kind: 'delay', extraMs: 1 },
          { kind: 'loss', p: 0.1 },
          { kind: 'loss', p: 0.1 },
        ],
      }),
    );
    const [first, , second, third] = config.faults.map((fault) => fault.stream);
    expect(second).toBe(`${first}/2`);
    expect(third).toBe(`${first}/3`);
  });

  it('keeps the names streams had: the canonical JSON of a fault is the one first defined', () => {
    // canonicalJson's first definition: entries without undefined, sorted by key, mapped and
    // joined. Every fault stream's draws depend on this text, through its hash.
    const reference = (value: unknown): string => {
      if (Array.isArray(value)) return `[${value.map(reference).join(',')}]`;
      if (typeof value === 'object' && value !== null) {
        const entries = Object.entries(value as Record<string, unknown>)
          .filter(([, field]) => field !== undefined)
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
        return `{${entries.map(([key, field]) => `${JSON.stringify(key)}:${reference(field)}`).join(',')}}`;
      }
      return JSON.stringify(value);
    };
    const withGaps = fc.oneof(fc.jsonValue(), fc.constant(undefined));
    fc.assert(
      fc.property(
        fc.oneof(
          fc.jsonValue(),
          fc.array(withGaps),
          fc.dictionary(fc.string(), fc.oneof(withGaps, fc.array(withGaps))),
        ),
        (value) => {
          expect(canonicalJson(value)).toBe(reference(value));
        },
      ),
      { numRuns: 500 },
    );
    const all = resolved({ faults }).faults ?? [];
    for (const fault of all) expect(canonicalJson(fault)).toBe(reference(fault));
    // The names the first definition gave these faults (hashed by sha256.ts as it was then).
    expect(faultStreamNames(all)).toEqual([
      'fault/fa2fd36bc367e343',
      'fault/1883fc286ce60117',
      'fault/85ccb4a8f84df943',
      'fault/2231ce0de59b2294',
      'fault/bae7cbbe98593ff3',
    ]);
  });

  it('changes with the fault content', () => {
    const a = toRunConfig(resolved({ faults: [{ kind: 'loss', p: 0.1 }] })).faults[0]?.stream;
    const b = toRunConfig(resolved({ faults: [{ kind: 'loss', p: 0.2 }] })).faults[0]?.stream;
    expect(a).not.toBe(b);
  });
});
