/**
 * The sweep benchmark: 200 short runs of the experiments' sweep grid (rate spread × internal
 * probability × seeds) on a pool of worker threads. Prints one JSON line: `wallSec` and the
 * rates are for the 200 runs once every worker has started and run 20 jobs (thread start-up
 * and JIT warm-up excluded: they are paid once per sweep, whatever its size), and
 * `wallWithStartSec` is the whole sweep as a user waits for it.
 * - `experiments`: each run with CSV logs, analysed and charted, exactly as `experiments --sweep`;
 * - `simulate`: each run simulated only (no logs), the scheduler's own scaling over cores.
 * `cpuSec` is the process's CPU time over the timed runs, all threads: cpuSec / wallSec is how
 * many cores the sweep kept busy.
 * Usage: node dist/bench/sweep-case.js <experiments|simulate> <workers> [runs] [durationSec]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Job } from '../src/experiments/matrix.js';
import { sweepProbabilities, sweepRateRanges } from '../src/experiments/matrix.js';
import type { JobResult } from '../src/experiments/job.js';
import { experimentWorkerUrl, WorkerPool } from '../src/experiments/pool.js';
import type { SimulationJob } from './sweep-worker.js';

const [mode = 'experiments', workersText = '1', runsText = '200', durationText = '600'] =
  process.argv.slice(2);
const workers = Number(workersText);
const runs = Number(runsText);
const durationSec = Number(durationText);

/**
 * Each worker is its own V8 isolate and compiles the simulator for itself: its speed settles
 * after some 60 000-100 000 events (slices timed in one process). Two jobs of a 600 s run are
 * 11 000 events, so the timed part used to include most of every worker's warm-up, twice over
 * on two workers; twenty are 110 000 or more.
 */
const warmUpJobsPerWorker = 20;

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

/**
 * Runs the sweep on a started pool: first `warmUpJobsPerWorker` jobs per worker untimed (thread
 * start-up, module loading and JIT warm-up), then all jobs timed. Returns the events and both
 * times.
 */
async function sweep(): Promise<{
  events: number;
  wallSec: number;
  steadySec: number;
  steadyCpuSec: number;
}> {
  const startMs = performance.now();
  const warmUp = Array.from(
    { length: warmUpJobsPerWorker * workers },
    (_, index) => jobs[index % jobs.length] as Job,
  );
  let steadyStartMs = 0;
  // CPU time of the whole process (every thread: workers, garbage collection, compilation).
  let steadyStartCpu = process.cpuUsage();
  let events = 0;
  if (mode === 'simulate') {
    const simulations: SimulationJob[] = jobs.map((job) => ({
      scenario: job.scenario,
      seed: job.seed,
      durationSec: job.durationSec,
      rateRange: job.overrides.rateRange ?? { min: 1, max: 6 },
      internalProbability: job.overrides.internalProbability ?? 0.7,
    }));
    const pool = new WorkerPool<SimulationJob, number>(
      workers,
      new URL('./sweep-worker.js', import.meta.url),
    );
    try {
      await pool.run(simulations.slice(0, warmUp.length), () => {});
      steadyStartMs = performance.now();
      steadyStartCpu = process.cpuUsage();
      const counts = await pool.run(simulations, () => {});
      events = counts.reduce((total, count) => total + count, 0);
    } finally {
      await pool.close();
    }
  } else {
    const pool = new WorkerPool<Job, JobResult>(workers, experimentWorkerUrl);
    try {
      const warmRoot = join(root, 'warm-up');
      await pool.run(
        // Numbered: a short sweep repeats jobs to warm up, and two workers must not share a directory.
        warmUp.map((job, index) => ({
          ...job,
          outDir: join(warmRoot, `${index}-${basename(job.outDir)}`),
        })),
        () => {},
      );
      steadyStartMs = performance.now();
      steadyStartCpu = process.cpuUsage();
      const results = await pool.run(jobs, () => {});
      events = results.reduce(
        (total, result) =>
          total + result.summary.machines.reduce((sum, machine) => sum + machine.events.total, 0),
        0,
      );
    } finally {
      await pool.close();
    }
  }
  const endMs = performance.now();
  const cpu = process.cpuUsage(steadyStartCpu);
  return {
    events,
    wallSec: (endMs - startMs) / 1000,
    steadySec: (endMs - steadyStartMs) / 1000,
    steadyCpuSec: (cpu.user + cpu.system) / 1e6,
  };
}

try {
  const { events, wallSec: wallWithStartSec, steadySec: wallSec, steadyCpuSec } = await sweep();
  process.stdout.write(
    `${JSON.stringify({
      mode,
      workers,
      runs,
      durationSec,
      events,
      wallSec,
      cpuSec: steadyCpuSec,
      runsPerSec: runs / wallSec,
      wallWithStartSec,
      eventsPerSec: events / wallSec,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
    })}\n`,
  );
} finally {
  rmSync(root, { recursive: true, force: true });
}
