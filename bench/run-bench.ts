/**
 * `npm run bench`: speed and memory of the simulator, as medians over repeated runs, each in a
 * fresh process. Prints a table and writes bench/results.json. These are benchmark targets, not
 * tests: absolute figures vary between machines, so compare runs on the same machine.
 *
 * Targets (issue 2, 2-core machine): default 3-machine model over 100 000 model seconds,
 * >= 5 M events/s without logs, >= 1 M events/s with full CSV logs, and peak RSS that does not
 * grow with the duration when no queue grows (the two A1 rows).
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderTable } from '../src/text-table.js';

interface CaseResult {
  readonly events: number;
  readonly wallSec: number;
  readonly eventsPerSec: number;
  readonly peakRssMb: number;
}

interface BenchCase {
  readonly name: string;
  readonly scenario: string;
  readonly durationSec: number;
  readonly logs: boolean;
}

const here = dirname(fileURLToPath(import.meta.url));
const repetitions = Number(process.env.BENCH_REPETITIONS ?? 5);

const cases: readonly BenchCase[] = [
  { name: 'default, 100 000 s, no logs', scenario: 'default', durationSec: 100_000, logs: false },
  { name: 'default, 100 000 s, CSV logs', scenario: 'default', durationSec: 100_000, logs: true },
  // A1 (three machines at 6 Hz) has no growing queue: peak RSS must not grow with the duration.
  { name: 'A1, 10 000 s, no logs', scenario: 'A1', durationSec: 10_000, logs: false },
  { name: 'A1, 100 000 s, no logs', scenario: 'A1', durationSec: 100_000, logs: false },
];

function runCase(benchCase: BenchCase): CaseResult {
  const output = execFileSync(
    process.execPath,
    [
      join(here, 'bench-case.js'),
      benchCase.scenario,
      String(benchCase.durationSec),
      benchCase.logs ? 'logs' : 'no-logs',
    ],
    { encoding: 'utf8' },
  );
  return JSON.parse(output.trim().split('\n').pop() ?? '') as CaseResult;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

const rows: (string | number)[][] = [];
const results: Record<string, unknown>[] = [];
for (const benchCase of cases) {
  const runs = Array.from({ length: repetitions }, () => runCase(benchCase));
  const eventsPerSec = runs.map((run) => run.eventsPerSec);
  const summary = {
    name: benchCase.name,
    events: runs[0]?.events ?? 0,
    eventsPerSecMedian: Math.round(median(eventsPerSec)),
    eventsPerSecMin: Math.round(Math.min(...eventsPerSec)),
    eventsPerSecMax: Math.round(Math.max(...eventsPerSec)),
    peakRssMbMedian: Math.round(median(runs.map((run) => run.peakRssMb))),
    repetitions,
  };
  results.push(summary);
  rows.push([
    summary.name,
    summary.events,
    `${(summary.eventsPerSecMedian / 1e6).toFixed(2)} M`,
    `${(summary.eventsPerSecMin / 1e6).toFixed(2)}-${(summary.eventsPerSecMax / 1e6).toFixed(2)} M`,
    summary.peakRssMbMedian,
  ]);
  process.stderr.write(`done: ${benchCase.name}\n`);
}

process.stdout.write(
  `${renderTable(['case', 'events', 'events/s (median)', 'min-max', 'peak RSS MB'], rows)}\n`,
);
const resultsPath = join(here, '..', '..', 'bench', 'results.json');
const document = { node: process.version, repetitions, cases: results };
writeFileSync(resultsPath, `${JSON.stringify(document, null, 2)}\n`);
process.stdout.write(`wrote ${resultsPath}\n`);
