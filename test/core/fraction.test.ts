/** Probabilities become exact reduced fractions; anything not exact to 6 decimals is refused. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isExactProbability, probabilityToFraction } from '../../core/index.js';

describe('probabilityToFraction', () => {
  it('turns 0.7 into 7/10 and 0.25 into 1/4', () => {
    expect(probabilityToFraction(0.7)).toEqual({ numerator: 7, denominator: 10 });
    expect(probabilityToFraction(0.25)).toEqual({ numerator: 1, denominator: 4 });
    expect(probabilityToFraction(0)).toEqual({ numerator: 0, denominator: 1 });
    expect(probabilityToFraction(1)).toEqual({ numerator: 1, denominator: 1 });
  });

  it('gives back the same value for any probability with up to 6 decimals', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), (millionths) => {
        const p = millionths / 1_000_000;
        const { numerator, denominator } = probabilityToFraction(p);
        return numerator / denominator === p;
      }),
    );
  });
});

describe('isExactProbability', () => {
  it('refuses values outside [0, 1], non-numbers and more than 6 decimals', () => {
    for (const bad of [-0.1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 0.1234567, 1 / 3]) {
      expect(isExactProbability(bad)).toBe(false);
    }
  });
});
