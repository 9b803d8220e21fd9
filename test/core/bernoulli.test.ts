/**
 * Goal: the exact coin the loss and duplicate faults toss: p = 0 never and p = 1 always come
 * up, yet both draw (so a stream's later draws never depend on p); over a stream the share of
 * heads is the fraction's.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  coinOf,
  InvariantError,
  probabilityToFraction,
  type Rng,
  tossCoin,
} from '../../core/index.js';
import { seededRng } from '../../transports/seeded-rng.js';

function countingRng(values: readonly number[]): Rng & { readonly draws: () => number } {
  let at = 0;
  return {
    nextU32: () => values[at++ % values.length] as number,
    draws: () => at,
  };
}

describe('tossCoin', () => {
  it('never comes up at p = 0 and always at p = 1, drawing once either way', () => {
    fc.assert(
      fc.property(fc.nat({ max: 0xffff_ffff }), (draw) => {
        const rng = countingRng([draw]);
        expect(tossCoin(rng, coinOf(probabilityToFraction(0)))).toBe(false);
        expect(tossCoin(rng, coinOf(probabilityToFraction(1)))).toBe(true);
        expect(rng.draws()).toBe(2);
      }),
    );
  });

  it('comes up heads for draws below the numerator: 1/4 is one draw in four', () => {
    const quarter = coinOf(probabilityToFraction(0.25));
    expect([0, 1, 2, 3].map((draw) => tossCoin(countingRng([draw]), quarter))).toEqual([
      true,
      false,
      false,
      false,
    ]);
  });

  it('gives each fraction its share of heads over a long stream', () => {
    for (const p of [0.05, 0.5, 0.999]) {
      const coin = coinOf(probabilityToFraction(p));
      const rng = seededRng(7, `coin/${p}`);
      let heads = 0;
      const tosses = 200_000;
      for (let toss = 0; toss < tosses; toss += 1) if (tossCoin(rng, coin)) heads += 1;
      expect(Math.abs(heads / tosses - p)).toBeLessThan(0.005);
    }
  });

  it('refuses a fraction outside [0, 1] as a programmer error', () => {
    expect(() => coinOf({ numerator: 3, denominator: 2 })).toThrow(InvariantError);
    expect(() => coinOf({ numerator: 0, denominator: 0 })).toThrow(InvariantError);
  });
});
