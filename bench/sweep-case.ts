/**
 * The sweep benchmark: 200 short runs of the experiments' sweep grid (rate spread × internal
 * probability × seeds) on a pool of worker threads. Prints one JSON line.
 * - `experiments`: each run with CSV logs, analysed and charted, exactly as `experiments --sweep`;
 * - `simulate`: each run simulated only (no logs), the scheduler's own scaling over cores.
 * Usage: node dist/bench/sweep-case.js <experiments|simulate> <workers> [runs] [durationSec]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Job } from '../src/experiments/matrix.js';
import { sweepProbabilities, sweepRateRanges } from '../src/experiments/matrix.js';
import { runJobs } from '../src/experiments/pool.js';
import type { SimulationJob } from './sweep-worker.js';

const [mode = 'experiments', workersText = '1', runsText = '200', durationText = '600'] =
  process.argv.slice(2);
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

async function sweep(): Promise<number> {
  if (mode === 'simulate') {
    const simulations: SimulationJob[] = jobs.map((job) => ({
      scenario: job.scenario,
      seed: job.seed,
      durationSec: job.durationSec,
      rateRange: job.overrides.rateRange ?? { min: 1, max: 6 },
      internalProbability: job.overrides.internalProbability ?? 0.7,
    }));
    const counts = await runJobs<SimulationJob, number>(
      simulations,
      workers,
      () => {},
      new URL('./sweep-worker.js', import.meta.url),
    );
    return counts.reduce((total, count) => total + count, 0);
  }
  const results = await runJobs(jobs, workers, () => {});
  return results.reduce(
    (total, result) =>
      total + result.summary.machines.reduce((sum, machine) => sum + machine.events.total, 0),
    0,
  );
}

try {
  const startMs = performance.now();
  const events = await sweep();
  const wallSec = (performance.now() - startMs) / 1000;
  process.stdout.write(
    `${JSON.stringify({
      mode,
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
