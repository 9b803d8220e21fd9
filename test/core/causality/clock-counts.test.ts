/**
 * Goal: where the counts per clock value are kept (a ring, or a Map past its largest length)
 * never changes which counts are kept, so the equal-clock figures of every run stay as they were;
 * and a value far above the others (a corrupt-clock `set` to 2^52) is counted, not refused.
 * Method: the same random calls to a ClockCounts whose ring may never grow past 4 values and to
 * one whose ring grows to 2^20, compared call by call; then the tracker fed a lie by hand.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CausalityTracker } from '../../../core/index.js';
import { ClockCounts } from '../../../core/causality/clock-counts.js';

/** One call as the tracker makes it: makeRoom when the value does not fit, then count it. */
function countAt(counts: ClockCounts, lowest: number, value: number): number | null {
  if (value < counts.low) return null;
  if (!counts.fits(value)) counts.makeRoom(Math.min(lowest, value), value);
  return counts.countThenAdd(value);
}

describe('ClockCounts', () => {
  it('gives the same counts and the same low in a Map as in a ring, call by call', () => {
    const call = fc.record({
      value: fc.oneof(fc.nat(64), fc.nat(5000), fc.constant(2 ** 40)),
      lowestBack: fc.nat(64),
    });
    fc.assert(
      fc.property(fc.array(call, { maxLength: 300 }), (calls) => {
        const sparse = new ClockCounts(4, 4);
        const dense = new ClockCounts(4, 1 << 20);
        let top = 0;
        for (const { value, lowestBack } of calls) {
          // Values never far below the highest seen, so the dense ring stays small; a 2^40 lie
          // sends it to a Map too, as it would in a real run.
          const at = value === 2 ** 40 ? value : Math.max(0, top - 64) + value;
          const lowest = Math.max(0, at - lowestBack);
          top = Math.max(top, at);
          expect(countAt(sparse, lowest, at)).toBe(countAt(dense, lowest, at));
          expect(sparse.low).toBe(dense.low);
        }
      }),
    );
  });

  it('counts repeats of a value that came back after the span grew into a Map', () => {
    const counts = new ClockCounts(4, 8);
    expect(countAt(counts, 0, 3)).toBe(0);
    expect(countAt(counts, 0, 100)).toBe(0);
    expect(countAt(counts, 0, 3)).toBe(1);
    expect(countAt(counts, 0, 100)).toBe(1);
  });
});

describe('CausalityTracker with a clock lied far above the others', () => {
  it('counts a receive at 2^52 + 1 and the equal pairs after it, without a span-sized array', () => {
    const tracker = new CausalityTracker(3);
    tracker.local(2, 1);
    tracker.send(0, 1, 1, 1);
    // The copy carried 2^52 (a corrupt-clock set): the receive jumps past it.
    tracker.receive(1, 2 ** 52 + 1, 0, 1);
    tracker.local(0, 2);
    tracker.local(1, 2 ** 52 + 2);
    tracker.send(1, 2 ** 52 + 3, 1, 1);
    tracker.receive(0, 2 ** 52 + 4, 1, 1);
    tracker.local(2, 2);
    tracker.local(1, 2 ** 52 + 4);
    // Pairs: machine 2's 1 with machine 0's 1; machine 2's 2 with machine 0's 2; machine 1's
    // 2^52 + 4 with machine 0's receive there.
    expect(tracker.stats().equalClockPairs).toBe(3);
    expect(tracker.stats().events).toBe(9);
  });
});
