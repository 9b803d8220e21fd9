/**
 * Goal: min/max downsampling never changes what a chart shows at its resolution: in every pixel
 * column the lowest and highest value survive (so a one-sample spike is never dropped), the
 * column's first and last points survive, the output is a subsequence of the input in x order,
 * and it holds at most 4 points per column. Short series come back untouched.
 * Method: properties over random sorted series (with ties in x and y, and axis ranges narrower
 * than the data, which pushes points into the end columns) against a brute-force per-column
 * oracle; examples for a spike in 100 000 points and for typed versus plain arrays.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { columnOf, downsampleMinMax, pointsPerColumn } from '../../../src/charts/downsample.js';

interface Case {
  readonly xs: number[];
  readonly ys: number[];
  readonly columns: number;
  readonly xMin: number;
  readonly xMax: number;
}

/** Sorted xs with repeats, ys with ties, and an axis range that may cut into the data. */
const series: fc.Arbitrary<Case> = fc
  .record({
    points: fc.array(
      fc.tuple(fc.integer({ min: 0, max: 2000 }), fc.integer({ min: -50, max: 50 })),
      {
        maxLength: 600,
      },
    ),
    columns: fc.integer({ min: 1, max: 40 }),
    cut: fc.tuple(
      fc.double({ min: -0.2, max: 0.4, noNaN: true }),
      fc.double({ min: 0.6, max: 1.2, noNaN: true }),
    ),
  })
  .map(({ points, columns, cut }) => {
    const xs = points.map(([x]) => x / 7).sort((a, b) => a - b);
    const ys = points.map(([, y]) => y * 0.5);
    const low = xs[0] ?? 0;
    const span = (xs.at(-1) ?? 1) - low;
    return { xs, ys, columns, xMin: low + cut[0] * span, xMax: low + cut[1] * span };
  });

function byColumn(xs: ArrayLike<number>, ys: ArrayLike<number>, c: Case): Map<number, number[]> {
  const columns = new Map<number, number[]>();
  for (let index = 0; index < xs.length; index += 1) {
    const column = columnOf(xs[index] as number, c.xMin, c.xMax, c.columns);
    columns.set(column, [...(columns.get(column) ?? []), ys[index] as number]);
  }
  return columns;
}

describe('downsampleMinMax', () => {
  it('keeps every column’s min and max, and only columns that had points', () => {
    fc.assert(
      fc.property(series, (c) => {
        const out = downsampleMinMax(c, c.columns, c.xMin, c.xMax);
        const before = byColumn(c.xs, c.ys, c);
        const after = byColumn(out.xs, out.ys, c);
        expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
        for (const [column, values] of before) {
          const kept = after.get(column) ?? [];
          expect(Math.min(...kept)).toBe(Math.min(...values));
          expect(Math.max(...kept)).toBe(Math.max(...values));
          // The column's first and last values, in x order, are kept at its ends.
          expect(kept[0]).toBe(values[0]);
          expect(kept.at(-1)).toBe(values.at(-1));
        }
      }),
    );
  });

  it('returns at most 4 points per column, sorted by x, as a subsequence of the input', () => {
    fc.assert(
      fc.property(series, (c) => {
        const out = downsampleMinMax(c, c.columns, c.xMin, c.xMax);
        expect(out.xs.length).toBe(out.ys.length);
        expect(out.xs.length).toBeLessThanOrEqual(pointsPerColumn * c.columns);
        let from = 0;
        for (let index = 0; index < out.xs.length; index += 1) {
          if (index > 0) expect(out.xs[index]).toBeGreaterThanOrEqual(out.xs[index - 1] as number);
          // Find this point in the input at or after the previous match.
          while (
            from < c.xs.length &&
            (c.xs[from] !== out.xs[index] || c.ys[from] !== out.ys[index])
          ) {
            from += 1;
          }
          expect(from).toBeLessThan(c.xs.length);
          from += 1;
        }
      }),
    );
  });

  it('keeps the first and last point of the series', () => {
    fc.assert(
      fc.property(series, (c) => {
        fc.pre(c.xs.length > 0);
        const out = downsampleMinMax(c, c.columns, c.xMin, c.xMax);
        expect([out.xs[0], out.ys[0]]).toEqual([c.xs[0], c.ys[0]]);
        expect([out.xs[out.xs.length - 1], out.ys[out.ys.length - 1]]).toEqual([
          c.xs.at(-1),
          c.ys.at(-1),
        ]);
      }),
    );
  });

  it('returns a series of at most 4 points per column as it is', () => {
    fc.assert(
      fc.property(series, (c) => {
        fc.pre(c.xs.length <= pointsPerColumn * c.columns);
        expect(downsampleMinMax(c, c.columns, c.xMin, c.xMax)).toBe(c);
      }),
    );
  });

  it('keeps a single-sample spike among 100 000 points', () => {
    const count = 100_000;
    const xs = new Float64Array(count).map((_, index) => index * 0.01);
    const ys = new Float64Array(count);
    ys[54_321] = 7;
    ys[77_777] = -3;
    const out = downsampleMinMax({ xs, ys }, 300, 0, xs[count - 1] as number);
    expect(out.xs.length).toBeLessThanOrEqual(1200);
    expect(Math.max(...Array.from(out.ys))).toBe(7);
    expect(Math.min(...Array.from(out.ys))).toBe(-3);
    expect(Array.from(out.xs)).toContain(xs[54_321]);
  });

  it('gives the same points for typed and plain arrays', () => {
    fc.assert(
      fc.property(series, (c) => {
        const plain = downsampleMinMax(c, c.columns, c.xMin, c.xMax);
        const typed = downsampleMinMax(
          { xs: Float64Array.from(c.xs), ys: Float64Array.from(c.ys) },
          c.columns,
          c.xMin,
          c.xMax,
        );
        expect(Array.from(typed.xs)).toEqual(Array.from(plain.xs));
        expect(Array.from(typed.ys)).toEqual(Array.from(plain.ys));
      }),
    );
  });

  it('puts everything in column 0 for a zero-width or reversed axis, and clamps outliers', () => {
    expect(columnOf(5, 3, 3, 10)).toBe(0);
    expect(columnOf(5, 4, 3, 10)).toBe(0);
    expect(columnOf(Number.NaN, 0, 1, 10)).toBe(0);
    expect(columnOf(-1, 0, 1, 10)).toBe(0);
    expect(columnOf(2, 0, 1, 10)).toBe(9);
    expect(columnOf(1, 0, 1, 10)).toBe(9);
    expect(columnOf(0.55, 0, 1, 10)).toBe(5);
  });
});
