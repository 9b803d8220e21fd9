/**
 * Goal: the scenario field `faults` accepts every kind as documented (docs/FAULTS.md) and refuses
 * every rule of faults-design.md in one line that names the file, the path (`faults[2].untilSec`),
 * what was expected and what came. Method: scenario files written into a fresh temp dir and
 * loaded as `run` loads them; flags appended the way `run` appends them.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputError } from '../../../src/common/errors.js';
import { loadScenario } from '../../../src/scenario/load.js';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lamport-fault-schema-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Loads a scenario of three machines for 60 s with `faults`; returns the parsed list. */
type Mode = 'virtual' | 'tcp' | 'tcp-router';

function load(faults: unknown, extra: Record<string, unknown> = {}, mode?: Mode) {
  const path = join(dir, 's.json');
  writeFileSync(path, JSON.stringify({ rates: [4, 2, 1], durationSec: 60, ...extra, faults }));
  const topology = mode === 'tcp-router' ? 'router' : 'mesh';
  return loadScenario(
    path,
    { values: {}, flags: {} },
    mode === 'tcp-router' ? 'tcp' : mode,
    topology,
  ).file.faults;
}

/** The refusal's line, without the file's path. */
function refusal(faults: unknown, extra: Record<string, unknown> = {}, mode?: Mode) {
  try {
    load(faults, extra, mode);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    expect(error.message).not.toContain('\n');
    return error.message.replace(`${join(dir, 's.json')}: `, '');
  }
  throw new Error('expected a refusal');
}

describe('faults: accepted', () => {
  it('takes every kind with its documented fields', () => {
    const faults = [
      { kind: 'loss', p: 0.1, from: [0], to: [1, 2], atSec: 10, untilSec: 20 },
      { kind: 'duplicate', p: 0.05 },
      { kind: 'delay', extraMs: 500.5, from: [2] },
      { kind: 'partition', groups: [[0], [1, 2]], oneWay: true, atSec: 10, untilSec: 20 },
      { kind: 'crash', machine: 1, atSec: 5, inbox: 'keep' },
      { kind: 'restart', machine: 1, atSec: 8, clock: { lease: 16 } },
      { kind: 'pause', machine: 2, atSec: 5, untilSec: 8 },
      { kind: 'rate', machine: 0, atSec: 30, rateHz: 1.5 },
      { kind: 'corrupt-clock', machine: 0, atSec: 10, untilSec: 20, count: 3, add: 1000000 },
    ];
    expect(load(faults)).toEqual(faults);
  });

  it('takes an empty list and a crash restarted twice', () => {
    expect(load([])).toEqual([]);
    const twice = [
      { kind: 'crash', machine: 1, atSec: 5 },
      { kind: 'restart', machine: 1, atSec: 8, clock: 'reset' },
      { kind: 'crash', machine: 1, atSec: 9 },
      { kind: 'restart', machine: 1, atSec: 12 },
    ];
    expect(load(twice)).toHaveLength(4);
  });

  it('lets loss, duplicate and delay overlap, and windows end after the run', () => {
    const faults = [
      { kind: 'loss', p: 0.1, atSec: 0, untilSec: 100 },
      { kind: 'loss', p: 0.2, atSec: 5, untilSec: 30 },
      { kind: 'delay', extraMs: 1 },
      { kind: 'delay', extraMs: 2 },
    ];
    expect(load(faults)).toHaveLength(4);
  });

  it('takes a crash and a restart at the same instant, and a pause just after a restart', () => {
    const faults = [
      { kind: 'crash', machine: 1, atSec: 5 },
      { kind: 'restart', machine: 1, atSec: 5 },
      { kind: 'pause', machine: 1, atSec: 5, untilSec: 6 },
    ];
    expect(load(faults)).toHaveLength(3);
  });
});

