/**
 * The diagram's geometry without a browser: an event's x follows its value in the window, its y
 * its machine's lane; it is on screen only inside the window and on a shown lane; the count of
 * visible events is the count of events inside the window over the shown lanes.
 */
import { describe, expect, it } from 'vitest';
import { RunView } from '../../../../src/view/model/run-view.js';
import type { Viewport } from '../../../../src/view/model/viewport.js';
import { AxisOrder } from '../../../../src/view/model/visible.js';
import {
  type DiagramScene,
  isOnScreen,
  plotLeftPx,
  plotWidthOf,
  visibleEventCount,
  xOfEvent,
  yOfEvent,
} from '../../../../src/view/page/diagram-scene.js';
import { laneLayout, laneMiddlePx } from '../../../../src/view/page/lane-layout.js';
import { makeConfig, runInMemory } from '../../../helpers/memory-run.js';
import { viewRunOf } from '../../../helpers/view-run.js';

const run = runInMemory(makeConfig({ seed: 9, ratesHz: [3, 1, 2], durationSec: 10 }));
const view = RunView.fromData(viewRunOf(run.events, 3, run.config.durationUs).data);

function scene(viewport: Viewport, shown: boolean[]): DiagramScene {
  const widthPx = 1000;
  return {
    view,
    order: new AxisOrder(view, viewport.axis),
    geometry: {
      widthPx,
      heightPx: 300,
      plotLeftPx,
      plotWidthPx: plotWidthOf(widthPx),
      layout: laneLayout(shown, 300),
      viewport,
    },
    highlight: null,
    showFaults: true,
  };
}

describe('the diagram scene', () => {
  it('places events by value and lane, on screen only inside the window and on shown lanes', () => {
    const viewport: Viewport = { axis: 'time', from: 2_000_000, to: 6_000_000 };
    const drawn = scene(viewport, [true, false, true]);
    let expected = 0;
    for (let i = 0; i < view.eventCount; i += 1) {
      const timeUs = view.timeUs[i] as number;
      const machine = view.machine[i] as number;
      const inside = timeUs >= viewport.from && timeUs <= viewport.to && machine !== 1;
      expect(isOnScreen(drawn, i)).toBe(inside);
      if (inside) expected += 1;
      const share = (timeUs - viewport.from) / (viewport.to - viewport.from);
      expect(xOfEvent(drawn, i)).toBeCloseTo(plotLeftPx + share * plotWidthOf(1000), 6);
      const lane = machine === 0 ? 0 : machine === 2 ? 1 : null;
      expect(yOfEvent(drawn, i)).toBe(
        lane === null ? null : laneMiddlePx(drawn.geometry.layout, lane),
      );
    }
    expect(expected).toBeGreaterThan(10);
    expect(visibleEventCount(drawn)).toBe(expected);
  });

  it('counts every event when the window is the whole Lamport axis', () => {
    let maxClock = 0;
    for (const clock of view.clock) maxClock = Math.max(maxClock, clock);
    const drawn = scene({ axis: 'lamport', from: 0, to: maxClock + 1 }, [true, true, true]);
    expect(visibleEventCount(drawn)).toBe(view.eventCount);
  });
});
