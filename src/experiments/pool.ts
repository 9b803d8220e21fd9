/**
 * Runs experiment jobs on every core: a pool of worker threads, each taking the next job when it
 * finishes one (a worker runs its jobs one at a time, in the order sent). Results come back in
 * job order whatever order they finish in, so the report does not depend on timing.
 */
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { assert } from '../../core/index.js';
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

/** A job handed to a worker, until its answer comes. */
interface Pending<R> {
  readonly resolve: (result: R) => void;
  readonly reject: (error: Error) => void;
}

/**
 * Worker threads of `workerUrl` that stay up across jobs (the bench times jobs after the
 * workers have started). A worker answers `{ index, job }` with `{ index, result }` or
 * `{ index, error }`; `index` is the pool's own number for the job.
 *
 * Jobs go out in the order submitted, each to a worker with fewer than two in flight: the next
 * one is already waiting in a worker when it posts a result, so it never idles for a round
 * trip through this thread. Callers may keep submitting while earlier jobs run, so that no
 * batch of jobs has to end before the next begins (explore's rounds did: at each round's end
 * the worker done first waited for the other).
 */
export class WorkerPool<J, R> {
  readonly #workers: Worker[];
  readonly #inFlight: number[];
  readonly #pending = new Map<number, Pending<R>>();
  readonly #queue: { readonly index: number; readonly job: J }[] = [];
  #nextIndex = 0;
  /** Set by a worker's crash: every job then fails with it. */
  #broken: Error | null = null;

  constructor(workerCount: number, workerUrl: URL) {
    this.#workers = Array.from({ length: Math.max(1, workerCount) }, () => new Worker(workerUrl));
    this.#inFlight = this.#workers.map(() => 0);
    this.#workers.forEach((worker, at) => {
      worker.on('message', (answer: WorkerAnswer<R>) => this.#answered(at, answer));
      worker.on('error', (error: Error) => this.#fail(error));
    });
  }

  get size(): number {
    return this.#workers.length;
  }

  /** Evaluates `job` on the first worker free for it; settles with its answer. */
  submit(job: J): Promise<R> {
    if (this.#broken !== null) return Promise.reject(this.#broken);
    const index = this.#nextIndex;
    this.#nextIndex += 1;
    const answer = new Promise<R>((resolve, reject) => {
      this.#pending.set(index, { resolve, reject });
    });
    this.#queue.push({ index, job });
    this.#dispatch();
    return answer;
  }

  /** Every job of `jobs`; results in job order whatever order they finish in. */
  async run(jobs: readonly J[], onDone: (done: number, total: number) => void): Promise<R[]> {
    let done = 0;
    return Promise.all(
      jobs.map((job) =>
        this.submit(job).then((result) => {
          done += 1;
          onDone(done, jobs.length);
          return result;
        }),
      ),
    );
  }

  async close(): Promise<void> {
    await Promise.all(this.#workers.map((worker) => worker.terminate()));
  }

  #dispatch(): void {
    while (this.#queue.length > 0) {
      let free = -1;
      for (let at = 0; at < this.#workers.length; at += 1) {
        const load = this.#inFlight[at] as number;
        if (load < 2 && (free < 0 || load < (this.#inFlight[free] as number))) free = at;
      }
      if (free < 0) return;
      const { index, job } = this.#queue.shift() as { index: number; job: J };
      this.#inFlight[free] = (this.#inFlight[free] as number) + 1;
      (this.#workers[free] as Worker).postMessage({ index, job });
    }
  }

  #answered(worker: number, answer: WorkerAnswer<R>): void {
    const pending = this.#pending.get(answer.index);
    assert(pending !== undefined, `a worker answered job ${answer.index}, which is not in flight`);
    this.#pending.delete(answer.index);
    this.#inFlight[worker] = (this.#inFlight[worker] as number) - 1;
    if (answer.error !== undefined) pending.reject(reviveError(answer.error));
    else if (answer.result === undefined)
      pending.reject(new Error(`job ${answer.index} returned no result`));
    else pending.resolve(answer.result);
    this.#dispatch();
  }

  /** A worker crashed: its jobs and every other one fail with its error (the pool is done). */
  #fail(error: Error): void {
    this.#broken = error;
    this.#queue.length = 0;
    for (const pending of this.#pending.values()) pending.reject(error);
    this.#pending.clear();
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
