/** Coverage sums verdicts into counts with every key present, in the given order. */
import { describe, expect, it } from 'vitest';
import type { TrialVerdict } from '../../../src/explore/evaluate-trial.js';
import { CoverageTally } from '../../../src/explore/explore-coverage.js';
import type { SituationId } from '../../../src/explore/situations.js';

const verdict = (
  fired: TrialVerdict['fired'],
  situations: SituationId[],
  events = 5,
): TrialVerdict => ({
  index: 0,
  events,
  machines: 2,
  faults: 1,
  found: null,
  where: null,
  violation: null,
  detail: null,
  fired,
  situations,
});

describe('CoverageTally', () => {
  it('counts actions, runs with each kind and runs reaching each situation, zeros included', () => {
    const tally = new CoverageTally(
      ['loss', 'crash', 'restart'],
      ['fifo-broken', 'receive-jump-10'],
    );
    tally.add(verdict({ loss: 3, crash: 0 }, ['receive-jump-10', 'receive-jump-10'], 7));
    tally.add(verdict({ loss: 1, restart: 2 }, ['receive-jump-10'], 4));
    const coverage = tally.coverage();
    expect(coverage.runs).toBe(2);
    expect(coverage.events).toBe(11);
    expect(coverage.faultsFired).toEqual({ loss: 4, crash: 0, restart: 2 });
    expect(coverage.runsWithFault).toEqual({ loss: 2, crash: 0, restart: 1 });
    // Once per run however often reached; keys in the order given, not the order met.
    expect(Object.entries(coverage.situations)).toEqual([
      ['fifo-broken', 0],
      ['receive-jump-10', 2],
    ]);
    expect(Object.keys(coverage.faultsFired)).toEqual(['loss', 'crash', 'restart']);
  });

  it('refuses a kind the settings left out (a bug: its scenario cannot have it)', () => {
    const tally = new CoverageTally(['loss'], []);
    expect(() => tally.add(verdict({ crash: 1 }, []))).toThrow(/crash fired/);
  });
});
