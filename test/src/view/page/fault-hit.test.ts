/**
 * The fault under the pointer: the nearest mark of the lane's machine within a few pixels,
 * else a span holding that machine and that x; nothing off the lanes, on hidden machines' marks,
 * or on the Lamport axis (faults are not drawn there).
 */
import { describe, expect, it } from 'vitest';
import type { FaultMark } from '../../../../src/view/model/run-view.js';
import type { Viewport } from '../../../../src/view/model/viewport.js';
import { type DiagramGeometry, plotLeftPx } from '../../../../src/view/page/diagram-scene.js';
import { faultAt } from '../../../../src/view/page/fault-hit.js';
import { laneLayout, laneMiddlePx } from '../../../../src/view/page/lane-layout.js';

const faults: FaultMark[] = [
  { kind: 'mark', what: 'drop', machine: 1, peer: 0, atUs: 2_000_000, label: 'dropped 0-5' },
  { kind: 'mark', what: 'crash', machine: 1, peer: null, atUs: 2_030_000, label: 'crash of 1' },
  {
    kind: 'span',
    what: 'partition',
    machines: [0, 1],
    fromUs: 5_000_000,
    untilUs: 6_000_000,
    label: 'partition 0|1+2',
  },
];

/** 1 px = 10 ms: a plot 1000 px wide over 10 s. */
function geometry(axis: Viewport['axis'], shown = [true, true, true]): DiagramGeometry {
  return {
    widthPx: 1000 + plotLeftPx,
    heightPx: 200,
    plotLeftPx,
    plotWidthPx: 1000,
    layout: laneLayout(shown, 200),
    viewport: { axis, from: 0, to: 10_000_000 },
  };
}

const xAt = (timeUs: number) => plotLeftPx + timeUs / 10_000;

describe('faultAt', () => {
  it('finds the nearest mark of the lane within a few pixels, else a span', () => {
    const g = geometry('time');
    const lane1 = laneMiddlePx(g.layout, 1);
    expect(faultAt(faults, g, xAt(2_000_000) + 1, lane1)?.label).toBe('dropped 0-5');
    expect(faultAt(faults, g, xAt(2_030_000) - 1, lane1)?.label).toBe('crash of 1');
    expect(faultAt(faults, g, xAt(2_100_000), lane1)).toBeNull();
    expect(faultAt(faults, g, xAt(5_500_000), lane1)?.label).toBe('partition 0|1+2');
    expect(faultAt(faults, g, xAt(5_500_000), laneMiddlePx(g.layout, 2))).toBeNull();
    expect(faultAt(faults, g, xAt(2_000_000), laneMiddlePx(g.layout, 0))).toBeNull();
  });

  it('finds nothing off the lanes, on the Lamport axis, or on a hidden machine', () => {
    const g = geometry('time');
    expect(faultAt(faults, g, xAt(2_000_000), g.heightPx + 5)).toBeNull();
    expect(
      faultAt(faults, geometry('lamport'), xAt(2_000_000), laneMiddlePx(g.layout, 1)),
    ).toBeNull();
    // Machine 1 hidden: its lane is machine 2's now, which has no mark there.
    const hidden = geometry('time', [true, false, true]);
    expect(faultAt(faults, hidden, xAt(2_000_000), laneMiddlePx(hidden.layout, 1))).toBeNull();
  });
});
