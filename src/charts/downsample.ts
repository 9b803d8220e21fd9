/**
 * Min/max downsampling of a series to the pixel columns it will be drawn in. A line chart of a
 * million points has at most a few thousand pixels of width; drawing every point only makes a big
 * file and a slow page. Keeping, per pixel column, the first, lowest, highest and last point draws
 * the same picture: the column's vertical extent is exact, so a one-sample spike in a queue length
 * is never averaged or skipped away, and the line enters and leaves the column where it did.
 */

/** A series as two parallel arrays; typed arrays and plain arrays both fit. */
export interface XyArrays {
  readonly xs: ArrayLike<number>;
  readonly ys: ArrayLike<number>;
}

/** Points kept per column: first, min, max, last. */
export const pointsPerColumn = 4;

/**
 * The pixel column (0 .. columns-1) of `x` on an axis from `xMin` to `xMax`. Points outside the
 * range are put in the nearest end column rather than dropped, and a zero-width range puts
 * everything in column 0.
 */
export function columnOf(x: number, xMin: number, xMax: number, columns: number): number {
  const span = xMax - xMin;
  if (!(span > 0)) return 0;
  const column = Math.floor(((x - xMin) / span) * columns);
  if (!(column >= 0)) return 0; // also catches NaN
  return column >= columns ? columns - 1 : column;
}

/**
 * The series reduced to at most `pointsPerColumn × columns` points: per column the first, lowest,
 * highest and last point, each once and in their original order. Expects `xs` sorted ascending
 * (any order still gives a bounded result, sorted by column). A series short enough already, at
 * most 4 points per column on average, comes back as it was: the same arrays, not a copy. The
 * lengths of `xs` and `ys` may differ; the extra tail of the longer one is ignored.
 */
export function downsampleMinMax(
  series: XyArrays,
  columns: number,
  xMin: number,
  xMax: number,
): XyArrays {
  const { xs, ys } = series;
  const length = Math.min(xs.length, ys.length);
  const columnCount = Math.max(1, Math.floor(columns));
  if (length <= pointsPerColumn * columnCount) return series;

  // Index of the first, last, min and max point in each column; -1 marks an empty column. One
  // pass over the points, writing into arrays the size of the screen, not of the data.
  const first = new Int32Array(columnCount).fill(-1);
  const last = new Int32Array(columnCount);
  const low = new Int32Array(columnCount);
  const high = new Int32Array(columnCount);
  for (let index = 0; index < length; index += 1) {
    const column = columnOf(xs[index] as number, xMin, xMax, columnCount);
    const y = ys[index] as number;
    if (first[column] === -1) {
      first[column] = index;
      low[column] = index;
      high[column] = index;
    } else {
      // Strict comparisons: on ties the earliest point stays, so the output does not depend on
      // anything but the input order.
      if (y < (ys[low[column] as number] as number)) low[column] = index;
      if (y > (ys[high[column] as number] as number)) high[column] = index;
    }
    last[column] = index;
  }

  const outXs = new Float64Array(pointsPerColumn * columnCount);
  const outYs = new Float64Array(pointsPerColumn * columnCount);
  const kept = [0, 0, 0, 0];
  let count = 0;
  for (let column = 0; column < columnCount; column += 1) {
    const start = first[column] as number;
    if (start === -1) continue;
    kept[0] = start;
    kept[1] = low[column] as number;
    kept[2] = high[column] as number;
    kept[3] = last[column] as number;
    kept.sort((a, b) => a - b);
    let previous = -1;
    for (const index of kept) {
      if (index === previous) continue;
      previous = index;
      outXs[count] = xs[index] as number;
      outYs[count] = ys[index] as number;
      count += 1;
    }
  }
  return { xs: outXs.subarray(0, count), ys: outYs.subarray(0, count) };
}
