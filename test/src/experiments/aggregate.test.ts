/**
 * Which queue an observation names: drawn rates differ per seed, so a machine id (machine 0, fast
 * in one seed and slow in the next) is no name for it; the slowest machine is, with the range of
 * its rate over the runs.
 */
import { describe, expect, it } from 'vitest';
import { slowestMachineText } from '../../../src/experiments/aggregate.js';
import type { JobResult } from '../../../src/experiments/job.js';

const withRates = (...runs: number[][]): JobResult[] =>
  runs.map((rates) => ({ rates }) as unknown as JobResult);

describe('slowestMachineText', () => {
  it('names drawn rates by the slowest machine and its range over the seeds', () => {
    const text = slowestMachineText(withRates([5, 4, 1], [1, 6, 3], [2, 6, 4]));
    expect(text).toBe('the slowest machine (1 to 2 Hz; the rates are drawn per seed)');
    expect(text).not.toMatch(/machine \d/);
  });

  it('names fixed rates by the slowest machine id, or ids when they tie', () => {
    expect(slowestMachineText(withRates([3, 2, 1], [3, 2, 1]))).toBe(
      'the slowest machine (machine 2, 1 Hz)',
    );
    expect(slowestMachineText(withRates([6, 1, 1]))).toBe(
      'the slowest machines (machine 1, machine 2, 1 Hz each)',
    );
  });
});
