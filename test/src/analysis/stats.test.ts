/**
 * Goal: the jump histogram gives the exact count, maximum, mean, percentiles and histogram of
 * any natural numbers, the huge ones a lied clock makes (2^52) included, without an array as long
 * as the largest value.
 * Method: random values, small and huge mixed, against the same figures worked out from the
 * sorted values (percentileOf, nearest rank).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IntegerHistogram, percentileOf } from '../../../src/analysis/stats.js';

describe('IntegerHistogram', () => {
  it('gives the figures of the sorted values, huge values included', () => {
    const value = fc.oneof(fc.nat(100), fc.nat(200_000), fc.constant(2 ** 52), fc.constant(0));
    fc.assert(
      fc.property(fc.array(value, { maxLength: 200 }), (values) => {
        const histogram = new IntegerHistogram();
        for (const v of values) histogram.add(v);
        const sorted = [...values].sort((a, b) => a - b);
        const counts = new Map<number, number>();
        for (const v of sorted) counts.set(v, (counts.get(v) ?? 0) + 1);
        const stats = histogram.stats();
        expect(stats.count).toBe(values.length);
        expect(stats.max).toBe(sorted.at(-1) ?? 0);
        expect(stats.mean).toBe(
          values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length,
        );
        for (const [fraction, key] of [
          [0.5, 'p50'],
          [0.9, 'p90'],
          [0.99, 'p99'],
        ] as const)
          expect(stats[key]).toBe(percentileOf(sorted, fraction));
        expect(stats.histogram).toEqual([...counts].map(([jump, count]) => ({ jump, count })));
      }),
    );
  });
});
