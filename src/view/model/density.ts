/**
 * Zoomed out, a lane has more events than pixels: the page draws how many fall in each pixel
 * column instead of dots that would all overlap.
 */

import type { Viewport } from './viewport.js';
import type { AxisOrder } from './visible.js';

/** Per pixel column of the lane (widthPx of them), how many of the machine's events it holds. */
export function densityColumns(
  order: AxisOrder,
  machine: number,
  viewport: Viewport,
  widthPx: number,
): Uint32Array {
  const columns = Math.max(1, Math.floor(widthPx));
  const counts = new Uint32Array(columns);
  const { start, end } = order.visibleRange(machine, viewport);
  const span = viewport.to - viewport.from;
  for (let p = start; p < end; p += 1) {
    // The same arithmetic as valueToX, so an event is counted in the column it is drawn in.
    const column = Math.floor((((order.values[p] as number) - viewport.from) / span) * columns);
    // The event exactly at `to` belongs to the last column.
    const at = column >= columns ? columns - 1 : column;
    counts[at] = (counts[at] as number) + 1;
  }
  return counts;
}

/** The largest count of some lanes' columns: the page scales the shading by it. */
export function densityMax(lanes: readonly Uint32Array[]): number {
  let max = 0;
  for (const lane of lanes) for (const count of lane) if (count > max) max = count;
  return max;
}
