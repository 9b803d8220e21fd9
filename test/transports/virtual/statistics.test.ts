/**
 * Over long runs the die behaves as specified: internal actions occur with probability p, sends
 * split 2:1 between "one peer" and "all peers", and the one-peer sends split evenly between the
 * peers. Bounds are six standard deviations of the binomial, so a correct implementation fails
 * about once in 10^9 runs, while a die that is off by one face (10 %) fails every time.
 */
import { describe, expect, it } from 'vitest';
import { probabilityToFraction, toEveryPeer } from '../../../core/index.js';
import { makeConfig, runInMemory } from '../../helpers/memory-run.js';

interface ActionCounts {
  actions: number;
  internal: number;
  sendOne: number;
  sendAll: number;
  perPeer: Map<string, number>;
}

function countActions(p: number, machines: number): ActionCounts {
  // All machines at the same rate, so few receives; 3 000 s gives ~10^4..10^5 actions.
  const run = runInMemory(
    makeConfig({
      seed: 2024,
      ratesHz: new Array(machines).fill(10),
      internal: probabilityToFraction(p),
      durationSec: 3000,
    }),
  );
  const counts: ActionCounts = {
    actions: 0,
    internal: 0,
    sendOne: 0,
    sendAll: 0,
    perPeer: new Map(),
  };
  for (const { machineId, event } of run.events) {
    if (event.kind === 'receive') continue;
    counts.actions += 1;
    if (event.kind === 'internal') counts.internal += 1;
    else if (event.to === toEveryPeer) counts.sendAll += 1;
    else {
      counts.sendOne += 1;
      const key = `${machineId}>${event.to}`;
      counts.perPeer.set(key, (counts.perPeer.get(key) ?? 0) + 1);
    }
  }
  return counts;
}

/** Six binomial standard deviations around n·q. */
function expectBinomial(observed: number, trials: number, q: number): void {
  const sigma = Math.sqrt(trials * q * (1 - q));
  expect(Math.abs(observed - trials * q)).toBeLessThanOrEqual(6 * sigma);
}

describe('action frequencies', () => {
  for (const p of [0.7, 0.25]) {
    it(`match p = ${p} and the 2:1 split for three machines`, () => {
      const counts = countActions(p, 3);
      expect(counts.actions).toBeGreaterThan(20_000);
      expectBinomial(counts.internal, counts.actions, p);
      const sends = counts.sendOne + counts.sendAll;
      expectBinomial(counts.sendOne, sends, 2 / 3);
      for (const [channel, count] of counts.perPeer) {
        const machine = Number(channel.split('>')[0]);
        const ofMachine = [...counts.perPeer].filter(([key]) => key.startsWith(`${machine}>`));
        const total = ofMachine.reduce((sum, [, value]) => sum + value, 0);
        expect(ofMachine).toHaveLength(2);
        expectBinomial(count, total, 1 / 2);
      }
    });
  }

  it('choose the single peer uniformly among seven peers', () => {
    const counts = countActions(0.1, 8);
    const ofMachineZero = [...counts.perPeer].filter(([key]) => key.startsWith('0>'));
    expect(ofMachineZero).toHaveLength(7);
    const total = ofMachineZero.reduce((sum, [, value]) => sum + value, 0);
    for (const [, count] of ofMachineZero) expectBinomial(count, total, 1 / 7);
  });
});

describe('tick counts', () => {
  it('give each machine rate × duration ticks', () => {
    const run = runInMemory(makeConfig({ ratesHz: [1, 2.5, 6, 3.333], durationSec: 600 }));
    expect(run.result.machines.map((machine) => machine.events)).toEqual([600, 1500, 3600, 1999]);
  });
});
