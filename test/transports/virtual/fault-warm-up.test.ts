/**
 * Goal: the warm-up a large run with faults makes first (fault-warm-up.ts) changes nothing a run
 * writes, takes every fault path, is made at most once per process, only before a run large
 * enough to pay for it, and records into a twin of the run's sink. Method: runs recorded in
 * memory before and after it, and its own run's fault tally. (This file's module state is its
 * own: vitest isolates test files.)
 */
import { describe, expect, it, vi } from 'vitest';
import { seededRngFactory } from '../../../transports/seeded-rng.js';
import {
  everyFaultKind,
  faultWarmUpConfig,
  takeFaultWarmUp,
  warmUpEventsMin,
} from '../../../transports/virtual/fault-warm-up.js';
import { runVirtual } from '../../../transports/virtual/simulation.js';
import { makeConfig, runInMemory } from '../../helpers/memory-run.js';

/** A run of `durationSec` at 1, 2 and 6 Hz with one fault of every kind. */
function faulted(durationSec: number) {
  const config = makeConfig({ seed: 9, ratesHz: [1, 2, 6], durationSec });
  return { ...config, faults: everyFaultKind(config.durationUs) };
}

describe('the fault warm-up', () => {
  it('leaves no trace: a run after it makes the same events and fault actions as before it', () => {
    const config = faulted(400);
    const before = runInMemory(config);
    runVirtual(faultWarmUpConfig(config), {
      sink: { record: () => {} },
      rngFor: seededRngFactory(1),
    });
    const after = runInMemory(config);
    expect(after.events).toEqual(before.events);
    expect(after.result).toEqual(before.result);
  });

  it('takes every fault kind: each of its faults acts at least once', () => {
    const result = runVirtual(faultWarmUpConfig(faulted(400)), {
      sink: { record: () => {} },
      rngFor: seededRngFactory(1),
    });
    expect(result.faults?.fired.every((count) => count > 0)).toBe(true);
  });

  it('is taken once per process, and only before a large run with faults', () => {
    // 9 events a second: a run just under the bound, a fault-free one, then a large one.
    const smallSec = Math.floor(warmUpEventsMin / 9) - 1;
    expect(takeFaultWarmUp(faulted(smallSec))).toBeNull();
    expect(takeFaultWarmUp({ ...faulted(smallSec * 2), faults: [] })).toBeNull();
    expect(takeFaultWarmUp(faulted(smallSec * 2))).not.toBeNull();
    expect(takeFaultWarmUp(faulted(smallSec * 2))).toBeNull();
  });

  it("records into a twin of the run's sink, when the sink makes one, never into the run's own", async () => {
    // A fresh copy of the modules: the test above took this file's one warm-up.
    vi.resetModules();
    const { VirtualSimulation } = await import('../../../transports/virtual/simulation.js');
    const twins: number[] = [];
    let twinEvents = 0;
    let ownEvents = 0;
    const sink = {
      record: () => {
        ownEvents += 1;
      },
      warmUpTwin: (machineCount: number) => {
        twins.push(machineCount);
        return {
          record: () => {
            twinEvents += 1;
          },
        };
      },
    };
    const config = faulted(2 * Math.ceil(warmUpEventsMin / 9));
    new VirtualSimulation(config, { sink, rngFor: seededRngFactory(9) });
    expect(twins).toEqual([3]);
    const warmUp = runVirtual(faultWarmUpConfig(config), {
      sink: { record: () => {} },
      rngFor: seededRngFactory(1),
    });
    expect(twinEvents).toBe(warmUp.events);
    expect(ownEvents).toBe(0);
  });
});
