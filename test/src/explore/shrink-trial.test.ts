/**
 * Goal: explore finds what is wrong with a broken model within a bounded number of runs and
 * shrinks it to a small run that still breaks the same rule, the same way every time; and with
 * --expect it finds and shrinks what the correct model does under faults (a reset clock going
 * down). Method: the mutation tests' broken steps (test/helpers/broken-step.ts) and a driver that
 * delivers across partitions (test/helpers/leaky-partitions.ts), run through the engine as the
 * explore command runs it: runs 0, 1, 2 ... until the first counterexample, then shrinkTrial.
 */
import { describe, expect, it } from 'vitest';
import { evaluateTrial, type TrialDeps } from '../../../src/explore/evaluate-trial.js';
import {
  defaultExploreSettings,
  type ExploreSettings,
  parseExpectTarget,
} from '../../../src/explore/explore-settings.js';
import { shrinkTrial } from '../../../src/explore/shrink-trial.js';
import { trialScenario } from '../../../src/explore/trial-arbitrary.js';
import { scenarioSchema } from '../../../src/scenario/schema.js';
import { brokenStep, type StepFault } from '../../helpers/broken-step.js';
import { deliverAcrossPartitions } from '../../helpers/leaky-partitions.js';

/** Runs explore looks at before it must have found the broken model out. */
const runsBound = 30;
/** What a shrunk counterexample may be at most: small enough to read row by row. */
const machinesMostAfter = 3;
const eventsMostAfter = 50;

/** The lowest run index below runsBound that is a counterexample. */
function firstCounterexample(settings: ExploreSettings, deps: TrialDeps): number {
  for (let index = 0; index < runsBound; index += 1) {
    if (evaluateTrial(trialScenario(settings, index), index, settings, deps).found !== null)
      return index;
  }
  throw new Error(`no counterexample in ${runsBound} runs`);
}

async function expectSmallAndSame(
  settings: ExploreSettings,
  deps: TrialDeps,
  rule: string,
): Promise<void> {
  const index = firstCounterexample(settings, deps);
  const shrunk = await shrinkTrial(settings, index, deps);
  expect(shrunk.original).toEqual(trialScenario(settings, index));
  expect(shrunk.originalVerdict.found).toBe(rule);
  expect(shrunk.minimalVerdict.found).toBe(rule);
  expect(scenarioSchema.safeParse(shrunk.minimal).success).toBe(true);
  const { machines, events, faults } = shrunk.minimalVerdict;
  expect(machines).toBeLessThanOrEqual(machinesMostAfter);
  expect(events).toBeLessThanOrEqual(eventsMostAfter);
  expect(events).toBeLessThanOrEqual(shrunk.originalVerdict.events);
  expect(faults).toBeLessThanOrEqual(shrunk.originalVerdict.faults);
  expect(shrunk.interrupted).toBe(false);
}

const settings = defaultExploreSettings();
const steps: [StepFault, string][] = [
  ['send-carries-old-clock', 'machineOrder'],
  ['receive-without-plus-one', 'machineOrder'],
  ['receive-without-max', 'machineOrder'],
  ['internal-does-not-tick', 'machineOrder'],
];

describe('shrinkTrial on broken models', () => {
  for (const [fault, rule] of steps) {
    it(`${fault}: found within ${runsBound} runs, shrunk to <= ${machinesMostAfter} machines and <= ${eventsMostAfter} events`, async () => {
      await expectSmallAndSame(settings, { step: brokenStep(fault) }, rule);
    }, 240_000);
  }

  it(`a driver that delivers across partitions: found within ${runsBound} runs and shrunk`, async () => {
    await expectSmallAndSame(settings, { driverFaults: deliverAcrossPartitions }, 'partition');
  }, 240_000);

  it('shrinks the same way twice: the same minimal scenario in the same steps', async () => {
    const deps = { step: brokenStep('receive-without-max') };
    const index = firstCounterexample(settings, deps);
    const first = await shrinkTrial(settings, index, deps);
    const second = await shrinkTrial(settings, index, deps);
    expect(second.minimal).toEqual(first.minimal);
    expect(second.minimalVerdict).toEqual(first.minimalVerdict);
    expect(second.shrinkSteps).toBe(first.shrinkSteps);
    expect(second.trialsRun).toBe(first.trialsRun);
  }, 240_000);

  it('stops when asked (a Ctrl-C): the smallest counterexample found so far, marked interrupted', async () => {
    const deps = { step: brokenStep('receive-without-max') };
    const index = firstCounterexample(settings, deps);
    const whole = await shrinkTrial(settings, index, deps);
    let asked = 0;
    // Stopped at the fourth step: a few shrinks are in, the rest never run.
    const stopped = await shrinkTrial(settings, index, deps, () => {
      asked += 1;
      return asked > 3;
    });
    expect(stopped.interrupted).toBe(true);
    expect(stopped.trialsRun).toBe(4);
    expect(stopped.trialsRun).toBeLessThan(whole.trialsRun);
    expect(stopped.minimalVerdict.found).toBe('machineOrder');
    expect(stopped.minimalVerdict.events).toBeGreaterThanOrEqual(whole.minimalVerdict.events);
    // Stopped before it starts, the counterexample is the original run, unshrunk.
    const atOnce = await shrinkTrial(settings, index, deps, () => true);
    expect(atOnce).toMatchObject({ interrupted: true, trialsRun: 1, shrinkSteps: 0 });
    expect(atOnce.minimal).toEqual(atOnce.original);
  }, 240_000);
});

describe('shrinkTrial with --expect on the correct model', () => {
  it('clockReset: finds a reset restart whose clock goes down, shrunk to one crash and restart', async () => {
    const expecting = { ...settings, expect: parseExpectTarget('clockReset') };
    const deps = {};
    const index = firstCounterexample(expecting, deps);
    const shrunk = await shrinkTrial(expecting, index, deps);
    expect(shrunk.minimalVerdict).toMatchObject({ found: 'clockReset', violation: null });
    expect(shrunk.minimalVerdict.machines).toBe(2);
    expect(shrunk.minimalVerdict.events).toBeLessThanOrEqual(eventsMostAfter);
    // The reset needs nothing else: its crash and its restart are the whole fault list.
    expect(shrunk.minimal.faults?.map((fault) => fault.kind)).toEqual(['crash', 'restart']);
    expect(shrunk.minimal.faults?.[1]).toMatchObject({ clock: 'reset' });
  }, 240_000);

  it('refuses to shrink a run that is no counterexample', async () => {
    await expect(shrinkTrial(settings, 0, {})).rejects.toThrow(/counterexample to shrink/);
  });
});
