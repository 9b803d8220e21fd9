/**
 * Shrinking a counterexample of `explore` (issue 19) with fast-check's own shrinker: fc.check of
 * a property over trialArbitrary, with run i's seed and one run, so that the first (and only)
 * generated value IS run i's scenario; the property fails while the run still breaks the same
 * rule, so fast-check's shrinking walks to a smallest scenario that does. The arbitraries shrink
 * toward fewer machines, fewer fault kinds and faults, narrower windows, a shorter run, smaller
 * rates and constant latency (trial-arbitrary.ts). Deterministic: fc.check is, given its seed,
 * and so is every run it evaluates. The property is async only to let the event loop turn between
 * two runs, so that a Ctrl-C is heard while shrinking (docs/EXPLORE.md): from then on every
 * scenario passes untried, fast-check finds no smaller one, and the counterexample is the
 * smallest found so far.
 */
import fc from 'fast-check';
import { assert } from '../../core/index.js';
import { evaluateTrial, type TrialDeps, type TrialVerdict } from './evaluate-trial.js';
import type { ExploreSettings } from './explore-settings.js';
import { type TrialScenario, trialArbitrary, trialScenario, trialSeed } from './trial-arbitrary.js';

export interface ShrinkResult {
  readonly original: TrialScenario;
  readonly originalVerdict: TrialVerdict;
  readonly minimal: TrialScenario;
  readonly minimalVerdict: TrialVerdict;
  /**
   * fast-check's successful shrinks from the original to the minimal: some change only what
   * does not show in the scenario (the drawn faults of a kind that is off).
   */
  readonly shrinkSteps: number;
  /** Distinct scenarios run while shrinking (each failed or not), the original included. */
  readonly trialsRun: number;
  /** Shrinking was stopped (a Ctrl-C) before it ended: `minimal` is as far as it got. */
  readonly interrupted: boolean;
}

/**
 * Run `index` of the exploration `settings` shrunk to a smallest scenario that still breaks the
 * rule it breaks (its verdict's `found`), or the smallest found when `shouldStop` turns true. The
 * run must be a counterexample.
 */
export async function shrinkTrial(
  settings: ExploreSettings,
  index: number,
  deps: TrialDeps = {},
  shouldStop: () => boolean = () => false,
): Promise<ShrinkResult> {
  const original = trialScenario(settings, index);
  const originalVerdict = evaluateTrial(original, index, settings, deps);
  const target = originalVerdict.found;
  assert(target !== null, `run ${index} is a counterexample to shrink`);
  let trialsRun = 0;
  let firstSeen: TrialScenario | null = null;
  // fast-check reaches some scenarios by more than one path of shrinks: each is run once.
  const outcomes = new Map<string, boolean>();
  const stillBreaks = (scenario: TrialScenario): boolean => {
    firstSeen ??= scenario;
    const key = JSON.stringify(scenario);
    const known = outcomes.get(key);
    if (known !== undefined) return known;
    trialsRun += 1;
    let breaks: boolean;
    // A run that throws breaks something else (a broken step's own assertion): not the same rule.
    try {
      breaks = evaluateTrial(scenario, index, settings, deps).found === target;
    } catch {
      breaks = false;
    }
    outcomes.set(key, breaks);
    return breaks;
  };
  let interrupted = false;
  const details = await fc.check(
    fc.asyncProperty(trialArbitrary(settings), async (scenario) => {
      // The original always runs: it is the counterexample, stopped or not.
      if (firstSeen !== null) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        interrupted ||= shouldStop();
        if (interrupted) return true;
      }
      return !stillBreaks(scenario);
    }),
    { seed: trialSeed(settings.seed, index), numRuns: 1 },
  );
  assert(
    JSON.stringify(firstSeen) === JSON.stringify(original),
    `fast-check's first value with run ${index}'s seed is run ${index}'s scenario`,
  );
  const minimal = details.counterexample?.[0];
  assert(details.failed && minimal !== undefined, `run ${index} fails again under fc.check`);
  const minimalVerdict = evaluateTrial(minimal, index, settings, deps);
  assert(minimalVerdict.found === target, 'the minimal scenario breaks the same rule');
  return {
    original,
    originalVerdict,
    minimal,
    minimalVerdict,
    shrinkSteps: details.numShrinks,
    trialsRun,
    interrupted,
  };
}
