/**
 * An exact coin: true with probability numerator/denominator, decided with integers only (a
 * uniform draw in 0..denominator-1 below the numerator), so no rounding can differ between
 * machines. One coin costs one decision whatever its odds — p = 0 and p = 1 draw too — so a
 * stream's later draws never depend on the value of p.
 */
import { assert } from './assert.js';
import { drawUniform, type Rng, type UniformRange, uniformRange } from './rng.js';
import type { Fraction } from './types.js';

export interface Coin {
  readonly heads: number;
  readonly range: UniformRange;
}

export function coinOf(probability: Fraction): Coin {
  const { numerator, denominator } = probability;
  assert(
    Number.isSafeInteger(numerator) &&
      Number.isSafeInteger(denominator) &&
      denominator >= 1 &&
      numerator >= 0 &&
      numerator <= denominator,
    'a probability is a fraction in [0, 1]',
  );
  return { heads: numerator, range: uniformRange(0, denominator - 1) };
}

/** One toss: true with the coin's probability. */
export function tossCoin(rng: Rng, coin: Coin): boolean {
  return drawUniform(rng, coin.range) < coin.heads;
}
