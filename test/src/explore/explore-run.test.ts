/**
 * The exploration loop's contract, on made-up verdicts (the engine's real runs are tested in its
 * own files and by the command's tests): the counterexample is the lowest failing index whatever
 * the batching or the order batches finish in; runs counted stop at it; shards split the runs;
 * a stop request and the time limit end it between rounds.
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

/** Batches evaluated in reverse order with a delay each: finishing order differs from index order. */
function scrambledEvaluator(
  failing: ReadonlySet<number>,
  parallelism: number,
): BatchEvaluator & { evaluated: number[] } {
  const evaluated: number[] = [];
  return {
    parallelism,
    evaluated,
    evaluate: async (batches) => {
      const results = new Array<TrialVerdict[]>(batches.length);
      await Promise.all(
        [...batches.keys()].reverse().map(async (position, order) => {
          await new Promise((resolve) => setTimeout(resolve, order));
          const batch = batches[position];
          if (batch === undefined) throw new Error('no batch');
          evaluated.push(...batch.indices);
          results[position] = batch.indices.map((index) => verdictOf(index, failing));
        }),
      );
      return results;
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
    const scrambled = await exploreRuns(runs(1000), scrambledEvaluator(failing, 4), hooks);
    for (const outcome of [single, scrambled]) {
      expect(outcome.failure?.index).toBe(37);
      expect(outcome.verdicts.map((verdict) => verdict.index)).toEqual([...Array(38).keys()]);
      expect(outcome.interrupted).toBe(false);
    }
  });

  it('does every run when none fails', async () => {
    const outcome = await exploreRuns(runs(500), scrambledEvaluator(new Set(), 3), hooks);
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

  it('stops between rounds when asked, keeping the runs done', async () => {
    let rounds = 0;
    const outcome = await exploreRuns(
      runs(100_000),
      inProcessEvaluator((_, index) => verdictOf(index, new Set())),
      {
        nowMs: () => 0,
        shouldStop: () => rounds > 0,
        onProgress: () => {
          rounds += 1;
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

  it('with --time, runs rounds until the time is up', async () => {
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
    // Batches aim at 40 ms: at 10 ms a run the last round overshoots by a few runs at most.
    expect(outcome.verdicts.length).toBeGreaterThanOrEqual(100);
    expect(outcome.verdicts.length).toBeLessThan(110);
  });
});
