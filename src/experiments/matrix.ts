/**
 * The experiments of the exercise: the seeds' runs (seed 001's five trials, seed 003's A1..A5 and
 * B1..B4) and the two variations the exercise asks for (smaller spread of clock rates, smaller
 * probability of internal events), each run with several seeds; and the sweep grid of rate spread
 * × internal probability that answers "what differences do those variations make?".
 */

export interface Job {
  /** Row of the report this run belongs to. */
  readonly experiment: string;
  readonly scenario: string;
  readonly seed: number;
  readonly durationSec: number;
  readonly outDir: string;
  /** Scenario fields replaced for this run (the sweep sets rate range and probability). */
  readonly overrides: {
    readonly rateRange?: { min: number; max: number };
    readonly internalProbability?: number;
  };
}

export const matrixScenarios: readonly string[] = [
  'trial1',
  'trial2',
  'trial3',
  'trial4',
  'trial5',
  'A1',
  'A2',
  'A3',
  'A4',
  'A5',
  'B1',
  'B2',
  'B3',
  'B4',
  'default',
  'small-variation',
  'low-internal',
  'small-variation-low-internal',
];

/** Rate ranges of the sweep, from no spread to the exercise's order of magnitude. */
export const sweepRateRanges: readonly { min: number; max: number }[] = [
  { min: 3, max: 3 },
  { min: 3, max: 4 },
  { min: 2, max: 4 },
  { min: 1, max: 4 },
  { min: 1, max: 6 },
];
export const sweepProbabilities: readonly number[] = [0.1, 0.25, 0.4, 0.55, 0.7, 0.85];

/** Seed k of an experiment: its scenario's own seed plus k, so seed 0 is the bundled run. */
export function seedFor(baseSeed: number, index: number): number {
  return (baseSeed + index) >>> 0;
}
