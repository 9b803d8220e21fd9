/**
 * Goal: rates drawn from a scenario's `rateDistribution` are valid rates (in [minHz, maxHz],
 * millihertz resolution, >= 0.001 Hz), reproducible from the seed, independent per machine, and
 * shaped like the distribution asked for. Method: scenarios are parsed by the real schema and
 * resolved by the real resolver; the bounds and reproducibility are fast-check properties over
 * random parameters; the shapes are checked on large fixed-seed samples, which are deterministic,
 * so their bands only guard against a wrong formula, never against chance.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rateHzToMilliHz } from '../../../core/tick-schedule.js';
import { describeRateDistribution } from '../../../src/scenario/rate-distribution.js';
import { resolveScenario } from '../../../src/scenario/resolve.js';
import { type RateDistribution, scenarioSchema } from '../../../src/scenario/schema.js';

function drawn(distribution: unknown, machines: number, seed: number): readonly number[] {
  const file = scenarioSchema.parse({ machines, rateDistribution: distribution });
  return resolveScenario({ source: 'test', name: 'test', file }, seed).rates;
}

const examples = {
  uniform: { kind: 'uniform', minHz: 0.5, maxHz: 6 },
  choice: { kind: 'choice', valuesHz: [1, 6], weights: [9, 1] },
  normal: { kind: 'normal', meanHz: 3.5, sdHz: 1, minHz: 1, maxHz: 6 },
  lognormal: { kind: 'lognormal', medianHz: 2, sigma: 0.75, minHz: 0.1, maxHz: 100 },
} as const satisfies Record<string, RateDistribution>;

const milliHz = (max: number) => fc.integer({ min: 1, max }).map((value) => value / 1000);

/** Valid bounds: min <= max, both with millihertz resolution (made from integers: exact). */
const bounds = fc
  .tuple(fc.integer({ min: 1, max: 20_000 }), fc.integer({ min: 0, max: 20_000 }))
  .map(([minMilliHz, spanMilliHz]) => ({
    minHz: minMilliHz / 1000,
    maxHz: (minMilliHz + spanMilliHz) / 1000,
  }));

const anyDistribution: fc.Arbitrary<RateDistribution> = fc.oneof(
  bounds.map((range) => ({ kind: 'uniform' as const, ...range })),
  fc
    .array(fc.tuple(milliHz(20_000), fc.integer({ min: 1, max: 100 })), {
      minLength: 1,
      maxLength: 6,
    })
    .map((pairs) => ({
      kind: 'choice' as const,
      valuesHz: pairs.map(([value]) => value),
      weights: pairs.map(([, weight]) => weight),
    })),
  fc
    .tuple(milliHz(20_000), fc.integer({ min: 0, max: 10_000 }), bounds)
    .map(([meanHz, sdMilliHz, range]) => ({
      kind: 'normal' as const,
      meanHz,
      sdHz: sdMilliHz / 1000,
      ...range,
    })),
  fc
    .tuple(milliHz(20_000), fc.double({ min: 0, max: 3, noNaN: true }), bounds)
    .map(([medianHz, sigma, range]) => ({ kind: 'lognormal' as const, medianHz, sigma, ...range })),
);

const seed = fc.nat({ max: 0xffff_ffff });
const machines = fc.integer({ min: 2, max: 30 });

/** The range every drawn rate must fall in. */
function allowed(distribution: RateDistribution): { min: number; max: number } {
  if (distribution.kind !== 'choice') return { min: distribution.minHz, max: distribution.maxHz };
  return { min: Math.min(...distribution.valuesHz), max: Math.max(...distribution.valuesHz) };
}

describe('rates drawn from a rateDistribution', () => {
  it('are valid millihertz rates within the bounds, one per machine', () => {
    fc.assert(
      fc.property(anyDistribution, machines, seed, (distribution, count, runSeed) => {
        const rates = drawn(distribution, count, runSeed);
        const { min, max } = allowed(distribution);
        expect(rates).toHaveLength(count);
        for (const rate of rates) {
          expect(rate).toBeGreaterThanOrEqual(Math.max(min, 0.001));
          expect(rate).toBeLessThanOrEqual(max);
          // The run's own conversion accepts it: > 0 and at most 3 decimals.
          expect(rateHzToMilliHz(rate) / 1000).toBe(rate);
          if (distribution.kind === 'choice') expect(distribution.valuesHz).toContain(rate);
        }
      }),
    );
  });

  it('are the same for the same seed', () => {
    fc.assert(
      fc.property(anyDistribution, machines, seed, (distribution, count, runSeed) => {
        expect(drawn(distribution, count, runSeed)).toEqual(drawn(distribution, count, runSeed));
      }),
    );
  });

  it("keep machine i's rate when machines are added", () => {
    fc.assert(
      fc.property(
        anyDistribution,
        machines,
        fc.integer({ min: 1, max: 20 }),
        seed,
        (distribution, count, added, runSeed) => {
          const fewer = drawn(distribution, count, runSeed);
          const more = drawn(distribution, count + added, runSeed);
          expect(more.slice(0, count)).toEqual(fewer);
        },
      ),
    );
  });

  it('differ between seeds', () => {
    for (const distribution of Object.values(examples)) {
      const distinct = new Set<string>();
      for (let runSeed = 0; runSeed < 20; runSeed += 1) {
        distinct.add(drawn(distribution, 4, runSeed).join(','));
      }
      expect(distinct.size, distribution.kind).toBeGreaterThan(5);
    }
  });

  it('are recorded with the distribution they came from', () => {
    for (const distribution of Object.values(examples)) {
      const file = scenarioSchema.parse({ machines: 3, rateDistribution: distribution });
      const resolved = resolveScenario({ source: 'test', name: 'test', file }, 1);
      expect(resolved.ratesDrawnFrom).toEqual(distribution);
    }
  });

  // Part of the format: a manifest keeps the drawn rates, but a scenario file only its seed and
  // distribution, so a change here would change every such scenario's runs.
  it('are the documented draws for seed 7', () => {
    expect(drawn(examples.uniform, 5, 7)).toEqual([3.544, 1.164, 1.179, 5.36, 4.47]);
    expect(drawn(examples.choice, 5, 7)).toEqual([1, 6, 6, 1, 1]);
    expect(drawn(examples.normal, 5, 7)).toEqual([3.506, 4.326, 4.013, 3.125, 3.538]);
    expect(drawn(examples.lognormal, 5, 7)).toEqual([2.01, 3.715, 2.939, 1.51, 2.058]);
  });
});

