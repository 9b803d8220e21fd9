/**
 * Goal: a run without a fault recorder (no faults.csv) counts its rows without building them
 * (fault-tally.ts, FaultCounter), and its tally must still be exactly the one counted from the
 * evidence of the same run with a recorder: same `fired`, drops by reason, duplicates and
 * restarts. The run holds every per-copy row kind (corrupt, loss, partition, delay, duplicate)
 * and crash drops both from the inbox and at arrival.
 */
import { describe, expect, it } from 'vitest';
import { probabilityToFraction } from '../../../core/index.js';
import type { FaultEvidence } from '../../../transports/fault-config.js';
import type { RunConfig } from '../../../transports/run-config.js';
import { seededRngFactory } from '../../../transports/seeded-rng.js';
import { runVirtual } from '../../../transports/virtual/simulation.js';
import { allMachines, faultList, secUs, wholeRun } from '../../helpers/faulted-run.js';
import { makeConfig } from '../../helpers/memory-run.js';

function everyCopyRowConfig(): RunConfig {
  const all = allMachines(3);
  return {
    ...makeConfig({ ratesHz: [3, 5, 7], internal: probabilityToFraction(0.3), durationSec: 60 }),
    faults: faultList([
      { kind: 'loss', p: probabilityToFraction(0.2), from: all, to: all, ...wholeRun },
      { kind: 'duplicate', p: probabilityToFraction(0.2), from: all, to: all, ...wholeRun },
      { kind: 'delay', extraUs: 700_000, from: all, to: [1], ...wholeRun },
      {
        kind: 'partition',
        groups: [[0], [1, 2]],
        oneWay: false,
        atUs: secUs(10),
        untilUs: secUs(20),
      },
      { kind: 'crash', machine: 1, atUs: secUs(25), inbox: 'drop' },
      { kind: 'restart', machine: 1, atUs: secUs(30), clock: { kind: 'persisted' } },
      {
        kind: 'corrupt-clock',
        machine: 2,
        atUs: secUs(35),
        untilUs: secUs(45),
        countMax: null,
        change: { kind: 'add', by: 50 },
      },
    ]),
  };
}

describe('the fault tally without a recorder', () => {
  it('equals the tally counted from the evidence of the same run', () => {
    const config = everyCopyRowConfig();
    const evidence: FaultEvidence[] = [];
    const recorded = runVirtual(config, {
      sink: { record: () => {} },
      rngFor: seededRngFactory(config.seed),
      faultRecorder: { record: (row) => evidence.push(row) },
    });
    const counted = runVirtual(config, {
      sink: { record: () => {} },
      rngFor: seededRngFactory(config.seed),
    });
    // The run really has every row the counting path replaces.
    const actions = new Set(
      evidence.map((row) => (row.action === 'drop' ? row.reason : row.action)),
    );
    for (const action of ['corrupt', 'loss', 'partition', 'crash', 'delay', 'duplicate'])
      expect(actions).toContain(action);
    expect(counted.faults).toEqual(recorded.faults);
    expect(counted.events).toBe(recorded.events);
  });
});
