/**
 * Runs experiment jobs on every core: a pool of worker threads, each taking the next job when it
 * finishes one. Results come back in job order whatever order they finish in, so the report does
 * not depend on timing.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { JobResult } from './job.js';
import type { Job } from './matrix.js';

const workerUrl = new URL('./worker.js', import.meta.url);

export function defaultWorkerCount(): number {
  return Math.max(1, availableParallelism());
}

export async function runJobs(
  jobs: readonly Job[],
  workerCount: number,
  onDone: (done: number, total: number) => void,
): Promise<JobResult[]> {
  const results = new Array<JobResult | undefined>(jobs.length);
  let next = 0;
  let done = 0;
  const workers = Array.from(
    { length: Math.min(workerCount, jobs.length) },
    () => new Worker(workerUrl),
  );
  try {
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const give = () => {
              if (next >= jobs.length) return resolve();
              const index = next;
              next += 1;
              worker.postMessage({ index, job: jobs[index] });
            };
            worker.on(
              'message',
              (message: { index: number; result?: JobResult; error?: string }) => {
                if (message.error !== undefined) return reject(new Error(message.error));
                results[message.index] = message.result;
                done += 1;
                onDone(done, jobs.length);
                give();
              },
            );
            worker.on('error', reject);
            give();
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
  return results.map((result) => result as JobResult);
}
