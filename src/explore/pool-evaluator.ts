/**
 * Explore's runs on worker threads: the experiments' pool (src/experiments/pool.ts) started
 * once with explore's worker entry and kept up for the whole exploration.
 */
import { pathToFileURL } from 'node:url';
import { builtEntryPaths } from '../common/paths.js';
import { WorkerPool } from '../experiments/pool.js';
import type { TrialVerdict } from './evaluate-trial.js';
import type { BatchEvaluator, TrialBatch } from './trial-batch.js';

export const exploreWorkerUrl = pathToFileURL(builtEntryPaths.exploreWorker);

export function poolEvaluator(
  workerCount: number,
  workerUrl: URL = exploreWorkerUrl,
): BatchEvaluator {
  const pool = new WorkerPool<TrialBatch, TrialVerdict[]>(workerCount, workerUrl);
  return {
    parallelism: pool.size,
    submit: (batch) => pool.submit(batch),
    close: () => pool.close(),
  };
}
