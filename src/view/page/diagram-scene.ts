/**
 * What one frame of the space-time diagram is drawn from: the run, its order on the axis, the
 * window, the lanes, and the selection's sets. Pure geometry (no DOM): x and y of an event in
 * CSS px of the canvas, the same numbers the test hook's eventScreenPoint adds the canvas's
 * place to.
 */
import type { RunView } from '../model/run-view.js';
import { axisValue, type Viewport, valueToX } from '../model/viewport.js';
import type { AxisOrder } from '../model/visible.js';
import { type LaneLayout, machineYPx } from './lane-layout.js';

export interface DiagramGeometry {
  readonly widthPx: number;
  readonly heightPx: number;
  /** Where the plot starts (the machine labels are to its left) and how wide it is. */
  readonly plotLeftPx: number;
  readonly plotWidthPx: number;
  readonly layout: LaneLayout;
  readonly viewport: Viewport;
}

export interface HighlightSets {
  readonly selected: number;
  /** null while the full cone is being computed. */
  readonly past: Int32Array | null;
  readonly future: Int32Array | null;
  readonly chain: readonly number[];
  readonly concurrent: Int32Array | null;
}

export interface DiagramScene {
  readonly view: RunView;
  readonly order: AxisOrder;
  readonly geometry: DiagramGeometry;
  readonly highlight: HighlightSets | null;
  /** Faults are drawn on the time axis only: a span of time has no place on the clock axis. */
  readonly showFaults: boolean;
}

/** The machine labels' gutter. */
export const plotLeftPx = 46;
export const plotRightPadPx = 10;

export function plotWidthOf(widthPx: number): number {
  return Math.max(20, widthPx - plotLeftPx - plotRightPadPx);
}

/** x of a value on the axis, CSS px from the canvas's left. */
export function xOfValue(geometry: DiagramGeometry, value: number): number {
  return geometry.plotLeftPx + valueToX(geometry.viewport, value, geometry.plotWidthPx);
}

export function xOfEvent(scene: DiagramScene, index: number): number {
  return xOfValue(scene.geometry, axisValue(scene.view, scene.geometry.viewport.axis, index));
}

/** y of an event's lane, or null when its machine is hidden. */
export function yOfEvent(scene: DiagramScene, index: number): number | null {
  return machineYPx(scene.geometry.layout, scene.view.machine[index] as number);
}

/** Whether the event is drawn: its machine shown and its value inside the window. */
export function isOnScreen(scene: DiagramScene, index: number): boolean {
  const { viewport } = scene.geometry;
  const value = axisValue(scene.view, viewport.axis, index);
  return (
    value >= viewport.from &&
    value <= viewport.to &&
    (scene.geometry.layout.laneOf[scene.view.machine[index] as number] as number) >= 0
  );
}

/** The events inside the window, over the shown lanes. */
export function visibleEventCount(scene: DiagramScene): number {
  let count = 0;
  for (const machine of scene.geometry.layout.machines) {
    const { start, end } = scene.order.visibleRange(machine, scene.geometry.viewport);
    count += end - start;
  }
  return count;
}
