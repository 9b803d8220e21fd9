/**
 * Runs experiment jobs on every core: a pool of worker threads, each taking the next job when it
 * finishes one (workers run their jobs one at a time, in the order sent). Results come back in job order whatever order they finish in, so the report does
 * not depend on timing.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { JobResult } from './job.js';
import type { Job } from './matrix.js';

const experimentWorkerUrl = new URL('./worker.js', import.meta.url);

export function defaultWorkerCount(): number {
  return Math.max(1, availableParallelism());
}

/**
 * Runs `jobs` on `workerCount` threads of `workerUrl` (the experiment worker unless given; the
 * bench passes its own): each answers `{ index, job }` with `{ index, result }` or `{ index, error }`.
 */
export async function runJobs<J = Job, R = JobResult>(
  jobs: readonly J[],
  workerCount: number,
  onDone: (done: number, total: number) => void,
  workerUrl: URL = experimentWorkerUrl,
): Promise<R[]> {
  const results = new Array<R | undefined>(jobs.length);
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
            let inFlight = 0;
            const give = () => {
              if (next < jobs.length) {
                const index = next;
                next += 1;
                inFlight += 1;
                worker.postMessage({ index, job: jobs[index] });
              } else if (inFlight === 0) {
                resolve();
              }
            };
            worker.on('message', (message: { index: number; result?: R; error?: string }) => {
              if (message.error !== undefined) return reject(new Error(message.error));
              results[message.index] = message.result;
              inFlight -= 1;
              done += 1;
              onDone(done, jobs.length);
              give();
            });
            worker.on('error', reject);
            // Two jobs in flight per worker: the next one is already waiting in the worker when
            // it posts a result, so it never idles for a round trip through this thread.
            give();
            give();
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
  return results.map((result, index) => {
    if (result === undefined) throw new Error(`experiment job ${index} returned no result`);
    return result;
  });
}
