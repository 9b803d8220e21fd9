/**
 * The diagram's axis and the part of it on screen. A viewport is a range [from, to] of axis
 * values (µs of time, or Lamport clock values) inside [0, extent]; zoom and pan keep it inside
 * and never narrower than the axis's smallest span, so a wheel can neither lose the run nor
 * divide by zero.
 */
import type { RunView } from './run-view.js';

export type Axis = 'time' | 'lamport';

export interface Viewport {
  readonly axis: Axis;
  readonly from: number;
  readonly to: number;
}

/** The narrowest viewport: 10 µs of time (TCP events can be µs apart), 2 clock values. */
export const minSpanOf: Readonly<Record<Axis, number>> = { time: 10, lamport: 2 };

/** The value an event is drawn at on the axis. */
export function axisValue(view: RunView, axis: Axis, index: number): number {
  return axis === 'time' ? (view.timeUs[index] as number) : (view.clock[index] as number);
}

/** The axis's whole length: the run's duration (or its last event), or the largest clock + 1. */
export function axisExtent(view: RunView, axis: Axis): number {
  let last = 0;
  const values = axis === 'time' ? view.timeUs : view.clock;
  for (let i = 0; i < values.length; i += 1)
    if ((values[i] as number) > last) last = values[i] as number;
  const extent = axis === 'time' ? Math.max(view.durationUs, last) : last + 1;
  return Math.max(extent, minSpanOf[axis]);
}

export function wholeViewport(axis: Axis, extent: number): Viewport {
  return { axis, from: 0, to: extent };
}

/** Kept inside [0, extent], at least the axis's smallest span wide, at most the extent. */
export function clampViewport(viewport: Viewport, extent: number): Viewport {
  const span = Math.min(extent, Math.max(minSpanOf[viewport.axis], viewport.to - viewport.from));
  const from = Math.min(Math.max(0, viewport.from), extent - span);
  return { axis: viewport.axis, from, to: from + span };
}

/** Zoomed by `factor` (< 1 zooms in) about `aboutValue`, which stays where it was on screen. */
export function zoomAbout(
  viewport: Viewport,
  extent: number,
  factor: number,
  aboutValue: number,
): Viewport {
  const span = viewport.to - viewport.from;
  const share = span > 0 ? (aboutValue - viewport.from) / span : 0.5;
  const wanted = Math.min(extent, Math.max(minSpanOf[viewport.axis], span * factor));
  const from = aboutValue - share * wanted;
  return clampViewport({ axis: viewport.axis, from, to: from + wanted }, extent);
}

/** Dragged `deltaPx` to the right (content follows the pointer: earlier values come into view). */
export function panByPixels(
  viewport: Viewport,
  extent: number,
  deltaPx: number,
  widthPx: number,
): Viewport {
  const shift = (deltaPx / widthPx) * (viewport.to - viewport.from);
  return clampViewport(
    { axis: viewport.axis, from: viewport.from - shift, to: viewport.to - shift },
    extent,
  );
}

export function valueToX(viewport: Viewport, value: number, widthPx: number): number {
  return ((value - viewport.from) / (viewport.to - viewport.from)) * widthPx;
}

export function xToValue(viewport: Viewport, xPx: number, widthPx: number): number {
  return viewport.from + (xPx / widthPx) * (viewport.to - viewport.from);
}
