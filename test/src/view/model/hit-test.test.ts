/**
 * A click finds the event drawn nearest the pointer within the radius (ties: the lower index),
 * skipping hidden lanes, or -1: compared with measuring the distance to every event.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hitTest, type LaneLayout } from '../../../../src/view/model/hit-test.js';
import { RunView } from '../../../../src/view/model/run-view.js';
import { EventColumnsBuilder, viewDataFormat } from '../../../../src/view/model/view-data.js';
import { type Axis, axisExtent, axisValue, valueToX } from '../../../../src/view/model/viewport.js';
import { AxisOrder } from '../../../../src/view/model/visible.js';
import { faultedViewArbitrary } from '../../../helpers/view-run.js';

describe('hitTest', () => {
  it('finds the event drawn nearest the pointer, within the radius, on shown lanes', () => {
    fc.assert(
      fc.property(
        faultedViewArbitrary,
        fc.constantFrom<Axis>('time', 'lamport'),
        fc.double({ min: 0, max: 0.9, noNaN: true }),
        fc.double({ min: 0.05, max: 1, noNaN: true }),
        fc.array(fc.tuple(fc.integer({ min: -10, max: 610 }), fc.integer({ min: 0, max: 200 })), {
          minLength: 5,
          maxLength: 30,
        }),
        fc.integer({ min: 1, max: 12 }),
        fc.nat(),
        (run, axis, start, share, pointers, radiusPx, hiddenMask) => {
          const view = RunView.fromData(run.data);
          const order = new AxisOrder(view, axis);
          const length = axisExtent(view, axis);
          const from = start * length;
          const viewport = { axis, from, to: from + Math.max(share * (length - from), 2) };
          const layout: LaneLayout = {
            viewport,
            widthPx: 600,
            machineCount: view.machineCount,
            laneY: (m) => ((hiddenMask >> m) & 1 ? null : 20 + m * 30),
          };
          // Aim at events too, not only at random points.
          const targets = pointers.map(([x, y], k) => {
            if (k % 2 === 0 || view.eventCount === 0) return [x, y] as const;
            const i = (x * 7919 + y) % view.eventCount;
            const laneY = layout.laneY(view.machine[i] as number) ?? y;
            return [
              valueToX(viewport, axisValue(view, axis, i), 600) + (y % 5) - 2,
              laneY + (x % 5) - 2,
            ] as const;
          });
          for (const [x, y] of targets) {
            let best = -1;
            let bestDistance = Number.POSITIVE_INFINITY;
            for (let i = 0; i < view.eventCount; i += 1) {
              const laneY = layout.laneY(view.machine[i] as number);
              if (laneY === null) continue;
              const value = axisValue(view, axis, i);
              const distance = Math.hypot(valueToX(viewport, value, 600) - x, laneY - y);
              if (distance <= radiusPx && distance < bestDistance) {
                best = i;
                bestDistance = distance;
              }
            }
            const found = hitTest(order, layout, x, y, radiusPx);
            if (best === -1) expect(found).toBe(-1);
            else {
              const laneY = layout.laneY(view.machine[found] as number) as number;
              const distance = Math.hypot(
                valueToX(viewport, axisValue(view, axis, found), 600) - x,
                laneY - y,
              );
              expect(distance).toBeCloseTo(bestDistance, 9);
              expect(found).toBe(best);
            }
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('finds an event exactly at the radius, where x -> value -> x rounds the wrong way', () => {
    const builder = new EventColumnsBuilder(1);
    builder.add({
      machine: 0,
      seq: 1,
      kind: 'internal',
      timeUs: 964,
      clock: 1,
      queue: 0,
      peers: '',
      msgSender: 0,
      msgSeq: 0,
      msgClock: 0,
    });
    const view = RunView.fromData({
      format: viewDataFormat,
      title: 'one event',
      mode: 'virtual',
      machineCount: 1,
      ratesHz: [1],
      durationUs: 3000,
      seed: null,
      completed: true,
      events: builder.build(),
      faults: [],
      summary: null,
      check: null,
      window: null,
    });
    const viewport = { axis: 'time' as const, from: 56, to: 2557 };
    const layout: LaneLayout = { viewport, widthPx: 600, machineCount: 1, laneY: () => 10 };
    const x = valueToX(viewport, 964, 600) + 2;
    expect(hitTest(new AxisOrder(view, 'time'), layout, x, 10, 2)).toBe(0);
    expect(hitTest(new AxisOrder(view, 'time'), layout, x + 0.01, 10, 2)).toBe(-1);
  });
});
