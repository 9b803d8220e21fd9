/**
 * The `explore` case of the bench (issue 19): runs/s and events/s of an exploration on one
 * worker thread and on two (explore-case.ts, each a fresh process), taking turns so a machine
 * that slows down over the minutes weighs on both; the scaling 2 / 1 is the median of the
 * rounds' ratios (target >= 1.8x on this 2-core machine), with CPU time beside the wall time:
 * cores busy = cpu / wall says whether a poor ratio is the load of other processes.
 */
import { execFileSync } from 'node:child_process';
import { renderTable } from '../src/common/text-table.js';
import type { ExploreCaseResult } from './explore-case.js';
import { median } from './marginal.js';

/** Runs per timed exploration: ~5-10 s on one worker. */
export const exploreBenchRuns = 600;

export interface ExploreSummary {
  readonly rounds: number;
  readonly one: ExploreCaseResult;
  readonly two: ExploreCaseResult;
  /** Two workers' runs/s over one's: median of the rounds' ratios, and their range. */
  readonly scaling: number;
  readonly scalingMin: number;
  readonly scalingMax: number;
}

function runCase(script: string, workers: number): ExploreCaseResult {
  const output = execFileSync(
    process.execPath,
    [script, String(workers), String(exploreBenchRuns)],
    {
      encoding: 'utf8',
    },
  );
  return JSON.parse(output.trim().split('\n').pop() ?? '') as ExploreCaseResult;
}

/** The round whose runs/s is the median. */
function medianCase(cases: readonly ExploreCaseResult[]): ExploreCaseResult {
  const sorted = [...cases].sort((a, b) => a.runsPerSec - b.runsPerSec);
  return sorted[Math.floor(sorted.length / 2)] as ExploreCaseResult;
}

export function measureExplore(script: string, rounds: number): ExploreSummary {
  const ones: ExploreCaseResult[] = [];
  const twos: ExploreCaseResult[] = [];
  const ratios: number[] = [];
  for (let round = 0; round < rounds; round += 1) {
    const one = runCase(script, 1);
    const two = runCase(script, 2);
    ones.push(one);
    twos.push(two);
    ratios.push(two.runsPerSec / one.runsPerSec);
  }
  return {
    rounds,
    one: medianCase(ones),
    two: medianCase(twos),
    scaling: median(ratios),
    scalingMin: Math.min(...ratios),
    scalingMax: Math.max(...ratios),
  };
}

export function exploreTable(summary: ExploreSummary): string {
  const row = (result: ExploreCaseResult) => [
    `explore --runs ${result.runs}, ${result.workers} worker(s)`,
    result.runsPerSec.toFixed(0),
    (result.eventsPerSec / 1e3).toFixed(0),
    result.wallSec.toFixed(2),
    (result.cpuSec / result.wallSec).toFixed(2),
    result.wallWithStartSec.toFixed(2),
  ];
  const table = renderTable(
    ['case', 'runs/s', 'k events/s', 'wall s (warm)', 'cores busy', 'with start-up'],
    [row(summary.one), row(summary.two)],
  );
  return (
    `${table}\n(medians of ${summary.rounds} rounds; scaling 1 -> 2 workers ` +
    `${summary.scaling.toFixed(2)}x (${summary.scalingMin.toFixed(2)}-${summary.scalingMax.toFixed(2)}); target >= 1.8x)`
  );
}
