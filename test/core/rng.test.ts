/**
 * Integer draws: always within bounds, every value reachable, and ranges wider than 2^32 use two
 * draws. A scripted rng makes the bounds checks exhaustive at the edges.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  InvariantError,
  intInclusive,
  type Rng,
  remainder,
  remainderOfU32,
} from '../../core/index.js';
import { seededRng } from '../../transports/seeded-rng.js';

describe('intInclusive', () => {
  it('stays within [min, max] for any draw', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1e9, max: 1e9 }),
        fc.integer({ min: 0, max: 2 ** 40 }),
        fc.array(fc.nat({ max: 0xffff_ffff }), { minLength: 64, maxLength: 64 }),
        (min, width, draws) => {
          let index = 0;
          const rng: Rng = { nextU32: () => draws[index++ % draws.length] as number };
          const value = intInclusive(rng, min, min + width);
          return Number.isSafeInteger(value) && value >= min && value <= min + width;
        },
      ),
    );
  });

  it('reaches both ends of a small range', () => {
    const rng = seededRng(7, 'test');
    const seen = new Set<number>();
    for (let i = 0; i < 1000; i += 1) seen.add(intInclusive(rng, 1, 6));
    expect([...seen].sort()).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('takes two draws for a range wider than 2^32', () => {
    let calls = 0;
    const rng: Rng = {
      nextU32: () => {
        calls += 1;
        return 12345;
      },
    };
    intInclusive(rng, 0, 2 ** 40);
    expect(calls).toBe(2);
  });

  it('makes a wide draw of the 21 high bits of one draw and all 32 bits of the next', () => {
    const scripted = (...draws: number[]): Rng & { used: () => number } => {
      let index = 0;
      return { nextU32: () => draws[index++] as number, used: () => index };
    };
    const all53 = 2 ** 53 - 1;
    // Over [0, 2^53 - 1] nothing is rejected: the value is the 53 bits themselves.
    expect(intInclusive(scripted(0xffff_ffff, 0xffff_ffff), 0, all53)).toBe(all53);
    expect(intInclusive(scripted(0x800, 5), 0, all53)).toBe(2 ** 32 + 5);
    expect(intInclusive(scripted(0x7ff, 5), 0, all53)).toBe(5);
    expect(intInclusive(scripted(0x1234_5678, 0x9abc_def0), 7, 7 + all53 - 7)).toBe(
      7 + ((0x1234_5678 >>> 11) * 2 ** 32 + 0x9abc_def0),
    );
    // Over 2^52 + 1 values the limit is 2^52 + 1: a draw at or above it is drawn again.
    const rejecting = scripted(0xffff_ffff, 0xffff_ffff, 0, 7);
    expect(intInclusive(rejecting, 0, 2 ** 52)).toBe(7);
    expect(rejecting.used()).toBe(4);
    // Below the limit, the remainder by the size, offset by min.
    expect(intInclusive(scripted(0x8000_0000, 3), -5, 2 ** 40 - 5)).toBe(
      -5 + (((0x8000_0000 >>> 11) * 2 ** 32 + 3) % (2 ** 40 + 1)),
    );
  });

  it('rejects a draw equal to the limit, narrow or wide, and draws once up to 2^32 values', () => {
    const scripted = (...draws: number[]): Rng & { used: () => number } => {
      let index = 0;
      return { nextU32: () => draws[index++] as number, used: () => index };
    };
    // Three values: the limit is 2^32 - 1 (2^32 = 1 mod 3), so 2^32 - 1 is drawn again.
    const narrow = scripted(0xffff_ffff, 1);
    expect(intInclusive(narrow, 0, 2)).toBe(1);
    expect(narrow.used()).toBe(2);
    // 2^52 + 1 values: the limit is 2^52 + 1 itself, which is 2^20 · 2^32 + 1 as a wide draw.
    const wide = scripted(2 ** 31, 1, 0, 7);
    expect(intInclusive(wide, 0, 2 ** 52)).toBe(7);
    expect(wide.used()).toBe(4);
    // Exactly 2^32 values still fit one draw.
    const full = scripted(0xffff_ffff);
    expect(intInclusive(full, 0, 2 ** 32 - 1)).toBe(0xffff_ffff);
    expect(full.used()).toBe(1);
  });

  it('refuses ranges wider than 2^53 values and bounds that are not safe integers', () => {
    const rng = seededRng(1, 'x');
    expect(() => intInclusive(rng, -(2 ** 53 - 1), 2 ** 53 - 1)).toThrow(InvariantError);
    expect(intInclusive({ nextU32: () => 0 }, -1, 2 ** 53 - 2)).toBe(-1);
    expect(() => intInclusive(rng, 0.5, 3)).toThrow(InvariantError);
    expect(() => intInclusive(rng, 0, 2 ** 60)).toThrow(InvariantError);
    expect(intInclusive(rng, 4, 4)).toBe(4);
  });

  it('refuses an empty range as a programmer error', () => {
    expect(() => intInclusive(seededRng(1, 'x'), 5, 4)).toThrow(InvariantError);
  });
});

describe('seededRng', () => {
  it('gives the same stream for the same seed and name, and other streams otherwise', () => {
    const draw = (seed: number, stream: string) => {
      const rng = seededRng(seed, stream);
      return Array.from({ length: 8 }, () => rng.nextU32());
    };
    expect(draw(1, 'machine/0/actions')).toEqual(draw(1, 'machine/0/actions'));
    expect(draw(1, 'machine/0/actions')).not.toEqual(draw(2, 'machine/0/actions'));
    expect(draw(1, 'machine/0/actions')).not.toEqual(draw(1, 'machine/1/actions'));
  });

  it('yields uint32 values', () => {
    const rng = seededRng(3, 's');
    for (let i = 0; i < 1000; i += 1) {
      const value = rng.nextU32();
      expect(Number.isInteger(value) && value >= 0 && value < 2 ** 32).toBe(true);
    }
  });
});

describe('remainder', () => {
  it('equals the exact remainder for naturals below 2^53', () => {
    const natural = fc.oneof(
      fc.nat({ max: 0xffff_ffff }),
      fc.nat({ max: Number.MAX_SAFE_INTEGER }),
      fc.constantFrom(0, 1, 2 ** 31, 2 ** 32 - 1, 2 ** 32, Number.MAX_SAFE_INTEGER),
    );
    fc.assert(
      fc.property(natural, natural, (value, divisorRaw) => {
        const divisor = Math.max(1, divisorRaw);
        const exact = Number(BigInt(value) % BigInt(divisor));
        expect(remainder(value, divisor)).toBe(exact);
      }),
      { numRuns: 20_000 },
    );
  });

  it('is exact where the quotient is just below an integer', () => {
    // value = q·divisor + divisor - 1: the fraction 1 - 1/divisor is the closest to rounding up.
    for (const divisor of [3, 2 ** 26 + 1, 0xffff_fffe, 2 ** 40 + 7]) {
      const quotient = Math.floor((Number.MAX_SAFE_INTEGER - divisor) / divisor);
      const value = quotient * divisor + divisor - 1;
      expect(remainder(value, divisor)).toBe(Number(BigInt(value) % BigInt(divisor)));
    }
  });
});

describe('remainderOfU32', () => {
  const exact = (value: number, divisor: number): number => Number(BigInt(value) % BigInt(divisor));

  it('equals the exact remainder for every 32-bit draw and divisor up to 2^32', () => {
    const u32 = fc.oneof(
      fc.nat({ max: 0xffff_ffff }),
      fc.constantFrom(0, 1, 2 ** 31 - 1, 2 ** 31, 2 ** 32 - 2, 2 ** 32 - 1),
    );
    const divisor = fc.oneof(
      fc.integer({ min: 1, max: 64 }),
      fc.integer({ min: 1, max: 2 ** 32 }),
      fc.constantFrom(1, 2, 3, 7, 10, 2 ** 31 - 1, 2 ** 31 + 1, 2 ** 32 - 1, 2 ** 32),
    );
    fc.assert(
      fc.property(u32, divisor, (value, d) => {
        expect(remainderOfU32(value, d, 1 / d)).toBe(exact(value, d));
      }),
      { numRuns: 20_000 },
    );
  });

  it('is exact at and around every multiple, where the quotient estimate can be one off', () => {
    for (const divisor of [3, 7, 10, 12, 1000, 2 ** 20 + 1, 0x7fff_ffff, 0xffff_fffd, 2 ** 32]) {
      const inverse = 1 / divisor;
      for (const quotient of [0, 1, 2, 1000, Math.floor((2 ** 32 - 1) / divisor)]) {
        for (const offset of [-1, 0, 1, divisor - 1]) {
          const value = quotient * divisor + offset;
          if (value < 0 || value > 2 ** 32 - 1) continue;
          expect(remainderOfU32(value, divisor, inverse)).toBe(exact(value, divisor));
        }
      }
    }
  });

  it('gives the die the faces it gave before (the roll is unchanged)', () => {
    // Every u32 against a ten-faced die, in strides that cover the whole range.
    for (let value = 0; value < 2 ** 32; value += 65_521) {
      expect(remainderOfU32(value, 10, 1 / 10)).toBe(remainder(value, 10));
    }
  });
});
