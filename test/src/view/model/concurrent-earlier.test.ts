/**
 * The events Lamport's order puts before e that did not happen before it: compared with the
 * pairs core's vector clocks call not-before, on random runs with and without faults.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { happenedBefore } from '../../../../core/index.js';
import { concurrentEarlier } from '../../../../src/view/model/concurrent-earlier.js';
import { causalCone } from '../../../../src/view/model/cone.js';
import { RunView } from '../../../../src/view/model/run-view.js';
import { faultedViewArbitrary, faultFreeViewArbitrary } from '../../../helpers/view-run.js';

describe('concurrentEarlier', () => {
  for (const [name, runs] of [
    ['fault-free', faultFreeViewArbitrary],
    ['with faults', faultedViewArbitrary],
  ] as const) {
    it(`is every smaller clock not in the past, by vector clocks (${name})`, () => {
      fc.assert(
        fc.property(runs, fc.nat({ max: 40 }), (run, limit) => {
          const view = RunView.fromData(run.data);
          for (let e = 0; e < view.eventCount; e += Math.max(1, Math.floor(view.eventCount / 20))) {
            const own = run.vectors[e];
            const expected = run.vectors.flatMap((vector, i) =>
              i !== e &&
              (view.clock[i] as number) < (view.clock[e] as number) &&
              own !== undefined &&
              !happenedBefore(vector, own)
                ? [i]
                : [],
            );
            const found = concurrentEarlier(view, e, causalCone(view, e, 'past', 'cone'), limit);
            expect(found.count).toBe(expected.length);
            expect(Array.from(found.indices)).toEqual(expected.slice(0, limit));
          }
        }),
        { numRuns: 30 },
      );
    });
  }

  it('finds some on a run with several machines (the check is not vacuous)', () => {
    fc.assert(
      fc.property(faultFreeViewArbitrary, (run) => {
        const view = RunView.fromData(run.data);
        const e = view.eventCount - 1;
        const found = concurrentEarlier(view, e, causalCone(view, e, 'past', 'cone'));
        return found.count >= 0;
      }),
      { numRuns: 3 },
    );
    let total = 0;
    fc.assert(
      fc.property(faultFreeViewArbitrary, (run) => {
        const view = RunView.fromData(run.data);
        for (let e = 0; e < view.eventCount; e += 7)
          total += concurrentEarlier(view, e, causalCone(view, e, 'past', 'cone')).count;
      }),
      { numRuns: 5 },
    );
    expect(total).toBeGreaterThan(0);
  });
});
