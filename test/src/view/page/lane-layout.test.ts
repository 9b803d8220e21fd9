/**
 * The diagram's lanes: shown machines in id order, hidden ones with no lane, lanes that share
 * the target height within their bounds, and y <-> lane that agree (the hit-test and the test
 * hook's screen points depend on it).
 */
import { describe, expect, it } from 'vitest';
import {
  laneAtPx,
  laneLayout,
  laneMargins,
  laneMiddlePx,
  machineYPx,
} from '../../../../src/view/page/lane-layout.js';

describe('laneLayout', () => {
  it('gives shown machines lanes in id order and hidden ones none', () => {
    const layout = laneLayout([true, false, true, true], 300);
    expect(layout.machines).toEqual([0, 2, 3]);
    expect(Array.from(layout.laneOf)).toEqual([0, -1, 1, 2]);
    expect(machineYPx(layout, 1)).toBeNull();
    expect(machineYPx(layout, 2)).toBe(laneMiddlePx(layout, 1));
  });

  it('keeps each lane between its bounds, growing the canvas for many machines', () => {
    const few = laneLayout([true, true], 600);
    expect(few.laneHeightPx).toBe(laneMargins.maxLanePx);
    const many = laneLayout(new Array<boolean>(100).fill(true), 400);
    expect(many.laneHeightPx).toBe(laneMargins.minLanePx);
    expect(many.heightPx).toBe(
      laneMargins.topPx + 100 * laneMargins.minLanePx + laneMargins.axisPx,
    );
    const some = laneLayout(new Array<boolean>(10).fill(true), 400);
    expect(some.heightPx).toBeLessThanOrEqual(400);
    expect(some.laneHeightPx).toBeGreaterThan(laneMargins.minLanePx);
  });

  it('thins the lanes past maxLanesPx instead of growing the canvas without bound', () => {
    const thousands = laneLayout(new Array<boolean>(10_000).fill(true), 400);
    expect(thousands.laneHeightPx).toBeCloseTo(laneMargins.maxLanesPx / 10_000, 9);
    expect(thousands.heightPx).toBeCloseTo(
      laneMargins.topPx + laneMargins.maxLanesPx + laneMargins.axisPx,
      6,
    );
    expect(laneAtPx(thousands, laneMiddlePx(thousands, 7_777))).toBe(7_777);
  });

  it('finds the lane under a y, and none above, below or between none', () => {
    const layout = laneLayout([true, true, true], 300);
    for (let lane = 0; lane < 3; lane += 1) {
      expect(laneAtPx(layout, laneMiddlePx(layout, lane))).toBe(lane);
    }
    expect(laneAtPx(layout, layout.topPx - 1)).toBe(-1);
    expect(laneAtPx(layout, layout.topPx + 3 * layout.laneHeightPx + 1)).toBe(-1);
    expect(laneAtPx(laneLayout([false, false], 300), 20)).toBe(-1);
  });
});