describe('the shape of each rateDistribution (fixed seed, large samples)', () => {
  const sampleSeed = 7;
  const mean = (values: readonly number[]) =>
    values.reduce((total, value) => total + value, 0) / values.length;
  const median = (values: readonly number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    const middle = sorted.length / 2;
    return ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
  };

  it('uniform: spreads over millihertz steps, not whole Hz, with the midpoint as mean', () => {
    const rates = drawn(examples.uniform, 5000, sampleSeed);
    expect(mean(rates)).toBeGreaterThan(3.15);
    expect(mean(rates)).toBeLessThan(3.35);
    expect(rates.filter((rate) => !Number.isInteger(rate)).length).toBeGreaterThan(4900);
    expect(new Set(rates).size).toBeGreaterThan(2500);
  });

  it('choice: weights 9 and 1 give the first value about 90 % of machines', () => {
    const rates = drawn(examples.choice, 2000, sampleSeed);
    const share = rates.filter((rate) => rate === 1).length / rates.length;
    // 0.8955 for this seed; a wrong pick (equal odds, or the weights swapped) is far outside.
    expect(share).toBeGreaterThan(0.87);
    expect(share).toBeLessThan(0.92);
    expect(rates.every((rate) => rate === 1 || rate === 6)).toBe(true);
  });

  it('choice: without weights, every value is equally likely', () => {
    const rates = drawn({ kind: 'choice', valuesHz: [1, 2, 3, 4] }, 4000, sampleSeed);
    for (const value of [1, 2, 3, 4]) {
      const share = rates.filter((rate) => rate === value).length / rates.length;
      expect(share, `${value} Hz`).toBeGreaterThan(0.22);
      expect(share, `${value} Hz`).toBeLessThan(0.28);
    }
  });

  it('normal: the sample mean and spread match the parameters', () => {
    const rates = drawn(examples.normal, 5000, sampleSeed);
    // 3.511 for this seed; the clamp at mean ± 2.5 sd is symmetric, so the mean stays put.
    expect(mean(rates)).toBeGreaterThan(3.45);
    expect(mean(rates)).toBeLessThan(3.55);
    const withinOneSd = rates.filter((rate) => rate >= 2.5 && rate <= 4.5).length / rates.length;
    expect(withinOneSd).toBeGreaterThan(0.65);
    expect(withinOneSd).toBeLessThan(0.72);
  });

  it('lognormal: the sample median matches the parameter, and the tail is heavy', () => {
    const rates = drawn(examples.lognormal, 5000, sampleSeed);
    // 2.026 for this seed.
    expect(median(rates)).toBeGreaterThan(1.9);
    expect(median(rates)).toBeLessThan(2.1);
    // exp(sigma^2 / 2) = 1.325: the mean sits well above the median.
    expect(mean(rates) / median(rates)).toBeGreaterThan(1.2);
    expect(Math.max(...rates)).toBeGreaterThan(15);
  });

  it('clamps what falls outside [minHz, maxHz] to the bound', () => {
    const high = drawn({ kind: 'normal', meanHz: 100, sdHz: 1, minHz: 1, maxHz: 6 }, 50, 1);
    expect(high.every((rate) => rate === 6)).toBe(true);
    const low = drawn(
      { kind: 'lognormal', medianHz: 0.001, sigma: 2, minHz: 0.001, maxHz: 1 },
      500,
      1,
    );
    expect(Math.min(...low)).toBe(0.001);
    expect(low.every((rate) => rate >= 0.001)).toBe(true);
  });

  it('gives the centre itself when the spread is zero', () => {
    const normal = drawn({ kind: 'normal', meanHz: 2.5, sdHz: 0, minHz: 1, maxHz: 6 }, 10, 3);
    expect(new Set(normal)).toEqual(new Set([2.5]));
    const lognormal = drawn(
      { kind: 'lognormal', medianHz: 2.5, sigma: 0, minHz: 1, maxHz: 6 },
      10,
      3,
    );
    expect(new Set(lognormal)).toEqual(new Set([2.5]));
  });
});

describe('describeRateDistribution', () => {
  it('names the kind and every parameter', () => {
    expect(describeRateDistribution(examples.uniform)).toBe('uniform 0.5..6 Hz');
    expect(describeRateDistribution(examples.choice)).toBe('choice of 1/6 Hz weighted 9/1');
    expect(describeRateDistribution(examples.normal)).toBe('normal, mean 3.5 Hz, sd 1 Hz, in 1..6');
    expect(describeRateDistribution(examples.lognormal)).toBe(
      'lognormal, median 2 Hz, sigma 0.75, in 0.1..100',
    );
  });
});
