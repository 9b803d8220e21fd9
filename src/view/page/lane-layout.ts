/**
 * Where each machine's lane sits on the diagram's canvas: the machines shown, top to bottom in
 * id order, each a horizontal band of the same height. Pure (no DOM), so the hit-test and the
 * test hook's screen points are tested in Node.
 */

export interface LaneLayout {
  /** The machines shown, in lane order. */
  readonly machines: readonly number[];
  /** Per machine id: its lane, or -1 when hidden. */
  readonly laneOf: Int32Array;
  /** CSS px from the canvas's top to the first lane's top. */
  readonly topPx: number;
  readonly laneHeightPx: number;
  /** The canvas's CSS height: lanes, the margin above and the axis below. */
  readonly heightPx: number;
}

export const laneMargins = {
  topPx: 8,
  axisPx: 26,
  minLanePx: 14,
  maxLanePx: 56,
  /** The lanes' total height never exceeds this: 10 000 machines make thin lanes, not a canvas too tall to allocate. */
  maxLanesPx: 2400,
} as const;

/**
 * Lanes for the machines whose `shown` flag is set. They share `targetHeightPx` while each gets
 * at least minLanePx (many machines make the canvas taller, never unreadable) and at most
 * maxLanePx (two machines are not two giant bands); beyond maxLanesPx / minLanePx machines the
 * lanes get thinner instead (a fraction of a pixel for thousands: then read as a density).
 */
export function laneLayout(shown: readonly boolean[], targetHeightPx: number): LaneLayout {
  const machines: number[] = [];
  const laneOf = new Int32Array(shown.length).fill(-1);
  shown.forEach((isShown, machine) => {
    if (!isShown) return;
    laneOf[machine] = machines.length;
    machines.push(machine);
  });
  const available = targetHeightPx - laneMargins.topPx - laneMargins.axisPx;
  const share = machines.length === 0 ? laneMargins.maxLanePx : available / machines.length;
  const crowded = machines.length * laneMargins.minLanePx > laneMargins.maxLanesPx;
  const laneHeightPx = crowded
    ? laneMargins.maxLanesPx / machines.length
    : Math.floor(Math.min(laneMargins.maxLanePx, Math.max(laneMargins.minLanePx, share)));
  const heightPx = laneMargins.topPx + machines.length * laneHeightPx + laneMargins.axisPx;
  return { machines, laneOf, topPx: laneMargins.topPx, laneHeightPx, heightPx };
}

/** The y (CSS px) of a lane's middle line. */
export function laneMiddlePx(layout: LaneLayout, lane: number): number {
  return layout.topPx + (lane + 0.5) * layout.laneHeightPx;
}

/** The y of a machine's lane, or null when the machine is hidden. */
export function machineYPx(layout: LaneLayout, machine: number): number | null {
  const lane = layout.laneOf[machine];
  return lane === undefined || lane < 0 ? null : laneMiddlePx(layout, lane);
}

/** The lane under y (CSS px), or -1 outside every lane. */
export function laneAtPx(layout: LaneLayout, yPx: number): number {
  const lane = Math.floor((yPx - layout.topPx) / layout.laneHeightPx);
  return lane >= 0 && lane < layout.machines.length ? lane : -1;
}
