/** A worker thread of the experiment pool: runs the jobs it is sent, one at a time. */
import { parentPort } from 'node:worker_threads';
import { carryError } from '../common/errors.js';
import { runJob } from './job.js';
import type { Job } from './matrix.js';

/** Jobs run one after another: the pool sends the next before this one ends. */
let previous: Promise<void> = Promise.resolve();

parentPort?.on('message', (message: { index: number; job: Job }) => {
  previous = previous.then(() =>
    runJob(message.job).then(
      (result) => parentPort?.postMessage({ index: message.index, result }),
      // Carried with its kind: a worker's full disk or bad scenario is not a bug of the tool.
      (error: unknown) =>
        parentPort?.postMessage({ index: message.index, error: carryError(error) }),
    ),
  );
});
