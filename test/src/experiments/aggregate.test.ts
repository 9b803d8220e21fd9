/**
 * Which queue an observation names: drawn rates differ per seed, so a machine id (machine 0, fast
 * in one seed and slow in the next) is no name for it; the slowest machine is, with the range of
 * its rate over the runs, when each run's fastest-growing queue is a slowest machine's.
 */
import { describe, expect, it } from 'vitest';
import { aggregate, slowestMachineText } from '../../../src/experiments/aggregate.js';
import type { JobResult } from '../../../src/experiments/job.js';

/** A run with these rates whose queue `growingId` grows fastest. */
const run = (rates: number[], growingId: number): JobResult =>
  ({
    rates,
    summary: {
      machines: rates.map((rateHz, id) => ({
        id,
        rateHz,
        queue: {
          growthPerSec: id === growingId ? 0.5 : 0,
          verdict: id === growingId ? 'growing' : 'stable',
        },
      })),
    },
  }) as unknown as JobResult;

describe('slowestMachineText', () => {
  it('names drawn rates by the slowest machine and its range over the seeds', () => {
    const text = slowestMachineText([run([5, 4, 1], 2), run([1, 6, 3], 0), run([2, 6, 4], 0)]);
    expect(text).toBe('the slowest machine (1 to 2 Hz; the rates are drawn per seed)');
  });

  it('names fixed rates by the slowest machine id, or ids when they tie', () => {
    expect(slowestMachineText([run([3, 2, 1], 2), run([3, 2, 1], 2)])).toBe(
      'the slowest machine (machine 2, 1 Hz)',
    );
    expect(slowestMachineText([run([6, 1, 1], 1), run([6, 1, 1], 2)])).toBe(
      'a slowest machine (machine 1 or 2, 1 Hz)',
    );
  });

  it("does not call a queue the slowest machine's when in some run it was not", () => {
    expect(slowestMachineText([run([3, 2, 1], 1), run([3, 2, 1], 2)])).toBe(
      'the fastest-growing machine (the slowest one in 1 of the 2 runs where a queue grows)',
    );
  });
});

/** A whole run for `aggregate`: machine 2 (1 Hz) grows when `grows`, predicted to when `predicted`. */
const seeded = (seed: number, grows: boolean, predicted: boolean): JobResult =>
  ({
    job: { seed },
    rates: [3, 2, 1],
    internalProbability: 0.5,
    summary: {
      machines: [3, 2, 1].map((rateHz, id) => ({
        id,
        rateHz,
        jumps: { max: 2 },
        drift: { max: 4 },
        queue: {
          growthPerSec: grows && id === 2 ? 0.5 : 0,
          verdict: grows && id === 2 ? 'growing' : 'stable',
        },
        predicted: { queueGrowthPerSec: predicted && id === 2 ? 0.5 : 0 },
      })),
    },
  }) as unknown as JobResult;

describe('an observation of a single run', () => {
  it('says "the run", never "all 1 runs" or "0 of 1 runs"', () => {
    const observations = [
      aggregate('x', [seeded(1, false, false)]).observation,
      aggregate('x', [seeded(1, true, true)]).observation,
      aggregate('x', [seeded(1, false, true)]).observation,
    ];
    expect(observations[0]).toMatch(
      /^Every queue stays stable in the run, as the model predicts\./,
    );
    expect(observations[1]).toMatch(
      /^The queue of the slowest machine \(machine 2, 1 Hz\) grows in the run:/,
    );
    expect(observations[2]).toMatch(/ does not grow in the run:/);
    for (const text of observations) expect(text).not.toMatch(/\b1 runs\b/);
    // Two runs keep the counts.
    expect(aggregate('x', [seeded(1, true, true), seeded(2, false, true)]).observation).toContain(
      'grows in 1 of 2 runs',
    );
  });

  it('names a lone growing run without "of the 1 runs"', () => {
    expect(slowestMachineText([run([3, 2, 1], 1)])).toBe(
      'the fastest-growing machine (not the slowest one, in the only run where a queue grows)',
    );
  });
});
