/**
 * A worker thread of explore's pool (src/experiments/pool.ts): evaluates the batches of runs it
 * is sent, one run at a time, and answers each batch with its verdicts in index order.
 */
import { parentPort } from 'node:worker_threads';
import { carryError } from '../common/errors.js';
import { evaluateTrial } from './evaluate-trial.js';
import type { TrialBatch } from './trial-batch.js';
import { trialScenario } from './trial-arbitrary.js';

parentPort?.on('message', (message: { index: number; job: TrialBatch }) => {
  try {
    const { settings, indices } = message.job;
    const result = indices.map((index) =>
      evaluateTrial(trialScenario(settings, index), index, settings),
    );
    parentPort?.postMessage({ index: message.index, result });
  } catch (error) {
    // Carried with its kind: an operating error (a full disk) is not a bug of the tool.
    parentPort?.postMessage({ index: message.index, error: carryError(error) });
  }
});
