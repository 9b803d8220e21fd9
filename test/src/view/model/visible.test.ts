/**
 * The events inside a viewport, per machine, found by binary search, are the ones a filter over
 * every event finds: on the time axis and on the lamport axis, where a reset restart sends a
 * machine's clock down (random faulted runs have them).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RunView } from '../../../../src/view/model/run-view.js';
import { type Axis, axisExtent, axisValue } from '../../../../src/view/model/viewport.js';
import { AxisOrder } from '../../../../src/view/model/visible.js';
import { faultedViewArbitrary } from '../../../helpers/view-run.js';

describe('AxisOrder', () => {
  it('finds exactly the events inside a viewport, on both axes', () => {
    fc.assert(
      fc.property(
        faultedViewArbitrary,
        fc.constantFrom<Axis>('time', 'lamport'),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (run, axis, a, b) => {
          const view = RunView.fromData(run.data);
          const order = new AxisOrder(view, axis);
          const length = axisExtent(view, axis);
          const from = Math.min(a, b) * length;
          const to = Math.max(a, b) * length;
          for (let m = 0; m < view.machineCount; m += 1) {
            const { start, end } = view.machineRange(m);
            const expected: number[] = [];
            for (let i = start; i < end; i += 1) {
              const value = axisValue(view, axis, i);
              if (value >= from && value <= to) expected.push(i);
            }
            const range = order.visibleRange(m, { axis, from, to });
            const found = Array.from(order.order.subarray(range.start, range.end)).sort(
              (x, y) => x - y,
            );
            expect(found).toEqual(expected);
            for (let p = range.start; p < range.end; p += 1)
              expect(order.values[p]).toBe(axisValue(view, axis, order.order[p] as number));
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('orders a machine by clock after its clock went down (the check is not vacuous)', () => {
    let reordered = 0;
    fc.assert(
      fc.property(faultedViewArbitrary, (run) => {
        const view = RunView.fromData(run.data);
        const order = new AxisOrder(view, 'lamport');
        for (let p = 0; p < view.eventCount; p += 1) if (order.order[p] !== p) reordered += 1;
        for (let m = 0; m < view.machineCount; m += 1) {
          const { start, end } = view.machineRange(m);
          for (let p = start + 1; p < end; p += 1)
            expect(order.values[p]).toBeGreaterThanOrEqual(order.values[p - 1] as number);
        }
      }),
      { numRuns: 60 },
    );
    expect(reordered).toBeGreaterThan(0);
  });
});
