/**
 * The exploration loop: runs evaluated in rounds of batches, in index order, until the runs
 * asked for are done, the time is up, a Ctrl-C, or a run fails. Whatever order the workers
 * finish in, a round's verdicts come back in index order and rounds are taken in order, so the
 * first failing verdict met is the failing run with the LOWEST index: the counterexample is the
 * same with one worker or eight, and the runs counted are exactly 0 up to it.
 */
import type { TrialVerdict } from './evaluate-trial.js';
import type { ExploreSettings } from './explore-settings.js';
import { runIndexAt, type ShardSpec, shardRunCount } from './explore-shard.js';
import type { BatchEvaluator, TrialBatch } from './trial-batch.js';

/** --runs N or --time S. */
export type ExploreLimit =
  | { readonly kind: 'runs'; readonly runs: number }
  | { readonly kind: 'time'; readonly timeSec: number };

export interface ExploreRequest {
  readonly settings: ExploreSettings;
  readonly limit: ExploreLimit;
  readonly shard: ShardSpec | null;
}

export interface ExploreProgress {
  /** Runs counted so far (index order, up to a failure). */
  readonly runs: number;
  readonly events: number;
}

export interface ExploreHooks {
  /** Wall-clock ms: for --time and the batch size, never for what is written. */
  readonly nowMs: () => number;
  readonly shouldStop: () => boolean;
  readonly onProgress?: (progress: ExploreProgress) => void;
}

export interface ExploreOutcome {
  /** The runs counted, in index order: every run done, or those up to and with the failure. */
  readonly verdicts: readonly TrialVerdict[];
  /** The lowest-index failing run (the last of verdicts), or null. */
  readonly failure: TrialVerdict | null;
  readonly interrupted: boolean;
  /** Runs evaluated, with those past a failure that were discarded: for runs/s only. */
  readonly runsEvaluated: number;
  readonly eventsEvaluated: number;
}

/**
 * A batch aims at this much work: long enough that a thread's round trip (~0.1 ms) is noise,
 * short enough that a round (batchesPerWorker batches per worker, ~0.5 s) ends soon after a
 * Ctrl-C or the end of --time.
 */
const batchTargetMs = 40;
/**
 * Batches per worker in a round. Within a round a free worker takes the next batch, so only the
 * round's end is a barrier: it wastes about half a batch per worker, ~4 % of twelve.
 */
const batchesPerWorker = 12;
const batchRunsMax = 256;

export async function exploreRuns(
  request: ExploreRequest,
  evaluator: BatchEvaluator,
  hooks: ExploreHooks,
): Promise<ExploreOutcome> {
  const { limit, shard, settings } = request;
  const positions = limit.kind === 'runs' ? shardRunCount(shard, limit.runs) : Infinity;
  const startMs = hooks.nowMs();
  const timeUp = () => limit.kind === 'time' && hooks.nowMs() - startMs >= limit.timeSec * 1000;
  const verdicts: TrialVerdict[] = [];
  let events = 0;
  let runsEvaluated = 0;
  let eventsEvaluated = 0;
  let batchRuns = 1;
  for (let next = 0; next < positions; ) {
    if (hooks.shouldStop())
      return { verdicts, failure: null, interrupted: true, runsEvaluated, eventsEvaluated };
    if (timeUp()) break;
    const batches = roundBatches({ settings, shard, next, positions, batchRuns }, evaluator);
    const roundStartMs = hooks.nowMs();
    const results = await evaluator.evaluate(batches);
    const roundMs = hooks.nowMs() - roundStartMs;
    let roundRuns = 0;
    for (const verdict of results.flat()) {
      roundRuns += 1;
      runsEvaluated += 1;
      eventsEvaluated += verdict.events;
    }
    for (const verdict of results.flat()) {
      verdicts.push(verdict);
      events += verdict.events;
      if (verdict.found !== null) {
        return { verdicts, failure: verdict, interrupted: false, runsEvaluated, eventsEvaluated };
      }
    }
    next += roundRuns;
    hooks.onProgress?.({ runs: verdicts.length, events });
    batchRuns = nextBatchRuns(roundMs, roundRuns, evaluator.parallelism);
    // Lets a Ctrl-C's handler run between rounds, in-process runs included.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return { verdicts, failure: null, interrupted: false, runsEvaluated, eventsEvaluated };
}

interface RoundPlan {
  readonly settings: ExploreSettings;
  readonly shard: ShardSpec | null;
  /** The shard's first position not yet evaluated. */
  readonly next: number;
  readonly positions: number;
  readonly batchRuns: number;
}

/** The next round: batchesPerWorker batches per worker of consecutive positions. */
function roundBatches(plan: RoundPlan, evaluator: BatchEvaluator): TrialBatch[] {
  const batches: TrialBatch[] = [];
  const count = evaluator.parallelism === 1 ? 1 : evaluator.parallelism * batchesPerWorker;
  let position = plan.next;
  for (let batch = 0; batch < count && position < plan.positions; batch += 1) {
    const end = Math.min(plan.positions, position + plan.batchRuns);
    const indices: number[] = [];
    for (; position < end; position += 1) indices.push(runIndexAt(plan.shard, position));
    batches.push({ settings: plan.settings, indices });
  }
  return batches;
}

/** Runs per batch for the next round, from how long this one took per run on each worker. */
function nextBatchRuns(roundMs: number, roundRuns: number, parallelism: number): number {
  const msPerRun = (roundMs * parallelism) / Math.max(1, roundRuns);
  if (!(msPerRun > 0)) return batchRunsMax;
  return Math.max(1, Math.min(batchRunsMax, Math.round(batchTargetMs / msPerRun)));
}
