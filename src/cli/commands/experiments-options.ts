/**
 * `experiments`' options and limits, shared by its definition and its action.
 */
import { availableParallelism } from 'node:os';
import type { Shard } from '../../common/shard.js';

/** Seeds per experiment: 9 experiments (and 12 sweep cells) of 1 000 seeds is a day's work. */
export const seedsMax = 1000;
/** Worker threads: more than the cores only share them, each with its own copy of V8. */
export const workersMax = 256;

/**
 * One worker per core. Here, not beside the pool (experiments/pool.ts): `--help` shows it, and the
 * pool's node:worker_threads took ~3 ms of every start of the CLI, `run` included.
 */
export function defaultWorkerCount(): number {
  return Math.max(1, availableParallelism());
}

export interface ExperimentsOptions {
  readonly seeds: number;
  readonly duration: number;
  readonly out: string;
  readonly sweep: boolean;
  readonly workers: number;
  readonly force: boolean;
  readonly keepRuns: boolean;
  readonly reportFile: string;
  /** --shard i/n: run only this share of the jobs and write a partial result for `merge`. */
  readonly shard?: Shard;
}
