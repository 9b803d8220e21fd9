/**
 * The job list of an `experiments` run, in the order the report is built from: the matrix's
 * experiments (each with its seeds), then the sweep's grid cells. A shard (`--shard i/n`) picks
 * from this very list by index, so it must be the same in every process given the same settings.
 */
import { join } from 'node:path';
import { loadScenario } from '../scenario/load.js';
import {
  type Job,
  matrixScenarios,
  seedFor,
  sweepProbabilities,
  sweepRateRanges,
} from './matrix.js';

/** What decides an experiments report (besides --out): the same in every shard of one run. */
export interface ExperimentSettings {
  readonly seeds: number;
  readonly durationSec: number;
  readonly sweep: boolean;
  readonly reportFile: string;
  readonly keepRuns: boolean;
}

export interface ExperimentJobs {
  /** Matrix jobs first, then the sweep's. */
  readonly jobs: readonly Job[];
  /** How many of `jobs` are the matrix's (the rest are the sweep's). */
  readonly matrixCount: number;
}

function matrixJobs(settings: ExperimentSettings, out: string): Job[] {
  return matrixScenarios.flatMap((scenario) => {
    const baseSeed = loadScenario(scenario, { values: {}, flags: {} }).file.seed ?? 1;
    return Array.from({ length: settings.seeds }, (_, index) => {
      const seed = seedFor(baseSeed, index);
      const outDir = join(out, 'runs', `${scenario}-seed${seed}`);
      return {
        experiment: scenario,
        scenario,
        seed,
        durationSec: settings.durationSec,
        outDir,
        overrides: {},
      };
    });
  });
}

function sweepJobs(settings: ExperimentSettings, out: string): Job[] {
  return sweepRateRanges.flatMap((rateRange) =>
    sweepProbabilities.flatMap((internalProbability) =>
      Array.from({ length: settings.seeds }, (_, index) => {
        const experiment = `sweep-rates${rateRange.min}-${rateRange.max}-p${internalProbability}`;
        const seed = seedFor(9000, index);
        const outDir = join(out, 'runs', `${experiment}-seed${seed}`);
        return {
          experiment,
          scenario: 'default',
          seed,
          durationSec: settings.durationSec,
          outDir,
          overrides: { rateRange, internalProbability },
        };
      }),
    ),
  );
}

/** Every job of the run, each writing its run under `<out>/runs/`. */
export function experimentJobs(settings: ExperimentSettings, out: string): ExperimentJobs {
  const matrix = matrixJobs(settings, out);
  const sweep = settings.sweep ? sweepJobs(settings, out) : [];
  return { jobs: [...matrix, ...sweep], matrixCount: matrix.length };
}
