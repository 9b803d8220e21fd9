/**
 * Exact fractions for probabilities. Scenarios give `internalProbability` as a decimal such
 * as 0.7 or 0.25; the model turns it into 7/10 or 1/4 so that the die it rolls is exact.
 */
import { assert } from './assert.js';
import type { Fraction } from './types.js';

/** Probabilities are exact to this many decimal places (one in a million). */
export const probabilityDecimalsMax = 6;
const scale = 10 ** probabilityDecimalsMax;

export function greatestCommonDivisor(a: number, b: number): number {
  assert(Number.isSafeInteger(a) && a >= 0, `gcd needs natural numbers, got ${a}`);
  assert(Number.isSafeInteger(b) && b >= 0, `gcd needs natural numbers, got ${b}`);
  let x = a;
  let y = b;
  while (y !== 0) {
    const rest = x % y;
    x = y;
    y = rest;
  }
  return x;
}

/** True when `p` is in [0, 1] and has at most six decimals, so it converts exactly. */
export function isExactProbability(p: number): boolean {
  if (!Number.isFinite(p) || p < 0 || p > 1) return false;
  // Both sides are the nearest double to the same decimal, so equality is exact here.
  return Math.round(p * scale) / scale === p;
}

export function probabilityToFraction(p: number): Fraction {
  assert(isExactProbability(p), `probability must be in [0,1] with <= 6 decimals, got ${p}`);
  const numerator = Math.round(p * scale);
  const divisor = greatestCommonDivisor(numerator, scale);
  return { numerator: numerator / divisor, denominator: scale / divisor };
}
