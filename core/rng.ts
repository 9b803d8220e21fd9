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
 * A prepared uniform range [min, max]: the rejection limit is computed once, so a hot loop that
 * draws from the same range many times pays only the draw and one comparison.
 */
export interface UniformRange {
  readonly min: number;
  readonly size: number;
  /** Draws at or above this would bias low values: the largest multiple of `size` in range. */
  readonly limit: number;
  /** Whether a draw needs 53 bits (two u32) instead of 32 (one). */
  readonly wide: boolean;
  /** 1 / size, rounded: a 32-bit draw's remainder multiplies by it (see remainderOfU32). */
  readonly inverse: number;
}

export function uniformRange(min: number, max: number): UniformRange {
  assert(Number.isSafeInteger(min), `min must be a safe integer, got ${min}`);
  assert(Number.isSafeInteger(max), `max must be a safe integer, got ${max}`);
  assert(min <= max, `min ${min} must not exceed max ${max}`);
  const size = max - min + 1;
  assert(size <= twoTo53, `range of ${size} values exceeds 2^53`);
  const wide = size > twoTo32;
  const span = wide ? twoTo53 : twoTo32;
  return { min, size, limit: span - (span % size), wide, inverse: 1 / size };
}

/** A uniform integer in the prepared range, unbiased (rejection sampling). */
export function drawUniform(rng: Rng, range: UniformRange): number {
  if (!range.wide) {
    let draw = rng.nextU32();
    while (draw >= range.limit) draw = rng.nextU32();
    return range.min + remainderOfU32(draw, range.size, range.inverse);
  }
  let draw = wideDraw(rng);
  while (draw >= range.limit) draw = wideDraw(rng);
  return range.min + remainder(draw, range.size);
}

/**
 * `value % divisor` for naturals below 2^53, without `%`: V8 compiles `%` on numbers that may
 * not fit 32 bits (a u32 draw) into a call to C's fmod, which made the die roll the slowest
 * step of an idle tick. The float quotient floors exactly: when value/divisor is not an
 * integer it lies at least 1/divisor from one, and half an ulp of it is below
 * value/divisor · 2^-53 < 1/divisor, so rounding never reaches the next integer; the product
 * and the difference are exact integers below 2^53. A property test checks it against BigInt.
 */
export function remainder(value: number, divisor: number): number {
  return value - Math.floor(value / divisor) * divisor;
}

/**
 * `value % divisor` for a 32-bit draw (value < 2^32, 1 <= divisor <= 2^32), given
 * `inverse` = 1 / divisor as a double: the quotient is estimated with a multiply instead of a
 * division (a division's latency is several multiplies', and every die roll of an idle tick
 * waits for it), then corrected by one step. Exact: `inverse` and the product are each within
 * half an ulp, so the estimate is within value/divisor · 2^-52 < 2^-20 of value/divisor, and its
 * floor is the true quotient or one off; the product with the divisor stays below 2^33 and the
 * difference is an exact integer in [-divisor, 2·divisor), which one correction brings into
 * [0, divisor). A property test checks it against BigInt.
 */
export function remainderOfU32(value: number, divisor: number, inverse: number): number {
  const rest = value - Math.floor(value * inverse) * divisor;
  if (rest < 0) return rest + divisor;
  return rest >= divisor ? rest - divisor : rest;
}

/**
 * A uniform integer in [min, max], unbiased. Ranges up to 2^32 values take one draw in the
 * common case; wider ones (up to 2^53) combine two draws.
 */
export function intInclusive(rng: Rng, min: number, max: number): number {
  return drawUniform(rng, uniformRange(min, max));
}

/** 53 uniform bits from two draws: 21 high bits and 32 low bits. */
function wideDraw(rng: Rng): number {
  const high = rng.nextU32() >>> 11;
  return high * twoTo32 + rng.nextU32();
}
