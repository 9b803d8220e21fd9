/**
 * Small streaming statistics for the analysis: a growable series of numbers, a histogram of
 * natural numbers with exact percentiles, and a least-squares line fit. Pure, no I/O.
 */

/** Numbers appended one at a time into a typed array that doubles when full. */
export class GrowableSeries {
  #values = new Float64Array(256);
  #length = 0;

  push(value: number): void {
    if (this.#length === this.#values.length) {
      const grown = new Float64Array(this.#values.length * 2);
      grown.set(this.#values);
      this.#values = grown;
    }
    this.#values[this.#length] = value;
    this.#length += 1;
  }

  /** The values so far (a view, not a copy). */
  values(): Float64Array {
    return this.#values.subarray(0, this.#length);
  }
}

/**
 * Values below this are counted in a typed array indexed by value; larger ones (rare: a lied
 * clock's jump) in a Map, since one jump of 2^52 asked for an array of 2^52 counts.
 */
const denseValuesMax = 1 << 16;

/** Counts of natural numbers (clock jumps): exact mean, maximum and percentiles. */
export class IntegerHistogram {
  #counts = new Float64Array(64);
  /** Counts of the values at or above denseValuesMax. */
  readonly #large = new Map<number, number>();
  #total = 0;
  #sum = 0;
  #max = 0;

  add(value: number): void {
    if (value >= denseValuesMax) {
      this.#large.set(value, (this.#large.get(value) ?? 0) + 1);
    } else {
      while (value >= this.#counts.length) {
        const grown = new Float64Array(this.#counts.length * 2);
        grown.set(this.#counts);
        this.#counts = grown;
      }
      this.#counts[value] = (this.#counts[value] as number) + 1;
    }
    this.#total += 1;
    this.#sum += value;
    if (value > this.#max) this.#max = value;
  }

  stats() {
    // Listed once: each percentile walks the same list (it was made for each of them).
    const histogram = this.#histogram();
    return {
      count: this.#total,
      max: this.#max,
      mean: this.#total > 0 ? this.#sum / this.#total : 0,
      p50: this.#percentile(histogram, 0.5),
      p90: this.#percentile(histogram, 0.9),
      p99: this.#percentile(histogram, 0.99),
      histogram,
    };
  }

  /** The smallest value v with at least `fraction` of all values <= v (0 when empty). */
  #percentile(histogram: readonly { jump: number; count: number }[], fraction: number): number {
    if (this.#total === 0) return 0;
    const needed = Math.max(1, Math.ceil(fraction * this.#total));
    let seen = 0;
    for (const { jump, count } of histogram) {
      seen += count;
      if (seen >= needed) return jump;
    }
    return this.#max;
  }

  /** Every value counted, ascending, with its count. */
  #histogram(): { jump: number; count: number }[] {
    const histogram: { jump: number; count: number }[] = [];
    const denseEnd = Math.min(this.#max + 1, this.#counts.length);
    for (let value = 0; value < denseEnd && this.#total > 0; value += 1) {
      const count = this.#counts[value] as number;
      if (count > 0) histogram.push({ jump: value, count });
    }
    const large = [...this.#large.keys()].sort((a, b) => a - b);
    for (const value of large)
      histogram.push({ jump: value, count: this.#large.get(value) as number });
    return histogram;
  }
}

/** Ordinary least squares y = a + b·x, accumulated point by point. */
export class LinearFit {
  #n = 0;
  #sumX = 0;
  #sumY = 0;
  #sumXX = 0;
  #sumXY = 0;

  add(x: number, y: number): void {
    this.#n += 1;
    this.#sumX += x;
    this.#sumY += y;
    this.#sumXX += x * x;
    this.#sumXY += x * y;
  }

  /** The slope b; 0 with fewer than two distinct x. */
  slope(): number {
    const denominator = this.#n * this.#sumXX - this.#sumX * this.#sumX;
    if (this.#n < 2 || denominator <= 0) return 0;
    return (this.#n * this.#sumXY - this.#sumX * this.#sumY) / denominator;
  }
}

/** Nearest-rank percentile of sorted values (0 when empty). */
export function percentileOf(sorted: ArrayLike<number>, fraction: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.max(1, Math.ceil(fraction * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1] as number;
}
