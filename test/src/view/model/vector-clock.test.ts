/**
 * An event's vector clock read off its causal past equals the one core's rules give
 * (core/causality/vector-clock.ts), on random runs with and without faults.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { causalCone } from '../../../../src/view/model/cone.js';
import { RunView } from '../../../../src/view/model/run-view.js';
import { vectorClockOf } from '../../../../src/view/model/vector-clock.js';
import { faultedViewArbitrary, faultFreeViewArbitrary } from '../../../helpers/view-run.js';

describe('vectorClockOf', () => {
  for (const [name, runs] of [
    ['fault-free', faultFreeViewArbitrary],
    ['with faults', faultedViewArbitrary],
  ] as const) {
    it(`equals core's vector clock (${name})`, () => {
      fc.assert(
        fc.property(runs, (run) => {
          const view = RunView.fromData(run.data);
          for (let e = 0; e < view.eventCount; e += Math.max(1, Math.floor(view.eventCount / 30))) {
            const past = causalCone(view, e, 'past', 'cone');
            expect(Array.from(vectorClockOf(view, e, past))).toEqual(
              Array.from(run.vectors[e] ?? []),
            );
          }
        }),
        { numRuns: 30 },
      );
    });
  }
});
