/**
 * Draws the space-time diagram on a Canvas 2D context: lanes, the axis, each lane's events as
 * dots (when they fit) or as a density per pixel column (when there are more events than
 * pixels), and message arrows when few enough events are in the window to tell them apart.
 * Only what is inside the window is visited (binary search per lane), and shapes of one
 * colour go into one path: a frame costs what is on screen, not the run.
 */
import { densityColumns } from '../model/density.js';
import { kindCodes } from '../model/view-data.js';
import { axisValue } from '../model/viewport.js';
import { axisLabel, niceStep, ticks } from './axis-ticks.js';
import {
  type DiagramScene,
  isOnScreen,
  plotLeftPx,
  xOfEvent,
  xOfValue,
  yOfEvent,
} from './diagram-scene.js';
import { laneMiddlePx } from './lane-layout.js';

/**
 * The most events in the window for which message arrows are drawn: about 1.5 per pixel column
 * of the plot, at most 3 000. Beyond it arrows cross each other into a grey web that hides the
 * events; only the selection's own are drawn.
 */
export function arrowEventLimit(plotWidthPx: number): number {
  return Math.min(3000, Math.floor(plotWidthPx * 1.5));
}
/** A lane with more events in the window than plot pixels / this is drawn as a density. */
const pixelsPerDot = 3;

export const kindColors: readonly string[] = ['#7a7a7a', '#1f6fd1', '#1c9a4a', '#c62828'];

export interface EventsDrawn {
  readonly visible: number;
  readonly densityLanes: number;
}

export function drawLanes(ctx: CanvasRenderingContext2D, scene: DiagramScene): void {
  const { geometry } = scene;
  const { layout } = geometry;
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, geometry.widthPx, geometry.heightPx);
  ctx.font = '11px system-ui, sans-serif';
  ctx.textBaseline = 'middle';
  // Thin lanes (hundreds of machines) get no band or line, and a label every few lanes.
  const thin = layout.laneHeightPx < 6;
  const labelEvery = Math.max(1, Math.ceil(12 / layout.laneHeightPx));
  layout.machines.forEach((machine, lane) => {
    const top = layout.topPx + lane * layout.laneHeightPx;
    const y = laneMiddlePx(layout, lane);
    if (!thin) {
      if (lane % 2 === 1) {
        ctx.fillStyle = '#f6f7f9';
        ctx.fillRect(0, top, geometry.widthPx, layout.laneHeightPx);
      }
      ctx.strokeStyle = '#d5d9e0';
      ctx.beginPath();
      ctx.moveTo(plotLeftPx, y);
      ctx.lineTo(geometry.plotLeftPx + geometry.plotWidthPx, y);
      ctx.stroke();
    }
    if (lane % labelEvery === 0) {
      ctx.fillStyle = '#333';
      ctx.fillText(`M${machine}`, 6, y);
    }
  });
}

export function drawAxis(ctx: CanvasRenderingContext2D, scene: DiagramScene): void {
  const { geometry } = scene;
  const { viewport, layout } = geometry;
  const axisY = layout.topPx + layout.machines.length * layout.laneHeightPx + 1;
  const target = Math.max(2, Math.floor(geometry.plotWidthPx / 110));
  const step = niceStep(viewport.to - viewport.from, target);
  ctx.strokeStyle = '#9aa1ab';
  ctx.fillStyle = '#444';
  ctx.font = '11px system-ui, sans-serif';
  ctx.textBaseline = 'top';
  ctx.textAlign = 'center';
  ctx.beginPath();
  ctx.moveTo(geometry.plotLeftPx, axisY);
  ctx.lineTo(geometry.plotLeftPx + geometry.plotWidthPx, axisY);
  for (const value of ticks(viewport.from, viewport.to, target, viewport.axis === 'lamport')) {
    const x = xOfValue(geometry, value);
    ctx.moveTo(x, axisY);
    ctx.lineTo(x, axisY + 4);
    ctx.fillText(axisLabel(viewport.axis, value, Math.max(step, 1)), x, axisY + 6);
  }
  ctx.stroke();
  ctx.textAlign = 'start';
}

