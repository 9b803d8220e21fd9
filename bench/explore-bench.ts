/**
 * The `explore` case of the bench (issue 19): runs/s and events/s of an exploration on one
 * worker thread and on two (explore-case.ts, each a fresh process), taking turns so a machine
 * that slows down over the minutes weighs on both; the scaling 2 / 1 is the median of the
 * rounds' ratios (target >= 1.8x on this 2-core machine), with CPU time beside the wall time:
 * cores busy = cpu / wall says whether a poor ratio is the load of other processes.
 *
 * Two measures (explore-case.ts says why): `settled`, the rate once V8 has stopped compiling
 * (3 000 runs after 5 000 per worker of warm-up), and `time`, the whole of `explore --time 60`
 * from a cold pool, as the issue words the target.
 */
import { renderTable } from '../src/common/text-table.js';
import type { ExploreCaseResult } from './explore-case.js';
import { median, runCaseScript } from './marginal.js';

export const exploreSettledRuns = 3000;
export const exploreWarmUpRunsPerWorker = 5000;
export const exploreTimeSec = 60;

export interface ExploreScaling {
  readonly measure: 'settled' | 'time';
  readonly rounds: number;
  readonly one: ExploreCaseResult;
  readonly two: ExploreCaseResult;
  /** Two workers' runs/s over one's: median of the rounds' ratios, and their range. */
  readonly scaling: number;
  readonly scalingMin: number;
  readonly scalingMax: number;
}

export interface ExploreSummary {
  readonly settled: ExploreScaling;
  readonly time: ExploreScaling;
}

function runCase(script: string, workers: number, measure: 'settled' | 'time'): ExploreCaseResult {
  const measureArguments =
    measure === 'settled'
      ? [String(exploreSettledRuns), String(exploreWarmUpRunsPerWorker)]
      : [String(exploreTimeSec)];
  return runCaseScript(script, [String(workers), measure, ...measureArguments]);
}

/** The round whose runs/s is the median. */
function medianCase(cases: readonly ExploreCaseResult[]): ExploreCaseResult {
  const sorted = [...cases].sort((a, b) => a.runsPerSec - b.runsPerSec);
  return sorted[Math.floor(sorted.length / 2)] as ExploreCaseResult;
}

function measureScaling(
  script: string,
  measure: 'settled' | 'time',
  rounds: number,
): ExploreScaling {
  const ones: ExploreCaseResult[] = [];
  const twos: ExploreCaseResult[] = [];
  const ratios: number[] = [];
  for (let round = 0; round < rounds; round += 1) {
    const one = runCase(script, 1, measure);
    const two = runCase(script, 2, measure);
    ones.push(one);
    twos.push(two);
    ratios.push(two.runsPerSec / one.runsPerSec);
  }
  return {
    measure,
    rounds,
    one: medianCase(ones),
    two: medianCase(twos),
    scaling: median(ratios),
    scalingMin: Math.min(...ratios),
    scalingMax: Math.max(...ratios),
  };
}

export function measureExplore(script: string, rounds: number): ExploreSummary {
  return {
    settled: measureScaling(script, 'settled', rounds),
    time: measureScaling(script, 'time', rounds),
  };
}

function caseLabel(result: ExploreCaseResult): string {
  const plural = result.workers === 1 ? 'worker' : 'workers';
  return result.measure === 'settled'
    ? `settled: ${result.runs} runs after ${exploreWarmUpRunsPerWorker} per worker, ${result.workers} ${plural}`
    : `explore --time ${exploreTimeSec}, ${result.workers} ${plural} (${result.runs} runs)`;
}

export function exploreTable(summary: ExploreSummary): string {
  const row = (result: ExploreCaseResult) => [
    caseLabel(result),
    result.runsPerSec.toFixed(0),
    (result.eventsPerSec / 1e3).toFixed(0),
    result.wallSec.toFixed(2),
    (result.cpuSec / result.wallSec).toFixed(2),
  ];
  const { settled, time } = summary;
  const table = renderTable(
    ['case', 'runs/s', 'k events/s', 'wall s', 'cores busy'],
    [row(settled.one), row(settled.two), row(time.one), row(time.two)],
  );
  const scaling = (s: ExploreScaling) =>
    `${s.scaling.toFixed(2)}x (${s.scalingMin.toFixed(2)}-${s.scalingMax.toFixed(2)})`;
  return (
    `${table}\n(medians of ${settled.rounds} rounds; scaling 1 -> 2 workers, settled ` +
    `${scaling(settled)}, whole --time ${exploreTimeSec} ${scaling(time)}; target >= 1.8x)`
  );
}
