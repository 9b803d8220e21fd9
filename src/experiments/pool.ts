/**
 * Runs experiment jobs on every core: a pool of worker threads, each taking the next job when it
 * finishes one (a worker runs its jobs one at a time, in the order sent). Results come back in
 * job order whatever order they finish in, so the report does not depend on timing.
 */
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { type CarriedError, reviveError } from '../common/errors.js';
import { builtEntryPaths } from '../common/paths.js';
import type { JobResult } from './job.js';
import type { Job } from './matrix.js';

const experimentWorkerUrl = pathToFileURL(builtEntryPaths.experimentWorker);

interface WorkerAnswer<R> {
  readonly index: number;
  readonly result?: R;
  readonly error?: CarriedError;
}

/**
 * Worker threads of `workerUrl` that stay up across batches of jobs (the bench times a batch
 * after the workers have started). A worker answers `{ index, job }` with `{ index, result }` or
 * `{ index, error }`.
 */
export class WorkerPool<J, R> {
  readonly #workers: Worker[];

  constructor(workerCount: number, workerUrl: URL) {
    this.#workers = Array.from({ length: Math.max(1, workerCount) }, () => new Worker(workerUrl));
  }

  get size(): number {
    return this.#workers.length;
  }

  async run(jobs: readonly J[], onDone: (done: number, total: number) => void): Promise<R[]> {
    const results = new Array<R | undefined>(jobs.length);
    let next = 0;
    let done = 0;
    await Promise.all(
      this.#workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            let inFlight = 0;
            const finish = (error?: Error) => {
              worker.off('message', onMessage);
              worker.off('error', finish);
              if (error === undefined) resolve();
              else reject(error);
            };
            const give = () => {
              if (next < jobs.length) {
                const index = next;
                next += 1;
                inFlight += 1;
                worker.postMessage({ index, job: jobs[index] });
              } else if (inFlight === 0) {
                finish();
              }
            };
            const onMessage = (message: WorkerAnswer<R>) => {
              if (message.error !== undefined) return finish(reviveError(message.error));
              results[message.index] = message.result;
              inFlight -= 1;
              done += 1;
              onDone(done, jobs.length);
              give();
            };
            worker.on('message', onMessage);
            worker.on('error', finish);
            // Two jobs in flight per worker: the next one is already waiting in the worker when
            // it posts a result, so it never idles for a round trip through this thread.
            give();
            give();
          }),
      ),
    );
    return results.map((result, index) => {
      if (result === undefined) throw new Error(`experiment job ${index} returned no result`);
      return result;
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.#workers.map((worker) => worker.terminate()));
  }
}

/** Runs `jobs` on a pool made for them (the experiment worker unless `workerUrl` is given). */
export async function runJobs<J = Job, R = JobResult>(
  jobs: readonly J[],
  workerCount: number,
  onDone: (done: number, total: number) => void,
  workerUrl: URL = experimentWorkerUrl,
): Promise<R[]> {
  const pool = new WorkerPool<J, R>(Math.min(workerCount, jobs.length), workerUrl);
  try {
    return await pool.run(jobs, onDone);
  } finally {
    await pool.close();
  }
}

export { experimentWorkerUrl };
