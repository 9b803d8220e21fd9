/**
 * The sweep benchmark: 200 short runs of the experiments' sweep grid (rate spread × internal
 * probability × seeds), each simulated with CSV logs and analysed, exactly as `experiments
 * --sweep` does, on a pool of worker threads. Prints one JSON line.
 * Usage: node dist/bench/sweep-case.js <workers> [runs] [durationSec]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Job } from '../src/experiments/matrix.js';
import { sweepProbabilities, sweepRateRanges } from '../src/experiments/matrix.js';
import { runJobs } from '../src/experiments/pool.js';

const [workersText = '1', runsText = '200', durationText = '600'] = process.argv.slice(2);
const workers = Number(workersText);
const runs = Number(runsText);
const durationSec = Number(durationText);

const root = mkdtempSync(join(tmpdir(), 'lamport-sweep-'));
const jobs: Job[] = [];
for (let seed = 1; jobs.length < runs; seed += 1) {
  for (const rateRange of sweepRateRanges) {
    for (const internalProbability of sweepProbabilities) {
      if (jobs.length === runs) break;
      const experiment = `sweep-${rateRange.min}-${rateRange.max}-p${internalProbability}`;
      jobs.push({
        experiment,
        scenario: 'default',
        seed,
        durationSec,
        outDir: join(root, `${experiment}-seed${seed}`),
        overrides: { rateRange, internalProbability },
      });
    }
  }
}

try {
  const startMs = performance.now();
  const results = await runJobs(jobs, workers, () => {});
  const wallSec = (performance.now() - startMs) / 1000;
  const events = results.reduce(
    (total, result) =>
      total + result.summary.machines.reduce((sum, machine) => sum + machine.events.total, 0),
    0,
  );
  process.stdout.write(
    `${JSON.stringify({
      workers,
      runs,
      durationSec,
      events,
      wallSec,
      runsPerSec: runs / wallSec,
      eventsPerSec: events / wallSec,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
    })}\n`,
  );
} finally {
  rmSync(root, { recursive: true, force: true });
}
