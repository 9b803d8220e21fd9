/**
 * Zoomed-out lanes: per pixel column, how many of the machine's events fall in it; the columns
 * add up to the events in the viewport and each event is in the column of its x.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { densityColumns, densityMax } from '../../../../src/view/model/density.js';
import { RunView } from '../../../../src/view/model/run-view.js';
import { type Axis, axisExtent, axisValue, valueToX } from '../../../../src/view/model/viewport.js';
import { AxisOrder } from '../../../../src/view/model/visible.js';
import { faultedViewArbitrary } from '../../../helpers/view-run.js';

describe('densityColumns', () => {
  it('counts each visible event in the column of its x', () => {
    fc.assert(
      fc.property(
        faultedViewArbitrary,
        fc.constantFrom<Axis>('time', 'lamport'),
        fc.integer({ min: 1, max: 300 }),
        fc.double({ min: 0, max: 0.5, noNaN: true }),
        (run, axis, widthPx, cut) => {
          const view = RunView.fromData(run.data);
          const order = new AxisOrder(view, axis);
          const length = axisExtent(view, axis);
          const viewport = { axis, from: cut * length, to: length * (1 - cut / 2) };
          const lanes: Uint32Array[] = [];
          for (let m = 0; m < view.machineCount; m += 1) {
            const expected = new Uint32Array(widthPx);
            const { start, end } = view.machineRange(m);
            for (let i = start; i < end; i += 1) {
              const value = axisValue(view, axis, i);
              if (value < viewport.from || value > viewport.to) continue;
              const column = Math.min(widthPx - 1, Math.floor(valueToX(viewport, value, widthPx)));
              expected[column] = (expected[column] as number) + 1;
            }
            const counts = densityColumns(order, m, viewport, widthPx);
            expect(Array.from(counts)).toEqual(Array.from(expected));
            lanes.push(counts);
          }
          expect(densityMax(lanes)).toBe(Math.max(0, ...lanes.flatMap((lane) => Array.from(lane))));
        },
      ),
      { numRuns: 50 },
    );
  });
});
