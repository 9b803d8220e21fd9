/**
 * What the page shows for a selected event, computed in slices: stepped with a small budget it
 * ends with the same sets as the model computed at once (the cone in both modes, the
 * concurrent-earlier events) and with the event's vector clock by core's rules; the direct sets
 * are known at once, the cone ones only when done; the chain is the model's.
 */
import { describe, expect, it } from 'vitest';
import { concurrentEarlier } from '../../../../src/view/model/concurrent-earlier.js';
import { causalCone } from '../../../../src/view/model/cone.js';
import { criticalChainIndices } from '../../../../src/view/model/critical-chain.js';
import { RunView } from '../../../../src/view/model/run-view.js';
import { Selection } from '../../../../src/view/page/selection.js';
import { makeConfig, runInMemory } from '../../../helpers/memory-run.js';
import { viewRunOf } from '../../../helpers/view-run.js';

const run = runInMemory(makeConfig({ seed: 5, ratesHz: [4, 1, 2], durationSec: 15 }));
const { data, vectors } = viewRunOf(run.events, 3, run.config.durationUs);
const view = RunView.fromData(data);

function stepToEnd(selection: Selection, budget: number): number {
  let steps = 0;
  while (!selection.step(budget)) steps += 1;
  return steps;
}

describe('Selection', () => {
  it('ends, in small slices, with the model sets and core vector clock', () => {
    for (const event of [0, 7, Math.floor(view.eventCount / 2), view.eventCount - 1]) {
      const selection = new Selection(view, event);
      expect(selection.done).toBe(false);
      expect(selection.past('cone')).toBeNull();
      expect(selection.past('direct')).toEqual(causalCone(view, event, 'past', 'direct'));
      expect(stepToEnd(selection, 5)).toBeGreaterThan(1);
      expect(selection.done).toBe(true);
      const past = causalCone(view, event, 'past', 'cone');
      expect(selection.past('cone')).toEqual(past);
      expect(selection.future('cone')).toEqual(causalCone(view, event, 'future', 'cone'));
      expect(selection.future('direct')).toEqual(causalCone(view, event, 'future', 'direct'));
      expect(selection.concurrent?.indices).toEqual(concurrentEarlier(view, event, past).indices);
      expect(Array.from(selection.vectorClock ?? [])).toEqual(Array.from(vectors[event] ?? []));
      expect(selection.chainIndices()).toEqual(criticalChainIndices(view, event));
    }
  });

  it("has a chain as long as the event's Lamport clock on a fault-free run", () => {
    const last = view.eventCount - 1;
    expect(new Selection(view, last).chain).toHaveLength(view.clock[last] as number);
  });
});
