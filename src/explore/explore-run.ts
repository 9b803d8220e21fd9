/**
 * The exploration loop: runs evaluated in batches of consecutive runs, submitted in index order
 * and kept a few per worker ahead, until the runs asked for are done, the time is up, a Ctrl-C,
 * or a run fails. Whatever order the workers finish in, batches are taken in the order they were
 * submitted, so the first failing verdict met is the failing run with the LOWEST index: the
 * counterexample is the same with one worker or eight, and the runs counted are exactly 0 up to
 * it. There is no barrier: the loop used to wait for a round of batches to end before it
 * submitted the next, and the worker done first idled until the other finished.
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
 * short enough that the batches in flight end soon after a failure, a Ctrl-C or the end of --time.
 */
const batchTargetMs = 40;
/**
 * Batches running per worker: enough that a worker always has the next one waiting. Finished
 * batches wait, in order, for the oldest to be taken; at most batchesHeldMax of them, so that a
 * very slow batch does not let the others run far past a failure.
 */
const batchesAheadPerWorker = 4;
const batchesHeldMax = 64;
const batchRunsMax = 256;

/** A batch submitted, and whether its verdicts are in. */
interface Submitted {
  readonly verdicts: Promise<TrialVerdict[]>;
  done: boolean;
}

export async function exploreRuns(
  request: ExploreRequest,
  evaluator: BatchEvaluator,
  hooks: ExploreHooks,
): Promise<ExploreOutcome> {
  const { limit, shard, settings } = request;
  const positions = limit.kind === 'runs' ? shardRunCount(shard, limit.runs) : Infinity;
  const startMs = hooks.nowMs();
  const timeUp = () => limit.kind === 'time' && hooks.nowMs() - startMs >= limit.timeSec * 1000;
  const ahead = evaluator.parallelism === 1 ? 2 : evaluator.parallelism * batchesAheadPerWorker;
  const held: Submitted[] = [];
  let running = 0;
  let wake: (() => void) | null = null;
  const sizer = new BatchSizer(evaluator.parallelism, startMs);
  let next = 0;
  let submitting = true;
  // Submits while workers have room: as soon as any batch ends, not when the oldest is taken.
  const submitMore = () => {
    while (submitting && running < ahead && held.length < batchesHeldMax && next < positions) {
      if (timeUp()) {
        submitting = false;
        return;
      }
      const batch = batchAt({ settings, shard, next, positions, batchRuns: sizer.batchRuns });
      next += batch.indices.length;
      const submitted: Submitted = { verdicts: evaluator.submit(batch), done: false };
      running += 1;
      // Also handles a rejection of a batch given up on (a failure or a Ctrl-C before it ends);
      // the loop still gets the error when it waits for that batch.
      const ended = () => {
        submitted.done = true;
        running -= 1;
        sizer.took(batch.indices.length, hooks.nowMs());
        wake?.();
      };
      submitted.verdicts.then(ended, ended);
      held.push(submitted);
    }
  };
  const verdicts: TrialVerdict[] = [];
  const counts = { events: 0, runsEvaluated: 0, eventsEvaluated: 0 };
  for (;;) {
    submitMore();
    const oldest = held[0];
    if (oldest === undefined) break;
    while (!oldest.done) {
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
      wake = null;
      submitMore();
    }
    held.shift();
    const results = await oldest.verdicts;
    const failure = take(results, verdicts, counts);
    if (failure !== null) {
      // The batches still held have higher indices only: counted for runs/s, not kept.
      for (const rest of await Promise.all(held.map((batch) => batch.verdicts)))
        take(rest, [], counts);
      return { verdicts, failure, interrupted: false, ...evaluated(counts) };
    }
    hooks.onProgress?.({ runs: verdicts.length, events: counts.events });
    // Lets a Ctrl-C's handler run between batches, in-process runs included.
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (hooks.shouldStop())
      return { verdicts, failure: null, interrupted: true, ...evaluated(counts) };
  }
  return { verdicts, failure: null, interrupted: false, ...evaluated(counts) };
}

interface Counts {
  events: number;
  runsEvaluated: number;
  eventsEvaluated: number;
}

function evaluated(counts: Counts): { runsEvaluated: number; eventsEvaluated: number } {
  return { runsEvaluated: counts.runsEvaluated, eventsEvaluated: counts.eventsEvaluated };
}

/**
 * A batch's verdicts, in index order, into `kept` up to and with the first failing one
 * (returned; null when none fails); every verdict counted as evaluated.
 */
function take(results: readonly TrialVerdict[], kept: TrialVerdict[], counts: Counts) {
  for (const verdict of results) {
    counts.runsEvaluated += 1;
    counts.eventsEvaluated += verdict.events;
  }
  for (const verdict of results) {
    kept.push(verdict);
    counts.events += verdict.events;
    if (verdict.found !== null) return verdict;
  }
  return null;
}

interface BatchPlan {
  readonly settings: ExploreSettings;
  readonly shard: ShardSpec | null;
  /** The shard's first position not yet submitted. */
  readonly next: number;
  readonly positions: number;
  readonly batchRuns: number;
}

/** The next batch: up to batchRuns consecutive positions from `next`. */
function batchAt(plan: BatchPlan): TrialBatch {
  const end = Math.min(plan.positions, plan.next + plan.batchRuns);
  const indices: number[] = [];
  for (let position = plan.next; position < end; position += 1)
    indices.push(runIndexAt(plan.shard, position));
  return { settings: plan.settings, indices };
}

/**
 * Runs per batch, from the rate batches end at: every `parallelism` x batchesAheadPerWorker
 * batches ended, the wall time they took per run on each worker sets the next size (runs get
 * cheaper as the JIT warms, and differ by the fault kinds explored). The rate they are taken at
 * would not do: finished batches wait for the oldest and are then taken all at once.
 */
class BatchSizer {
  batchRuns = 1;
  readonly #parallelism: number;
  readonly #batchesPerSpell: number;
  #spellStartMs: number;
  #spellRuns = 0;
  #spellBatches = 0;

  constructor(parallelism: number, startMs: number) {
    this.#parallelism = parallelism;
    this.#batchesPerSpell = parallelism * batchesAheadPerWorker;
    this.#spellStartMs = startMs;
  }

  took(runs: number, nowMs: number): void {
    this.#spellRuns += runs;
    this.#spellBatches += 1;
    if (this.#spellBatches < this.#batchesPerSpell) return;
    const msPerRun =
      ((nowMs - this.#spellStartMs) * this.#parallelism) / Math.max(1, this.#spellRuns);
    this.batchRuns =
      msPerRun > 0
        ? Math.max(1, Math.min(batchRunsMax, Math.round(batchTargetMs / msPerRun)))
        : batchRunsMax;
    this.#spellStartMs = nowMs;
    this.#spellRuns = 0;
    this.#spellBatches = 0;
  }
}
