/**
 * Which event a click means: the one drawn nearest the pointer, within a radius. Only the lanes
 * within the radius are looked at, and in each only the events whose x is (binary search), so a
 * click costs the same on 1 M events as on 100.
 */

import { type Viewport, valueToX, xToValue } from './viewport.js';
import type { AxisOrder } from './visible.js';

export interface LaneLayout {
  readonly viewport: Viewport;
  readonly widthPx: number;
  /** The lane's y in the same pixels as the pointer, or null when the machine is hidden. */
  laneY(machine: number): number | null;
  readonly machineCount: number;
}

/** The event nearest (xPx, yPx) within radiusPx (Euclidean), or -1; ties go to the lower index. */
export function hitTest(
  order: AxisOrder,
  layout: LaneLayout,
  xPx: number,
  yPx: number,
  radiusPx: number,
): number {
  const { viewport, widthPx } = layout;
  // A pixel wider than the radius: x -> value -> x rounds, and an event exactly at the radius's
  // edge must still be measured (the distance test below is the exact one).
  const from = xToValue(viewport, xPx - radiusPx - 1, widthPx);
  const to = xToValue(viewport, xPx + radiusPx + 1, widthPx);
  let best = -1;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (let m = 0; m < layout.machineCount; m += 1) {
    const y = layout.laneY(m);
    if (y === null || Math.abs(y - yPx) > radiusPx) continue;
    const { start, end } = order.range(m, from, to);
    for (let p = start; p < end; p += 1) {
      const dx = valueToX(viewport, order.values[p] as number, widthPx) - xPx;
      const distance = Math.hypot(dx, y - yPx);
      const index = order.order[p] as number;
      if (distance > radiusPx) continue;
      if (distance < bestDistance || (distance === bestDistance && index < best)) {
        best = index;
        bestDistance = distance;
      }
    }
  }
  return best;
}
