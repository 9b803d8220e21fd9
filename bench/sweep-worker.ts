/**
 * A worker of the simulation-only sweep (sweep-case.ts): runs a scenario without logs and
 * answers with its event count. The experiments' own worker also writes logs and analyses them.
 */
import { parentPort } from 'node:worker_threads';
import { carryError } from '../src/common/errors.js';
import { executeRun } from '../src/run/virtual-run.js';
import { loadScenario } from '../src/scenario/load.js';
import { resolveScenario } from '../src/scenario/resolve.js';

export interface SimulationJob {
  readonly scenario: string;
  readonly seed: number;
  readonly durationSec: number;
  readonly rateRange: { readonly min: number; readonly max: number };
  readonly internalProbability: number;
}

/** Jobs run one after another: the pool sends the next before this one ends. */
let previous: Promise<void> = Promise.resolve();

parentPort?.on('message', (message: { index: number; job: SimulationJob }) => {
  previous = previous.then(() => simulate(message.index, message.job));
});

function simulate(index: number, job: SimulationJob): Promise<void> {
  const loaded = loadScenario(job.scenario, {
    values: {
      durationSec: job.durationSec,
      seed: job.seed,
      rateRange: job.rateRange,
      internalProbability: job.internalProbability,
    },
    flags: {},
  });
  return executeRun({
    scenario: resolveScenario(loaded, job.seed),
    outDir: null,
    force: false,
  }).then(
    ({ manifest }) => parentPort?.postMessage({ index, result: manifest.events }),
    (error: unknown) => parentPort?.postMessage({ index, error: carryError(error) }),
  );
}
