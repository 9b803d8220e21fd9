/**
 * Draws the selection over the diagram: its causal past and future, the concurrent-earlier
 * events, the critical chain as a path, the selected event's own messages as bold arrows
 * (drawn at any zoom, unlike the other arrows), and a ring on the event. A set larger than
 * what can be told apart is drawn as marked pixel columns per lane, so a cone of 1 M events
 * costs one pass over its indices, not 1 M shapes.
 */
import type { RunView } from '../model/run-view.js';
import { addArrow } from './diagram-draw.js';
import { type DiagramScene, isOnScreen, xOfEvent, yOfEvent } from './diagram-scene.js';
import { laneMiddlePx } from './lane-layout.js';
import { axisValue } from '../model/viewport.js';

export const highlightColors = {
  past: '#1565c0',
  future: '#ef6c00',
  concurrent: '#8e24aa',
  chain: '#d81b60',
  selected: '#111111',
} as const;

/** Sets up to this size are drawn event by event; larger ones as marked columns. */
const dotSetLimit = 4000;

export function drawHighlights(ctx: CanvasRenderingContext2D, scene: DiagramScene): void {
  const highlight = scene.highlight;
  if (highlight === null) return;
  if (highlight.concurrent !== null)
    markSet(ctx, scene, highlight.concurrent, highlightColors.concurrent, 0.32);
  if (highlight.past !== null) markSet(ctx, scene, highlight.past, highlightColors.past, 0.5);
  if (highlight.future !== null) markSet(ctx, scene, highlight.future, highlightColors.future, 0.5);
  drawOwnMessages(ctx, scene, highlight.selected);
  drawChain(ctx, scene, highlight.chain);
  const y = yOfEvent(scene, highlight.selected);
  if (y !== null && isOnScreen(scene, highlight.selected)) {
    const x = xOfEvent(scene, highlight.selected);
    ctx.lineWidth = 2.5;
    ctx.strokeStyle = '#ffffff';
    ctx.beginPath();
    ctx.arc(x, y, 8, 0, 2 * Math.PI);
    ctx.stroke();
    ctx.lineWidth = 1.5;
    ctx.strokeStyle = highlightColors.selected;
    ctx.stroke();
    ctx.lineWidth = 1;
  }
}

/** `size` is the share of the lane's height a mark takes. */
function markSet(
  ctx: CanvasRenderingContext2D,
  scene: DiagramScene,
  indices: Int32Array,
  color: string,
  size: number,
): void {
  ctx.fillStyle = color;
  if (indices.length > dotSetLimit) {
    markColumns(ctx, scene, indices, size);
    return;
  }
  const half = Math.max(3, Math.min(6, scene.geometry.layout.laneHeightPx * size * 0.35));
  const path = new Path2D();
  for (const index of indices) {
    if (!isOnScreen(scene, index)) continue;
    const y = yOfEvent(scene, index) as number;
    const x = xOfEvent(scene, index);
    path.rect(x - half, y - half, 2 * half, 2 * half);
  }
  ctx.globalAlpha = 0.75;
  ctx.fill(path);
  ctx.globalAlpha = 1;
}

function markColumns(
  ctx: CanvasRenderingContext2D,
  scene: DiagramScene,
  indices: Int32Array,
  size: number,
): void {
  const { geometry, view } = scene;
  const { layout, viewport, plotWidthPx } = geometry;
  const width = Math.max(1, Math.floor(plotWidthPx));
  const marks = new Uint8Array(layout.machines.length * width);
  const scale = width / (viewport.to - viewport.from);
  for (const index of indices) {
    const lane = layout.laneOf[view.machine[index] as number] as number;
    const value = axisValue(view, viewport.axis, index);
    if (lane < 0 || value < viewport.from || value > viewport.to) continue;
    const column = Math.min(width - 1, Math.floor((value - viewport.from) * scale));
    marks[lane * width + column] = 1;
  }
  const bar = Math.max(1, layout.laneHeightPx * size);
  const path = new Path2D();
  for (let lane = 0; lane < layout.machines.length; lane += 1) {
    const top = laneMiddlePx(layout, lane) - bar / 2;
    for (let column = 0; column < width; column += 1) {
      if (marks[lane * width + column] === 1) path.rect(geometry.plotLeftPx + column, top, 1, bar);
    }
  }
  ctx.globalAlpha = 0.6;
  ctx.fill(path);
  ctx.globalAlpha = 1;
}

/** The selected event's messages: the send of a receive, the receives of a send. */
function drawOwnMessages(ctx: CanvasRenderingContext2D, scene: DiagramScene, event: number): void {
  const view: RunView = scene.view;
  const lines = new Path2D();
  const heads = new Path2D();
  const send = view.sendOf[event] as number;
  if (send >= 0) addArrow(scene, lines, heads, send, event);
  const count = view.receiveCount(event);
  for (let j = 0; j < count; j += 1) addArrow(scene, lines, heads, event, view.receiveAt(event, j));
  ctx.strokeStyle = highlightColors.selected;
  ctx.lineWidth = 2;
  ctx.stroke(lines);
  ctx.fillStyle = highlightColors.selected;
  ctx.fill(heads);
  ctx.lineWidth = 1;
}

/** The chain as a path from its start to the event (steps on hidden machines are skipped). */
function drawChain(
  ctx: CanvasRenderingContext2D,
  scene: DiagramScene,
  chain: readonly number[],
): void {
  if (chain.length < 2) return;
  const { geometry } = scene;
  const left = geometry.plotLeftPx - 50;
  const right = geometry.plotLeftPx + geometry.plotWidthPx + 50;
  const path = new Path2D();
  let open = false;
  for (let k = chain.length - 1; k >= 0; k -= 1) {
    const index = chain[k] as number;
    const y = yOfEvent(scene, index);
    if (y === null) {
      open = false;
      continue;
    }
    // Far outside the window, clamped just past its edges: the path still shows its direction.
    const x = Math.min(right, Math.max(left, xOfEvent(scene, index)));
    if (open) path.lineTo(x, y);
    else path.moveTo(x, y);
    open = true;
  }
  // Clipped to the plot: a step clamped past the window's edge points the way out of it, but
  // must not cross the lane labels to the left of the plot (it did, in docs/figures/view.png).
  ctx.save();
  ctx.beginPath();
  ctx.rect(geometry.plotLeftPx, 0, geometry.plotWidthPx, ctx.canvas.height);
  ctx.clip();
  ctx.strokeStyle = highlightColors.chain;
  ctx.lineWidth = 2;
  ctx.globalAlpha = 0.8;
  ctx.stroke(path);
  ctx.restore();
}
