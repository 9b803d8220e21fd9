/**
 * The random-number interface the model draws from. The core never makes randomness: a
 * driver passes an `Rng` in (one stream per machine, derived from the run's seed), so the same
 * stream gives the same decisions. Decisions use integers only, never float probabilities, so
 * no rounding can differ between machines.
 */
import { assert } from './assert.js';

export interface Rng {
  /** A uniform integer in [0, 2^32). */
  nextU32(): number;
}

const twoTo32 = 0x1_0000_0000;
const twoTo53 = 2 ** 53;

/**
 * A uniform integer in [min, max], unbiased (rejection sampling). Ranges up to 2^32 values
 * take one draw in the common case; wider ones (up to 2^53) combine two draws.
 */
export function intInclusive(rng: Rng, min: number, max: number): number {
  assert(Number.isSafeInteger(min), `min must be a safe integer, got ${min}`);
  assert(Number.isSafeInteger(max), `max must be a safe integer, got ${max}`);
  assert(min <= max, `min ${min} must not exceed max ${max}`);
  const size = max - min + 1;
  assert(size <= twoTo53, `range of ${size} values exceeds 2^53`);
  if (size <= twoTo32) {
    // The largest multiple of `size` below 2^32: draws at or above it would bias low values.
    const limit = twoTo32 - (twoTo32 % size);
    let draw = rng.nextU32();
    while (draw >= limit) draw = rng.nextU32();
    return min + (draw % size);
  }
  const limit = twoTo53 - (twoTo53 % size);
  let draw = wideDraw(rng);
  while (draw >= limit) draw = wideDraw(rng);
  return min + (draw % size);
}

/** 53 uniform bits from two draws: 21 high bits and 32 low bits. */
function wideDraw(rng: Rng): number {
  const high = rng.nextU32() >>> 11;
  return high * twoTo32 + rng.nextU32();
}
