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

/** Evaluates batches, on worker threads or in this thread; results in the batches' order. */
export interface BatchEvaluator {
  /** Batches it can evaluate at once (its workers). */
  readonly parallelism: number;
  evaluate(batches: readonly TrialBatch[]): Promise<TrialVerdict[][]>;
  close(): Promise<void>;
}

/** Evaluates each run of a batch with `evaluateRun`, in this thread: --jobs 1 and tests. */
export function inProcessEvaluator(
  evaluateRun: (settings: ExploreSettings, index: number) => TrialVerdict,
): BatchEvaluator {
  return {
    parallelism: 1,
    evaluate: async (batches) =>
      batches.map((batch) => batch.indices.map((index) => evaluateRun(batch.settings, index))),
    close: async () => {},
  };
}
