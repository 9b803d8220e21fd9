/** A worker thread of the experiment pool: runs the jobs it is sent, one at a time. */
import { parentPort } from 'node:worker_threads';
import { runJob } from './job.js';
import type { Job } from './matrix.js';

parentPort?.on('message', (message: { index: number; job: Job }) => {
  runJob(message.job).then(
    (result) => parentPort?.postMessage({ index: message.index, result }),
    (error: unknown) => parentPort?.postMessage({ index: message.index, error: String(error) }),
  );
});
