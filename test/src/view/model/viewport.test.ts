/**
 * Zoom and pan keep the viewport inside [0, extent] and at least the axis's smallest span; a
 * zoom keeps the value under the pointer where it was (unless that would leave the run); x and
 * value convert back and forth.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Axis,
  clampViewport,
  minSpanOf,
  panByPixels,
  type Viewport,
  valueToX,
  xToValue,
  zoomAbout,
} from '../../../../src/view/model/viewport.js';

const axis = fc.constantFrom<Axis>('time', 'lamport');
const extent = fc.integer({ min: 10, max: 10 ** 12 });
const viewportIn = (axisName: Axis, length: number): fc.Arbitrary<Viewport> =>
  fc
    .tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }))
    .map(([a, b]) =>
      clampViewport(
        { axis: axisName, from: Math.min(a, b) * length, to: Math.max(a, b) * length },
        length,
      ),
    );
const setting = fc
  .tuple(axis, extent)
  .chain(([a, length]) => fc.tuple(fc.constant(length), viewportIn(a, length)));

function expectInside(viewport: Viewport, length: number): void {
  expect(viewport.from).toBeGreaterThanOrEqual(0);
  expect(viewport.to).toBeLessThanOrEqual(length * (1 + 1e-12));
  expect(viewport.to - viewport.from).toBeGreaterThanOrEqual(
    Math.min(length, minSpanOf[viewport.axis]) * (1 - 1e-9),
  );
}

describe('viewport', () => {
  it('zooms inside the run, keeping the value under the pointer when it can', () => {
    fc.assert(
      fc.property(
        setting,
        fc.double({ min: 0.01, max: 100, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        ([length, viewport], factor, share) => {
          const about = viewport.from + share * (viewport.to - viewport.from);
          const zoomed = zoomAbout(viewport, length, factor, about);
          expectInside(zoomed, length);
          const wanted = (viewport.to - viewport.from) * factor;
          const fits = wanted >= minSpanOf[viewport.axis] && wanted <= length;
          const from = about - share * wanted;
          if (fits && from >= 0 && from + wanted <= length) {
            const before = valueToX(viewport, about, 1000);
            expect(valueToX(zoomed, about, 1000)).toBeCloseTo(before, 6);
          }
        },
      ),
    );
  });

  it('pans inside the run, and back again where nothing was clamped', () => {
    fc.assert(
      fc.property(setting, fc.integer({ min: -2000, max: 2000 }), ([length, viewport], dx) => {
        const panned = panByPixels(viewport, length, dx, 800);
        expectInside(panned, length);
        expect(panned.to - panned.from).toBeCloseTo(viewport.to - viewport.from, 3);
        const shift = (dx / 800) * (viewport.to - viewport.from);
        if (viewport.from - shift >= 0 && viewport.to - shift <= length) {
          const back = panByPixels(panned, length, -dx, 800);
          expect(back.from).toBeCloseTo(viewport.from, 3);
          // Dragging right brings earlier values into view.
          if (dx > 0) expect(panned.from).toBeLessThan(viewport.from);
        }
      }),
    );
  });

  it('converts x to a value and back', () => {
    fc.assert(
      fc.property(setting, fc.double({ min: 0, max: 1, noNaN: true }), ([, viewport], share) => {
        const value = viewport.from + share * (viewport.to - viewport.from);
        const x = valueToX(viewport, value, 1234);
        expect(x).toBeGreaterThanOrEqual(-1e-6);
        expect(x).toBeLessThanOrEqual(1234 + 1e-6);
        expect(xToValue(viewport, x, 1234)).toBeCloseTo(value, 0);
      }),
    );
  });
});
