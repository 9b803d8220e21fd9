/**
 * The explore benchmark (issue 19): an exploration on a pool of W worker threads, as the command
 * evaluates it (src/explore/explore-run.ts: rounds of batches, lowest index first), on the
 * correct model with every fault kind. Prints one JSON line. Two measures:
 * - `settled N WARM`: N runs once the workers are up and have run WARM runs each of another seed.
 *   V8 keeps compiling for the first few thousand trials of a worker (each trial reaches code
 *   paths and shapes the last did not: 2.5 s of optimizing compile in its first 1 000 trials,
 *   0.34 s in its fourth, ~0 after 6 000, measured with --trace-opt), so the steady rate needs
 *   a warm-up of thousands; the compile runs on V8's background threads, beside the worker.
 * - `time S`: the whole exploration `explore --time S` makes, from a cold pool (thread start-up
 *   and every compile included): the runs it got through in S seconds.
 * `cpuSec` is the process's CPU time over the timed part, all threads. W = 0 evaluates in this
 * thread, as `--jobs 1` does.
 * Usage: node dist/bench/explore-case.js <workers> settled <runs> <warmUpRunsPerWorker>
 *        node dist/bench/explore-case.js <workers> time <seconds>
 */
import { performance } from 'node:perf_hooks';
import { evaluateTrial } from '../src/explore/evaluate-trial.js';
import { type ExploreLimit, exploreRuns } from '../src/explore/explore-run.js';
import { type ExploreSettings, faultKindsAll } from '../src/explore/explore-settings.js';
import { poolEvaluator } from '../src/explore/pool-evaluator.js';
import { trialScenario } from '../src/explore/trial-arbitrary.js';
import { type BatchEvaluator, inProcessEvaluator } from '../src/explore/trial-batch.js';

export interface ExploreCaseResult {
  readonly workers: number;
  readonly measure: 'settled' | 'time';
  readonly runs: number;
  readonly events: number;
  readonly wallSec: number;
  readonly cpuSec: number;
  readonly runsPerSec: number;
  readonly eventsPerSec: number;
}

const [workersText = '1', measureText = 'settled', ...rest] = process.argv.slice(2);
const workers = Number(workersText);
if (measureText !== 'settled' && measureText !== 'time')
  throw new Error(`explore-case: the measure is settled or time, got "${measureText}"`);
const measure = measureText;
const settings = (seed: number): ExploreSettings => ({
  seed,
  faultKinds: faultKindsAll,
  machinesMax: 4,
  expect: null,
});
const hooks = { nowMs: () => performance.now(), shouldStop: () => false };

const coldStartMs = performance.now();
const coldStartCpu = process.cpuUsage();
const evaluator: BatchEvaluator =
  workers === 0
    ? inProcessEvaluator((trialSettings, index) =>
        evaluateTrial(trialScenario(trialSettings, index), index, trialSettings),
      )
    : poolEvaluator(workers);
try {
  let limit: ExploreLimit;
  let startMs = coldStartMs;
  let startCpu = coldStartCpu;
  if (measure === 'settled') {
    const [runsText = '3000', warmUpText = '5000'] = rest;
    const warmUpRuns = Number(warmUpText) * Math.max(1, workers);
    const warmUp = { kind: 'runs', runs: warmUpRuns } as const;
    await exploreRuns({ settings: settings(2), limit: warmUp, shard: null }, evaluator, hooks);
    limit = { kind: 'runs', runs: Number(runsText) };
    startMs = performance.now();
    startCpu = process.cpuUsage();
  } else {
    limit = { kind: 'time', timeSec: Number(rest[0] ?? '60') };
  }
  const outcome = await exploreRuns(
    { settings: settings(1), limit, shard: null },
    evaluator,
    hooks,
  );
  const wallSec = (performance.now() - startMs) / 1000;
  const cpu = process.cpuUsage(startCpu);
  const result: ExploreCaseResult = {
    workers,
    measure,
    runs: outcome.runsEvaluated,
    events: outcome.eventsEvaluated,
    wallSec,
    cpuSec: (cpu.user + cpu.system) / 1e6,
    runsPerSec: outcome.runsEvaluated / wallSec,
    eventsPerSec: outcome.eventsEvaluated / wallSec,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
} finally {
  await evaluator.close();
}
