/**
 * The explore benchmark (issue 19): `explore --runs N` on a pool of W worker threads, as the
 * command evaluates them (src/explore/explore-run.ts: rounds of batches, lowest index first), on
 * the correct model with every fault kind. Prints one JSON line: the steady figures are for the
 * N runs once the workers are up and have run a warm-up exploration of another seed (thread
 * start-up and JIT warm-up, paid once per exploration), `wallWithStartSec` the whole as a user
 * waits for it. `cpuSec` is the process's CPU time over the timed runs, all threads.
 * W = 0 evaluates in this thread, as `--jobs 1` does.
 * Usage: node dist/bench/explore-case.js <workers> [runs]
 */
import { performance } from 'node:perf_hooks';
import { evaluateTrial } from '../src/explore/evaluate-trial.js';
import { exploreRuns } from '../src/explore/explore-run.js';
import { type ExploreSettings, faultKindsAll } from '../src/explore/explore-settings.js';
import { poolEvaluator } from '../src/explore/pool-evaluator.js';
import { trialScenario } from '../src/explore/trial-arbitrary.js';
import { type BatchEvaluator, inProcessEvaluator } from '../src/explore/trial-batch.js';

export interface ExploreCaseResult {
  readonly workers: number;
  readonly runs: number;
  readonly events: number;
  readonly wallSec: number;
  readonly cpuSec: number;
  readonly wallWithStartSec: number;
  readonly runsPerSec: number;
  readonly eventsPerSec: number;
}

const [workersText = '1', runsText = '400'] = process.argv.slice(2);
const workers = Number(workersText);
const runs = Number(runsText);
const settings = (seed: number): ExploreSettings => ({
  seed,
  faultKinds: faultKindsAll,
  machinesMax: 4,
  expect: null,
});
const hooks = { nowMs: () => performance.now(), shouldStop: () => false };

const startMs = performance.now();
const evaluator: BatchEvaluator =
  workers === 0
    ? inProcessEvaluator((trialSettings, index) =>
        evaluateTrial(trialScenario(trialSettings, index), index, trialSettings),
      )
    : poolEvaluator(workers);
try {
  await exploreRuns(
    { settings: settings(2), limit: { kind: 'runs', runs: Math.ceil(runs / 4) }, shard: null },
    evaluator,
    hooks,
  );
  const steadyStartMs = performance.now();
  const steadyStartCpu = process.cpuUsage();
  const outcome = await exploreRuns(
    { settings: settings(1), limit: { kind: 'runs', runs }, shard: null },
    evaluator,
    hooks,
  );
  const endMs = performance.now();
  const cpu = process.cpuUsage(steadyStartCpu);
  const wallSec = (endMs - steadyStartMs) / 1000;
  const result: ExploreCaseResult = {
    workers,
    runs: outcome.runsEvaluated,
    events: outcome.eventsEvaluated,
    wallSec,
    cpuSec: (cpu.user + cpu.system) / 1e6,
    wallWithStartSec: (endMs - startMs) / 1000,
    runsPerSec: outcome.runsEvaluated / wallSec,
    eventsPerSec: outcome.eventsEvaluated / wallSec,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
} finally {
  await evaluator.close();
}
