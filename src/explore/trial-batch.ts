/**
 * Runs evaluated together: a worker thread is sent a batch of run indices, not one run, since a
 * run takes a millisecond or so and a round trip between threads costs about as much.
 */
import type { TrialVerdict } from './evaluate-trial.js';
import type { ExploreSettings } from './explore-settings.js';

export interface TrialBatch {
  readonly settings: ExploreSettings;
  /** Ascending run indices. */
  readonly indices: readonly number[];
}

/**
 * Evaluates batches, on worker threads or in this thread. Batches may be submitted while
 * earlier ones run, and may finish in any order; each promise gives its own batch's verdicts.
 */
export interface BatchEvaluator {
  /** Batches it can evaluate at once (its workers). */
  readonly parallelism: number;
  submit(batch: TrialBatch): Promise<TrialVerdict[]>;
  close(): Promise<void>;
}

/** Evaluates each run of a batch with `evaluateRun`, in this thread: --jobs 1 and tests. */
export function inProcessEvaluator(
  evaluateRun: (settings: ExploreSettings, index: number) => TrialVerdict,
): BatchEvaluator {
  return {
    parallelism: 1,
    // Evaluated at once: there is no other thread to hand it to.
    submit: async (batch) => batch.indices.map((index) => evaluateRun(batch.settings, index)),
    close: async () => {},
  };
}
