/**
 * Drawing one machine's rate from a scenario's `rateDistribution`. Each draw takes the machine's
 * own stream, so the caller decides which machine a rate belongs to. Every rate comes out rounded
 * to millihertz and clamped to the distribution's [minHz, maxHz] (and never below 0.001 Hz), so
 * it is always a rate `rateHzToMilliHz` accepts.
 */
import { assertNever, intInclusive, type Rng } from '../../core/index.js';
import type { RateDistribution } from './schema.js';

const twoTo32 = 0x1_0000_0000;
/** The slowest rate a run can tick at: one millihertz. */
const rateMilliHzMin = 1;

const hzToMilliHz = (rateHz: number): number => Math.round(rateHz * 1000);

export function drawRateHz(distribution: RateDistribution, rng: Rng): number {
  switch (distribution.kind) {
    case 'uniform':
      // An integer draw over the millihertz steps: unbiased, and exact on every platform.
      return (
        intInclusive(rng, hzToMilliHz(distribution.minHz), hzToMilliHz(distribution.maxHz)) / 1000
      );
    case 'choice':
      return pickWeighted(distribution.valuesHz, distribution.weights, rng);
    case 'normal': {
      const { meanHz, sdHz, minHz, maxHz } = distribution;
      return clampToMilliHz(meanHz + sdHz * standardNormal(rng), minHz, maxHz);
    }
    case 'lognormal': {
      const { medianHz, sigma, minHz, maxHz } = distribution;
      // exp(0) = 1: half the unclamped draws fall below the median, half above.
      return clampToMilliHz(medianHz * Math.exp(sigma * standardNormal(rng)), minHz, maxHz);
    }
    default:
      return assertNever(distribution, 'rate distribution');
  }
}

/** One integer draw over the weights' total, so the odds are exact ratios of whole numbers. */
function pickWeighted(
  valuesHz: readonly number[],
  weights: readonly number[] | undefined,
  rng: Rng,
): number {
  const weightOf = (index: number): number => weights?.[index] ?? 1;
  let total = 0;
  for (let index = 0; index < valuesHz.length; index += 1) total += weightOf(index);
  let draw = intInclusive(rng, 0, total - 1);
  for (let index = 0; index < valuesHz.length; index += 1) {
    draw -= weightOf(index);
    if (draw < 0) return valuesHz[index] as number;
  }
  // Unreachable: the draw is below the total, so some value's share holds it.
  return valuesHz[valuesHz.length - 1] as number;
}

/**
 * A standard normal value by Box–Muller from two u32 draws. The uniforms are in (0, 1], never 0,
 * so the logarithm is finite. V8's Math.log, Math.cos and Math.exp are its own fdlibm port (and
 * Math.sqrt is correctly rounded), the same on every platform, so the rates are reproducible
 * everywhere: the exponential latency model relies on the same fact.
 */
function standardNormal(rng: Rng): number {
  const u1 = (rng.nextU32() + 1) / twoTo32;
  const u2 = (rng.nextU32() + 1) / twoTo32;
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

/** Rounds to millihertz, then clamps, so the clamped bounds themselves stay exact. */
function clampToMilliHz(rateHz: number, minHz: number, maxHz: number): number {
  const lowMilliHz = Math.max(rateMilliHzMin, hzToMilliHz(minHz));
  const highMilliHz = Math.max(lowMilliHz, hzToMilliHz(maxHz));
  const rateMilliHz = Math.min(highMilliHz, Math.max(lowMilliHz, hzToMilliHz(rateHz)));
  return rateMilliHz / 1000;
}

/** The distribution in a few words, for the run's header and the scenario list. */
export function describeRateDistribution(distribution: RateDistribution): string {
  switch (distribution.kind) {
    case 'uniform':
      return `uniform ${distribution.minHz}..${distribution.maxHz} Hz`;
    case 'choice': {
      const values = distribution.valuesHz.join('/');
      const weights = distribution.weights;
      return `choice of ${values} Hz${weights === undefined ? '' : ` weighted ${weights.join('/')}`}`;
    }
    case 'normal':
      return (
        `normal, mean ${distribution.meanHz} Hz, sd ${distribution.sdHz} Hz, ` +
        `in ${distribution.minHz}..${distribution.maxHz}`
      );
    case 'lognormal':
      return (
        `lognormal, median ${distribution.medianHz} Hz, sigma ${distribution.sigma}, ` +
        `in ${distribution.minHz}..${distribution.maxHz}`
      );
    default:
      return assertNever(distribution, 'rate distribution');
  }
}
