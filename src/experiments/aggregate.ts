/**
 * From the runs of an experiment to its row of the report: means and spreads over the seeds, the
 * model's prediction beside the measurement, and an observation written from the numbers.
 */
import { fixedText } from '../common/number-text.js';
import type { JobResult } from './job.js';

export interface Spread {
  readonly mean: number;
  readonly sd: number;
}

export interface ExperimentRow {
  readonly experiment: string;
  readonly seeds: readonly number[];
  readonly rates: string;
  readonly internalProbability: number;
  readonly jumpMax: Spread;
  readonly driftMax: Spread;
  /** The fastest-growing queue of each run (messages/s), measured and predicted. */
  readonly growthMeasured: Spread;
  readonly growthPredicted: Spread;
  /** Runs in which some queue was measured growing, out of all runs. */
  readonly growingRuns: number;
  readonly observation: string;
}

export function spreadOf(values: readonly number[]): Spread {
  if (values.length === 0) return { mean: 0, sd: 0 };
  const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
  const variance = values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / values.length;
  return { mean, sd: Math.sqrt(variance) };
}

export function formatSpread(spread: Spread, digits: number): string {
  return `${fixedText(spread.mean, digits)} ± ${fixedText(spread.sd, digits)}`;
}

function describeRates(results: readonly JobResult[]): string {
  const distinct = [...new Set(results.map((result) => result.rates.join('/')))];
  return distinct.length === 1 ? (distinct[0] as string) : `drawn: ${distinct.join(', ')}`;
}

export function aggregate(experiment: string, results: readonly JobResult[]): ExperimentRow {
  const machinesOf = (result: JobResult) => result.summary.machines;
  const jumpMax = results.map((result) =>
    Math.max(0, ...machinesOf(result).map((m) => m.jumps.max)),
  );
  const driftMax = results.map((result) =>
    Math.max(0, ...machinesOf(result).map((m) => m.drift.max)),
  );
  const growth = results.map((result) =>
    Math.max(0, ...machinesOf(result).map((m) => m.queue.growthPerSec)),
  );
  const predicted = results.map((result) =>
    Math.max(0, ...machinesOf(result).map((m) => m.predicted?.queueGrowthPerSec ?? 0)),
  );
  const growingRuns = results.filter((result) =>
    machinesOf(result).some((machine) => machine.queue.verdict === 'growing'),
  ).length;
  const row = {
    experiment,
    seeds: results.map((result) => result.job.seed),
    rates: describeRates(results),
    internalProbability: results[0]?.internalProbability ?? 0,
    jumpMax: spreadOf(jumpMax),
    driftMax: spreadOf(driftMax),
    growthMeasured: spreadOf(growth),
    growthPredicted: spreadOf(predicted),
    growingRuns,
  };
  return { ...row, observation: observe(row, results) };
}

/** One or two sentences from the numbers: which queue grows and how fast, how big the jumps are. */
function observe(row: Omit<ExperimentRow, 'observation'>, results: readonly JobResult[]): string {
  const runs = results.length;
  const jumps = `The largest clock jump is ${formatSpread(row.jumpMax, 1)} and the largest drift ${formatSpread(row.driftMax, 1)} clock units.`;
  // One seed is one run: "in all 1 runs" would read as a slip, so a single run is "the run".
  if (row.growingRuns === 0 && row.growthPredicted.mean === 0) {
    const where = runs === 1 ? 'in the run' : `in all ${runs} runs`;
    return `Every queue stays stable ${where}, as the model predicts. ${jumps}`;
  }
  const who = slowestMachineText(results);
  const verdict =
    runs === 1
      ? row.growingRuns === 1
        ? 'grows in the run'
        : 'does not grow in the run'
      : row.growingRuns === runs
        ? `grows in all ${runs} runs`
        : `grows in ${row.growingRuns} of ${runs} runs`;
  return (
    `The queue of ${who} ${verdict}: ${formatSpread(row.growthMeasured, 2)} messages/s measured, ` +
    `${fixedText(row.growthPredicted.mean, 2)} predicted. ${jumps}`
  );
}

/**
 * Which queue grows, named so it holds for every seed: a machine id is no name when the rates are
 * drawn per seed (machine 0 may be the fastest in one run and the slowest in the next). In the
 * fluid model the slowest machine's queue grows first; when each run's fastest-growing queue is
 * a slowest machine's, that is its name, else the text says in how many runs it was.
 */
type MachineOfRun = JobResult['summary']['machines'][number];

export function slowestMachineText(results: readonly JobResult[]): string {
  const slowest = results.map((result) => Math.min(...result.rates));
  if (slowest.length === 0) return 'the slowest machine';
  // Only a queue measured growing says which machine grows; in a run where every queue is
  // stable the fastest "growth" is noise.
  const growers = results.flatMap((result, index) => {
    const grower = result.summary.machines
      .filter((machine) => machine.queue.verdict === 'growing')
      .reduce<MachineOfRun | null>(
        (best, machine) =>
          best === null || machine.queue.growthPerSec > best.queue.growthPerSec ? machine : best,
        null,
      );
    return grower === null ? [] : [result.rates[grower.id] === slowest[index]];
  });
  const onSlowest = growers.filter(Boolean).length;
  if (onSlowest < growers.length) {
    return growers.length === 1
      ? 'the fastest-growing machine (not the slowest one, in the only run where a queue grows)'
      : `the fastest-growing machine (the slowest one in ${onSlowest} of the ${growers.length} runs where a queue grows)`;
  }
  const low = Math.min(...slowest);
  const high = Math.max(...slowest);
  const drawn = new Set(results.map((result) => result.rates.join('/'))).size > 1;
  if (drawn) {
    return low === high
      ? `the slowest machine (${low} Hz in every run; the rates are drawn per seed)`
      : `the slowest machine (${low} to ${high} Hz; the rates are drawn per seed)`;
  }
  const rates = results[0]?.rates ?? [];
  const ids = rates.flatMap((rate, id) => (rate === low ? [id] : []));
  return ids.length === 1
    ? `the slowest machine (machine ${ids[0]}, ${low} Hz)`
    : `a slowest machine (machine ${ids.join(' or ')}, ${low} Hz)`;
}