describe('faults: refused in one line naming the path', () => {
  const cases: [string, unknown, string][] = [
    [
      'an unknown kind',
      [{ kind: 'flood' }],
      'faults[0].kind: expected an object with "kind": "loss", "duplicate", "delay", "partition", "crash", "restart", "pause", "rate" or "corrupt-clock", got "flood" (string)',
    ],
    [
      'p above 1',
      [{ kind: 'loss', p: 1.5 }],
      'faults[0].p: expected a probability in [0, 1] with at most 6 decimals, got 1.5',
    ],
    [
      'p with 7 decimals',
      [{ kind: 'duplicate', p: 0.1234567 }],
      'faults[0].p: expected a probability in [0, 1] with at most 6 decimals, got 0.1234567',
    ],
    [
      'an id out of range',
      [{ kind: 'loss', p: 0.1, to: [1, 3] }],
      'faults[0].to[1]: expected a machine id 0..2 (3 machines), got 3',
    ],
    [
      'a machine out of range',
      [{ kind: 'crash', machine: 3, atSec: 5 }],
      'faults[0].machine: expected a machine id 0..2 (3 machines), got 3',
    ],
    [
      'a machine listed twice in a link',
      [{ kind: 'loss', p: 0.1, from: [0, 2, 0] }],
      'faults[0].from[2]: expected each machine once (machine 0 is from[0] too), got 0',
    ],
    [
      'a partition with every machine in one group (it cuts nothing)',
      [{ kind: 'partition', groups: [[2, 0, 1]], atSec: 1 }],
      'faults[0].groups: expected machines in two groups or more (the machines not listed form one more; all 3 are in one), got [[2,0,1]]',
    ],
    [
      'a machine in two groups',
      [
        {
          kind: 'partition',
          groups: [
            [0, 1],
            [1, 2],
          ],
          atSec: 1,
        },
      ],
      'faults[0].groups[1][0]: expected each machine in one group only (machine 1 is already in group 0), got 1',
    ],
    [
      'untilSec not after atSec',
      [
        { kind: 'loss', p: 0.1 },
        { kind: 'pause', machine: 2, atSec: 10, untilSec: 10 },
      ],
      'faults[1].untilSec: expected untilSec > atSec (10), got 10',
    ],
    [
      'atSec at the end of the run',
      [{ kind: 'crash', machine: 0, atSec: 60 }],
      'faults[0].atSec: expected a time before the end of the run (durationSec 60), got 60',
    ],
    [
      'a time finer than a µs',
      [{ kind: 'crash', machine: 0, atSec: 1.0000001 }],
      'faults[0].atSec: expected a time in seconds, >= 0, with at most 6 decimals (µs resolution), got 1.0000001',
    ],
    [
      'a restart of a machine that is up',
      [{ kind: 'restart', machine: 1, atSec: 8 }],
      'faults[0].atSec: expected a restart of a machine that is down (machine 1 has no crash before it that is not restarted), got 8',
    ],
    [
      'a restart before its crash',
      [
        { kind: 'crash', machine: 1, atSec: 9 },
        { kind: 'restart', machine: 1, atSec: 8 },
      ],
      'faults[1].atSec: expected a restart of a machine that is down (machine 1 has no crash before it that is not restarted), got 8',
    ],
    [
      'a restart listed before its crash at the same instant (state changes go in list order)',
      [
        { kind: 'restart', machine: 1, atSec: 5 },
        { kind: 'crash', machine: 1, atSec: 5 },
      ],
      'faults[0].atSec: expected a restart of a machine that is down (machine 1 has no crash before it that is not restarted), got 5',
    ],
    [
      'a crash of a machine already down',
      [
        { kind: 'crash', machine: 1, atSec: 5 },
        { kind: 'crash', machine: 1, atSec: 6 },
      ],
      'faults[1].atSec: expected a crash of a machine that is up (machine 1 is down since 5 s, faults[0]), got 6',
    ],
    [
      'two pauses that overlap',
      [
        { kind: 'pause', machine: 2, atSec: 5, untilSec: 8 },
        { kind: 'pause', machine: 2, atSec: 7, untilSec: 9 },
      ],
      "faults[1].atSec: expected a pause that does not overlap machine 2's pause faults[0], got 7",
    ],
    [
      // Resumed and paused again in one instant, its missed ticks could never run: the
      // simulator's burst of them used to go on for ever.
      'a pause that starts as another of its machine ends',
      [
        { kind: 'pause', machine: 1, atSec: 1, untilSec: 2 },
        { kind: 'pause', machine: 1, atSec: 2, untilSec: 3 },
      ],
      "faults[1].atSec: expected a pause that does not touch machine 1's pause faults[0] (one pause from 1 s to 3 s holds it over both), got 2",
    ],
    [
      'a pause that ends as another of its machine, listed before it, starts',
      [
        { kind: 'pause', machine: 1, atSec: 2, untilSec: 3 },
        { kind: 'pause', machine: 1, atSec: 1, untilSec: 2 },
      ],
      "faults[1].untilSec: expected a pause that does not touch machine 1's pause faults[0] (one pause from 1 s to 3 s holds it over both), got 2",
    ],
    [
      'a pause while down',
      [
        { kind: 'crash', machine: 2, atSec: 5 },
        { kind: 'restart', machine: 2, atSec: 10 },
        { kind: 'pause', machine: 2, atSec: 9, untilSec: 11 },
      ],
      'faults[2].atSec: expected a pause of machine 2 while it is up; [9 s, 11 s) overlaps its crash faults[0] (down from 5 s to 10 s), got 9',
    ],
    [
      'two partitions that overlap',
      [
        { kind: 'partition', groups: [[0]], atSec: 10, untilSec: 20 },
        { kind: 'partition', groups: [[1]], atSec: 15 },
      ],
      'faults[1].atSec: expected a partition that does not overlap partition faults[0] in time, got 15',
    ],
    [
      'two rate steps at one instant',
      [
        { kind: 'rate', machine: 0, atSec: 30, rateHz: 1 },
        { kind: 'rate', machine: 0, atSec: 30, rateHz: 2 },
      ],
      'faults[1].atSec: expected one rate step of machine 0 per instant (faults[0] is at 30 s too), got 30',
    ],
    [
      'two corrupt-clock windows that overlap',
      [
        { kind: 'corrupt-clock', machine: 0, add: 1 },
        { kind: 'corrupt-clock', machine: 0, atSec: 30, untilSec: 31, set: 5 },
      ],
      'faults[1].atSec: expected a corrupt-clock window of machine 0 that does not overlap faults[0], got 30',
    ],
    [
      'corrupt-clock with two changes',
      [{ kind: 'corrupt-clock', machine: 0, add: 1, sub: 2 }],
      'faults[0].sub: expected exactly one of "add", "set" or "sub", got 2',
    ],
    [
      'set above 2^52',
      [{ kind: 'corrupt-clock', machine: 0, set: 2 ** 52 + 1 }],
      'faults[0].set: expected a whole number 1..4503599627370496, got 4503599627370497',
    ],
    [
      'a lease of 0',
      [
        { kind: 'crash', machine: 0, atSec: 1 },
        { kind: 'restart', machine: 0, atSec: 2, clock: { lease: 0 } },
      ],
      'faults[1].clock.lease: expected a whole number 1..4503599627370496, got 0',
    ],
    [
      'an unknown field',
      [{ kind: 'crash', machine: 0, atSec: 1, when: 2 }],
      // The fields of that kind listed, as a top-level unknown field lists the scenario's.
      'faults[0]: unknown field "when"; expected one of: kind, machine, atSec, inbox',
    ],
    [
      'an unknown field of a corrupt-clock',
      [{ kind: 'corrupt-clock', machine: 0, add: 5, by: 5 }],
      'faults[0]: unknown field "by"; expected one of: kind, machine, atSec, untilSec, count, add, set, sub',
    ],
  ];
  for (const [what, faults, message] of cases) {
    it(`refuses ${what}`, () => {
      expect(refusal(faults)).toBe(message.replace(/, got (\d[\d.]*)$/, ', got $1 (number)'));
    });
  }

  it('counts machines from `machines` and the default duration', () => {
    expect(
      refusal([{ kind: 'crash', machine: 5, atSec: 1 }], { rates: undefined, machines: 5 }),
    ).toBe('faults[0].machine: expected a machine id 0..4 (5 machines), got 5 (number)');
    expect(refusal([{ kind: 'crash', machine: 0, atSec: 60 }], { durationSec: undefined })).toBe(
      'faults[0].atSec: expected a time before the end of the run (durationSec 60), got 60 (number)',
    );
    expect(
      load([{ kind: 'crash', machine: 4, atSec: 59 }], { rates: undefined, machines: 5 }),
    ).toHaveLength(1);
  });

  it('refuses faults in tcp mode without the router', () => {
    expect(refusal([{ kind: 'loss', p: 0.1 }], {}, 'tcp')).toBe(
      'faults[0].kind: expected no faults in tcp mode without --topology router (the router applies them; add --topology router or use --mode virtual), got "loss" (string)',
    );
  });

  it('takes every fault kind in tcp mode with the router: per copy and per process', () => {
    const perCopy = [
      { kind: 'loss', p: 0.1 },
      { kind: 'duplicate', p: 0.1 },
      { kind: 'delay', extraMs: 5 },
      { kind: 'partition', groups: [[0]], atSec: 1, oneWay: true },
      { kind: 'corrupt-clock', machine: 0, add: 5 },
    ];
    expect(load(perCopy, {}, 'tcp-router')).toHaveLength(5);
    // The process faults too: the launcher and the machines apply those.
    const perProcess = [
      { kind: 'crash', machine: 1, atSec: 5 },
      { kind: 'restart', machine: 1, atSec: 8, clock: 'reset' },
      { kind: 'pause', machine: 2, atSec: 1, untilSec: 3 },
      { kind: 'rate', machine: 0, atSec: 2, rateHz: 1 },
    ];
    expect(load([...perCopy, ...perProcess], {}, 'tcp-router')).toHaveLength(9);
  });

  it('names the flag of an appended fault, and the file for its own', () => {
    const path = join(dir, 's.json');
    writeFileSync(
      path,
      JSON.stringify({ rates: [4, 2, 1], faults: [{ kind: 'crash', machine: 1, atSec: 5 }] }),
    );
    const appended = [{ typed: '--crash 1@6', fault: { kind: 'crash', machine: 1, atSec: 6 } }];
    expect(() => loadScenario(path, { values: {}, flags: {}, appendedFaults: appended })).toThrow(
      '--crash 1@6 (faults[1].atSec): expected a crash of a machine that is up (machine 1 is down since 5 s, faults[0]), got 6 (number)',
    );
    const restart = [{ typed: '--restart 1@8', fault: { kind: 'restart', machine: 1, atSec: 8 } }];
    const loaded = loadScenario(path, { values: {}, flags: {}, appendedFaults: restart });
    expect(loaded.file.faults).toEqual([
      { kind: 'crash', machine: 1, atSec: 5 },
      { kind: 'restart', machine: 1, atSec: 8 },
    ]);
  });

  it("names the flag whose entry clashes with the file's, where the refusal is the file's", () => {
    const path = join(dir, 'restarted.json');
    const restartAt30 = { kind: 'restart', machine: 1, atSec: 30 };
    writeFileSync(
      path,
      JSON.stringify({
        rates: [4, 2, 1],
        faults: [{ kind: 'crash', machine: 1, atSec: 20 }, restartAt30],
      }),
    );
    // The flag's restart at 25 s comes first in time: the file's at 30 s is the one refused,
    // and the line says which flag brought the machine up (it said only "no crash before it").
    const restart = [
      { typed: '--restart 1@25', fault: { kind: 'restart', machine: 1, atSec: 25 } },
    ];
    expect(() => loadScenario(path, { values: {}, flags: {}, appendedFaults: restart })).toThrow(
      `${path}: faults[1].atSec: expected a restart of a machine that is down (machine 1 is up again since 25 s: --restart 1@25 restarted it), got 30 (number)`,
    );
  });
});
