/**
 * OwnClocks counts a machine's earlier values equal to each new one exactly as a plain count of
 * every value seen would, for any history of climbs, repeats (persisted restarts) and resets,
 * whatever is forgotten below a rising floor (values under it are never asked for again).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OwnClocks } from '../../../core/causality/own-clocks.js';

/** A machine's clocks: climbs by steps of 0 (a repeat) or more, and resets to 0..3. */
const history = fc.array(
  fc.oneof(
    { weight: 8, arbitrary: fc.integer({ min: 0, max: 4 }).map((step) => ({ step })) },
    { weight: 1, arbitrary: fc.integer({ min: 0, max: 3 }).map((reset) => ({ reset })) },
  ),
  { maxLength: 600 },
);

describe('OwnClocks', () => {
  it('counts each value earlier seen as a plain count does, under a rising floor', () => {
    fc.assert(
      fc.property(history, fc.integer({ min: 0, max: 40 }), (moves, lag) => {
        const own = new OwnClocks();
        const seen = new Map<number, number>();
        let clock = 1;
        let floor = 0;
        for (const move of moves) {
          clock = 'step' in move ? clock + move.step : move.reset;
          // The tracker only asks about values at or above its floor, which only rises.
          floor = Math.max(floor, clock - lag - 10);
          if (clock < floor) continue;
          expect(own.countThenAdd(clock, floor)).toBe(seen.get(clock) ?? 0);
          seen.set(clock, (seen.get(clock) ?? 0) + 1);
        }
      }),
      { numRuns: 300 },
    );
  });
});
