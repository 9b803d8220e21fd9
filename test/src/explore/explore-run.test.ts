/**
 * The exploration loop's contract, on made-up verdicts (the engine's real runs are tested in its
 * own files and by the command's tests): the counterexample is the lowest failing index whatever
 * the batching or the order batches finish in; runs counted stop at it; shards split the runs;
 * a stop request and the time limit end it between batches.
 */
import { describe, expect, it } from 'vitest';
import type { TrialVerdict } from '../../../src/explore/evaluate-trial.js';
import type { ExploreSettings } from '../../../src/explore/explore-settings.js';
import { exploreRuns, type ExploreRequest } from '../../../src/explore/explore-run.js';
import { type BatchEvaluator, inProcessEvaluator } from '../../../src/explore/trial-batch.js';

const settings: ExploreSettings = { seed: 1, faultKinds: ['loss'], machinesMax: 4, expect: null };

function verdictOf(index: number, failing: ReadonlySet<number>): TrialVerdict {
  return {
    index,
    events: 10 + (index % 7),
    machines: 2,
    faults: 1,
    found: failing.has(index) ? 'receiveRule' : null,
    where: failing.has(index) ? 'machine-0.csv:2' : null,
    violation: failing.has(index) ? 'receiveRule' : null,
    detail: null,
    fired: { loss: index % 3 },
    situations: [],
  };
}

/**
 * Batches that finish out of order: each takes fewer milliseconds than the one submitted before
 * it, in cycles of five, so a later batch often finishes first.
 */
function scrambledEvaluator(
  failing: ReadonlySet<number>,
  parallelism: number,
): BatchEvaluator & { evaluated: number[]; finishOrder: number[]; idleSubmits: number } {
  const evaluated: number[] = [];
  const finishOrder: number[] = [];
  let submitted = 0;
  let inFlight = 0;
  return {
    parallelism,
    evaluated,
    finishOrder,
    /** Batches submitted while none was in flight: the workers had run dry. */
    idleSubmits: 0,
    async submit(batch) {
      const delayMs = 5 - (submitted % 5);
      submitted += 1;
      if (inFlight === 0) this.idleSubmits += 1;
      inFlight += 1;
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      inFlight -= 1;
      evaluated.push(...batch.indices);
      finishOrder.push(batch.indices[0] as number);
      return batch.indices.map((index) => verdictOf(index, failing));
    },
    close: async () => {},
  };
}

const runs = (count: number, shard: ExploreRequest['shard'] = null): ExploreRequest => ({
  settings,
  limit: { kind: 'runs', runs: count },
  shard,
});

const hooks = { nowMs: () => 0, shouldStop: () => false };

describe('exploreRuns', () => {
  it('returns the lowest failing index and counts runs up to it, in one thread or scrambled on four', async () => {
    const failing = new Set([412, 37, 38, 900]);
    const single = await exploreRuns(
      runs(1000),
      inProcessEvaluator((_, index) => verdictOf(index, failing)),
      hooks,
    );
    const evaluator = scrambledEvaluator(failing, 4);
    const scrambled = await exploreRuns(runs(1000), evaluator, hooks);
    // The evaluator did finish batches out of order (or the test would prove nothing).
    expect(evaluator.finishOrder).not.toEqual([...evaluator.finishOrder].sort((a, b) => a - b));
    for (const outcome of [single, scrambled]) {
      expect(outcome.failure?.index).toBe(37);
      expect(outcome.verdicts.map((verdict) => verdict.index)).toEqual([...Array(38).keys()]);
      expect(outcome.interrupted).toBe(false);
    }
  });

  it('does every run when none fails, never letting the workers run dry until the end', async () => {
    const evaluator = scrambledEvaluator(new Set(), 3);
    const outcome = await exploreRuns(runs(500), evaluator, hooks);
    // Only the first batch found nothing in flight: no barrier between batches (rounds had one).
    expect(evaluator.idleSubmits).toBe(1);
    expect(outcome.failure).toBeNull();
    expect(outcome.verdicts.map((verdict) => verdict.index)).toEqual([...Array(500).keys()]);
  });

  it('gives shard i/n the runs i-1 mod n, which together are every run once', async () => {
    const seen: number[] = [];
    for (const index of [1, 2, 3]) {
      const outcome = await exploreRuns(
        runs(100, { index, count: 3 }),
        scrambledEvaluator(new Set(), 2),
        hooks,
      );
      const indices = outcome.verdicts.map((verdict) => verdict.index);
      expect(indices.every((run) => run % 3 === index - 1)).toBe(true);
      seen.push(...indices);
    }
    expect(seen.sort((a, b) => a - b)).toEqual([...Array(100).keys()]);
  });

  it('stops between batches when asked, keeping the runs done', async () => {
    let batches = 0;
    const outcome = await exploreRuns(
      runs(100_000),
      inProcessEvaluator((_, index) => verdictOf(index, new Set())),
      {
        nowMs: () => 0,
        shouldStop: () => batches > 0,
        onProgress: () => {
          batches += 1;
        },
      },
    );
    expect(outcome.interrupted).toBe(true);
    expect(outcome.verdicts.length).toBeGreaterThan(0);
    expect(outcome.verdicts.length).toBeLessThan(100_000);
    expect(outcome.verdicts.map((verdict) => verdict.index)).toEqual([
      ...Array(outcome.verdicts.length).keys(),
    ]);
  });

  it('with --time, submits batches until the time is up', async () => {
    let nowMs = 0;
    const outcome = await exploreRuns(
      { settings, limit: { kind: 'time', timeSec: 1 }, shard: null },
      inProcessEvaluator((_, index) => {
        nowMs += 10;
        return verdictOf(index, new Set());
      }),
      { nowMs: () => nowMs, shouldStop: () => false },
    );
    expect(outcome.interrupted).toBe(false);
    expect(nowMs).toBeGreaterThanOrEqual(1000);
    // Batches aim at 40 ms: at 10 ms a run the batches in flight overshoot by a few runs at most.
    expect(outcome.verdicts.length).toBeGreaterThanOrEqual(100);
    expect(outcome.verdicts.length).toBeLessThan(110);
  });
});
