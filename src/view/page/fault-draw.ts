/**
 * A run's faults on the diagram (time axis): partitions, pauses and down time as shaded spans
 * over the lanes of the machines they held, crashes, restarts, drops and the other instant
 * faults as marks on their machine's lane. Marks in the window beyond a few thousand would be a
 * smear: the first ones are drawn, the fault list below the diagram has them all.
 */
import type { FaultMark } from '../model/run-view.js';
import { type DiagramScene, xOfValue } from './diagram-scene.js';
import { laneMiddlePx } from './lane-layout.js';

const spanColors: Readonly<Record<string, string>> = {
  partition: 'rgba(255, 179, 0, 0.20)',
  pause: 'rgba(92, 107, 192, 0.18)',
  down: 'rgba(198, 40, 40, 0.16)',
};
const markColors: Readonly<Record<string, string>> = {
  crash: '#b71c1c',
  restart: '#2e7d32',
  drop: '#d32f2f',
  duplicate: '#6a1b9a',
  delay: '#ef6c00',
  corrupt: '#000000',
  rate: '#00838f',
};
const markLimit = 3000;

export function drawFaultSpans(ctx: CanvasRenderingContext2D, scene: DiagramScene): void {
  if (!scene.showFaults) return;
  const { geometry } = scene;
  const { layout, viewport } = geometry;
  for (const fault of scene.view.faults) {
    if (fault.kind !== 'span' || fault.untilUs < viewport.from || fault.fromUs > viewport.to)
      continue;
    const x0 = Math.max(geometry.plotLeftPx, xOfValue(geometry, fault.fromUs));
    const x1 = Math.min(
      geometry.plotLeftPx + geometry.plotWidthPx,
      xOfValue(geometry, fault.untilUs),
    );
    ctx.fillStyle = spanColors[fault.what] ?? 'rgba(120, 120, 120, 0.15)';
    for (const machine of fault.machines) {
      const lane = layout.laneOf[machine] ?? -1;
      if (lane < 0) continue;
      ctx.fillRect(
        x0,
        layout.topPx + lane * layout.laneHeightPx,
        Math.max(1, x1 - x0),
        layout.laneHeightPx,
      );
    }
  }
}

export function drawFaultMarks(ctx: CanvasRenderingContext2D, scene: DiagramScene): void {
  if (!scene.showFaults) return;
  const { geometry } = scene;
  const { layout, viewport } = geometry;
  let drawn = 0;
  ctx.lineWidth = 1.5;
  for (const fault of scene.view.faults) {
    if (fault.kind !== 'mark' || fault.atUs < viewport.from || fault.atUs > viewport.to) continue;
    const lane = layout.laneOf[fault.machine] ?? -1;
    if (lane < 0) continue;
    drawMark(
      ctx,
      fault,
      xOfValue(geometry, fault.atUs),
      laneMiddlePx(layout, lane),
      layout.laneHeightPx,
    );
    drawn += 1;
    if (drawn >= markLimit) break;
  }
  ctx.lineWidth = 1;
}

/** A cross for a lost or broken message, a bar for a crash or restart, a tick for the rest. */
function drawMark(
  ctx: CanvasRenderingContext2D,
  fault: Extract<FaultMark, { kind: 'mark' }>,
  x: number,
  y: number,
  laneHeightPx: number,
): void {
  const half = Math.max(3, laneHeightPx * 0.3);
  ctx.strokeStyle = markColors[fault.what] ?? '#555';
  ctx.beginPath();
  if (fault.what === 'drop' || fault.what === 'corrupt') {
    ctx.moveTo(x - 4, y - 4);
    ctx.lineTo(x + 4, y + 4);
    ctx.moveTo(x + 4, y - 4);
    ctx.lineTo(x - 4, y + 4);
  } else if (fault.what === 'crash' || fault.what === 'restart') {
    ctx.moveTo(x, y - half);
    ctx.lineTo(x, y + half);
  } else {
    ctx.moveTo(x, y - half);
    ctx.lineTo(x, y - half / 3);
  }
  ctx.stroke();
}
