/**
 * Which fault the pointer is on, for the diagram's tooltip: a mark within a few pixels (the
 * nearest), else a shaded span whose band holds the pointer. Faults are drawn on the time axis
 * only, so on the Lamport axis none is found. Pure (no DOM).
 */
import type { FaultMark } from '../model/run-view.js';
import { type DiagramGeometry, xOfValue } from './diagram-scene.js';
import { laneAtPx } from './lane-layout.js';

const markRadiusPx = 6;

export function faultAt(
  faults: readonly FaultMark[],
  geometry: DiagramGeometry,
  xPx: number,
  yPx: number,
): FaultMark | null {
  if (geometry.viewport.axis !== 'time') return null;
  const lane = laneAtPx(geometry.layout, yPx);
  if (lane < 0) return null;
  const machine = geometry.layout.machines[lane] as number;
  let best: FaultMark | null = null;
  let bestDistance = markRadiusPx;
  for (const fault of faults) {
    if (fault.kind !== 'mark' || fault.machine !== machine) continue;
    const distance = Math.abs(xOfValue(geometry, fault.atUs) - xPx);
    if (distance <= bestDistance) {
      best = fault;
      bestDistance = distance;
    }
  }
  if (best !== null) return best;
  for (const fault of faults) {
    if (fault.kind !== 'span' || !fault.machines.includes(machine)) continue;
    const x0 = xOfValue(geometry, fault.fromUs);
    const x1 = xOfValue(geometry, fault.untilUs);
    if (xPx >= x0 && xPx <= x1) return fault;
  }
  return null;
}