/** Every shown lane's events in the window: dots, or a density when they outnumber pixels. */
export function drawEvents(ctx: CanvasRenderingContext2D, scene: DiagramScene): EventsDrawn {
  const { geometry, order } = scene;
  const { layout, viewport } = geometry;
  const dotLimit = geometry.plotWidthPx / pixelsPerDot;
  const radius = Math.max(1, Math.min(4, layout.laneHeightPx * 0.16));
  // Thin lanes (hundreds of machines): squares, several times cheaper than arcs and the same at that size.
  const square = radius < 2.5;
  const paths = kindColors.map(() => new Path2D());
  const densityLanes: { lane: number; counts: Uint32Array }[] = [];
  let visible = 0;
  layout.machines.forEach((machine, lane) => {
    const { start, end } = order.visibleRange(machine, viewport);
    visible += end - start;
    if (end - start > dotLimit) {
      densityLanes.push({
        lane,
        counts: densityColumns(order, machine, viewport, geometry.plotWidthPx),
      });
      return;
    }
    const y = laneMiddlePx(layout, lane);
    for (let p = start; p < end; p += 1) {
      const index = order.order[p] as number;
      const x = xOfValue(geometry, order.values[p] as number);
      const path = paths[scene.view.kindCode[index] as number] as Path2D;
      if (square) {
        path.rect(x - radius, y - radius, 2 * radius, 2 * radius);
      } else {
        path.moveTo(x + radius, y);
        path.arc(x, y, radius, 0, 2 * Math.PI);
      }
    }
  });
  paths.forEach((path, code) => {
    ctx.fillStyle = kindColors[code] as string;
    ctx.fill(path);
  });
  drawDensity(ctx, scene, densityLanes);
  return { visible, densityLanes: densityLanes.length };
}

/** Shading levels: one path each, so a density frame is a handful of fills. */
const densityLevels = 8;

function drawDensity(
  ctx: CanvasRenderingContext2D,
  scene: DiagramScene,
  lanes: readonly { lane: number; counts: Uint32Array }[],
): void {
  if (lanes.length === 0) return;
  const { layout } = scene.geometry;
  let max = 1;
  for (const { counts } of lanes) for (const count of counts) if (count > max) max = count;
  const paths = Array.from({ length: densityLevels }, () => new Path2D());
  const barPx = Math.max(1, layout.laneHeightPx * 0.7);
  const logMax = Math.log1p(max);
  for (const { lane, counts } of lanes) {
    const top = laneMiddlePx(layout, lane) - barPx / 2;
    for (let column = 0; column < counts.length; column += 1) {
      const count = counts[column] as number;
      if (count === 0) continue;
      const level = Math.min(
        densityLevels - 1,
        Math.floor((Math.log1p(count) / logMax) * densityLevels),
      );
      (paths[level] as Path2D).rect(scene.geometry.plotLeftPx + column, top, 1, barPx);
    }
  }
  ctx.fillStyle = '#29415e';
  paths.forEach((path, level) => {
    ctx.globalAlpha = 0.18 + (0.82 * (level + 1)) / densityLevels;
    ctx.fill(path);
  });
  ctx.globalAlpha = 1;
}

/**
 * Message arrows between shown lanes, for the events in the window: each receive from its send,
 * and each send to its receives that lie outside the window (the others are drawn from their
 * receive's side), so an arrow crossing the window's edge is still drawn once.
 */
export function drawArrows(ctx: CanvasRenderingContext2D, scene: DiagramScene): void {
  const { geometry, order, view } = scene;
  const lines = new Path2D();
  const heads = new Path2D();
  for (const machine of geometry.layout.machines) {
    const { start, end } = order.visibleRange(machine, geometry.viewport);
    for (let p = start; p < end; p += 1) {
      const index = order.order[p] as number;
      const code = view.kindCode[index] as number;
      if (code === kindCodes.receive) {
        const send = view.sendOf[index] as number;
        if (send >= 0) addArrow(scene, lines, heads, send, index);
      } else if (code === kindCodes.send) {
        const count = view.receiveCount(index);
        for (let j = 0; j < count; j += 1) {
          const receive = view.receiveAt(index, j);
          if (!isOnScreen(scene, receive)) addArrow(scene, lines, heads, index, receive);
        }
      }
    }
  }
  ctx.strokeStyle = 'rgba(70, 80, 95, 0.55)';
  ctx.lineWidth = 1;
  ctx.stroke(lines);
  ctx.fillStyle = 'rgba(70, 80, 95, 0.75)';
  ctx.fill(heads);
}

/** One arrow from event `from` to event `to` (both machines must be shown), head at `to`. */
export function addArrow(
  scene: DiagramScene,
  lines: Path2D,
  heads: Path2D,
  from: number,
  to: number,
): void {
  const y0 = yOfEvent(scene, from);
  const y1 = yOfEvent(scene, to);
  if (y0 === null || y1 === null) return;
  const x0 = xOfEvent(scene, from);
  const x1 = xOfEvent(scene, to);
  lines.moveTo(x0, y0);
  lines.lineTo(x1, y1);
  const angle = Math.atan2(y1 - y0, x1 - x0);
  const size = 6;
  heads.moveTo(x1, y1);
  heads.lineTo(x1 - size * Math.cos(angle - 0.4), y1 - size * Math.sin(angle - 0.4));
  heads.lineTo(x1 - size * Math.cos(angle + 0.4), y1 - size * Math.sin(angle + 0.4));
  heads.closePath();
}

/** The axis value of an event, for callers that have only the scene. */
export function valueOfEvent(scene: DiagramScene, index: number): number {
  return axisValue(scene.view, scene.geometry.viewport.axis, index);
}
