/**
 * Goal: a trial is run and checked as `run` and `check` would, leaves no file behind, and its
 * verdict tells a counterexample (a must-hold rule broken, or the --expect target shown) from a
 * passing run, with the coverage it adds: which fault kinds fired and which situations it reached.
 * Method: hand-made scenarios that each reach one situation; a broken step; and a few hundred
 * generated runs of the correct model, which must break no rule and between them fire every kind.
 */
import { describe, expect, it } from 'vitest';
import { evaluateTrial, type TrialDeps } from '../../../src/explore/evaluate-trial.js';
import {
  defaultExploreSettings,
  faultKindsAll,
  parseExpectTarget,
} from '../../../src/explore/explore-settings.js';
import { situationIds } from '../../../src/explore/situations.js';
import { type TrialScenario, trialScenario } from '../../../src/explore/trial-arbitrary.js';
import { brokenStep } from '../../helpers/broken-step.js';

const deps: TrialDeps = {};
const settings = defaultExploreSettings();

/** Two machines at 10 Hz that only send, for 4 s, with `faults`. */
function scenarioWith(faults: TrialScenario['faults'], extra: Partial<TrialScenario> = {}) {
  return {
    seed: 3,
    machines: 2,
    rates: [10, 10],
    internalProbability: 0,
    durationSec: 4,
    latency: { kind: 'constant' as const, ms: 5 },
    fifo: false,
    ...(faults === undefined ? {} : { faults }),
    ...extra,
  };
}

describe('evaluateTrial: situations', () => {
  const cases: [string, TrialScenario, string[]][] = [
    ['a fault-free run', scenarioWith(undefined), []],
    [
      'a reset restart',
      scenarioWith([
        { kind: 'crash', machine: 0, atSec: 1, inbox: 'keep' },
        { kind: 'restart', machine: 0, atSec: 2, clock: 'reset' },
      ]),
      // Its first receive after the reset takes the clock from 0 up past the peer's.
      ['receive-jump-10', 'restart-reset'],
    ],
    [
      'a lease restart',
      scenarioWith([
        { kind: 'crash', machine: 0, atSec: 1, inbox: 'keep' },
        { kind: 'restart', machine: 0, atSec: 2, clock: { lease: 7 } },
      ]),
      ['restart-lease'],
    ],
    [
      'a duplicate',
      scenarioWith([{ kind: 'duplicate', p: 1, atSec: 1, untilSec: 2 }]),
      ['duplicate-received'],
    ],
    [
      'a pause',
      scenarioWith([{ kind: 'pause', machine: 1, atSec: 1, untilSec: 2 }]),
      ['pause-burst'],
    ],
    [
      'a partition that drops',
      scenarioWith([{ kind: 'partition', groups: [[0], [1]], atSec: 1, untilSec: 2 }]),
      ['partition-healed-with-drops'],
    ],
    [
      'a lie far up',
      scenarioWith([{ kind: 'corrupt-clock', machine: 0, atSec: 1, untilSec: 2, add: 2_000_000 }]),
      ['receive-jump-10', 'clock-over-1e6', 'corrupt-inflated'],
    ],
    [
      'a crash that drops a growing queue',
      scenarioWith([{ kind: 'crash', machine: 1, atSec: 3, inbox: 'drop' }], {
        rates: [20, 1],
        durationSec: 40,
        faults: [{ kind: 'crash', machine: 1, atSec: 39, inbox: 'drop' }],
      }),
      ['queue-growing', 'crash-dropped-queue'],
    ],
    [
      'a delayed copy overtaken',
      // Copies machine 0 sends after the window arrive 500 ms sooner than the ones in it.
      scenarioWith([{ kind: 'delay', extraMs: 500, from: [0], atSec: 1, untilSec: 1.3 }], {
        internalProbability: 0.5,
      }),
      ['fifo-broken'],
    ],
  ];
  for (const [name, scenario, situations] of cases) {
    it(`${name}: reaches ${situations.join(', ') || 'nothing notable'}, and breaks no rule`, () => {
      const verdict = evaluateTrial(scenario, 5, settings, deps);
      expect(verdict).toMatchObject({ index: 5, found: null, where: null, violation: null });
      expect(verdict.situations).toEqual(situations);
      expect(verdict.machines).toBe(scenario.machines);
      expect(verdict.faults).toBe(scenario.faults?.length ?? 0);
      expect(verdict.events).toBeGreaterThan(0);
      // Each kind in the list fired (the crash of a restart too); nothing else is counted.
      const kinds = new Set((scenario.faults ?? []).map((fault) => fault.kind));
      expect(Object.keys(verdict.fired).sort()).toEqual([...kinds].sort());
    });
  }
});

describe('evaluateTrial: verdicts', () => {
  const reset = scenarioWith([
    { kind: 'crash', machine: 0, atSec: 1 },
    { kind: 'restart', machine: 0, atSec: 2, clock: 'reset' },
  ]);

  it('finds the first must-hold rule a broken step breaks, and where', () => {
    const verdict = evaluateTrial(scenarioWith(undefined), 0, settings, {
      ...deps,
      step: brokenStep('send-carries-old-clock'),
    });
    expect(verdict.found).toBe('machineOrder');
    expect(verdict.violation).toBe('machineOrder');
    expect(verdict.where).toMatch(/^machine-\d\.csv:\d+$/);
    expect(verdict.detail).toContain(verdict.where as string);
  });

  it('with --expect, counts the named consequence or rule, not other ones, nor a passing run', () => {
    const expecting = (name: string) =>
      evaluateTrial(reset, 1, { ...settings, expect: parseExpectTarget(name) }, deps);
    expect(evaluateTrial(reset, 1, settings, deps).found).toBeNull();
    const clockReset = expecting('clockReset');
    expect(clockReset.found).toBe('clockReset');
    expect(clockReset.where).toMatch(/^machine-0\.csv:\d+$/);
    expect(clockReset.violation).toBeNull();
    // The reset breaks rule 1 as an expected consequence: --expect of the rule sees it too.
    expect(expecting('machineOrder').found).toBe('machineOrder');
    expect(expecting('fifoBroken').found).toBeNull();
    expect(expecting('partition').found).toBeNull();
  });

  it('with --expect, still tells a must-hold rule broken on the way', () => {
    const verdict = evaluateTrial(
      reset,
      2,
      { ...settings, expect: parseExpectTarget('fifoBroken') },
      { ...deps, step: brokenStep('send-carries-old-clock') },
    );
    expect(verdict.found).toBeNull();
    expect(verdict.violation).not.toBeNull();
  });
});

describe('evaluateTrial on the correct model', () => {
  it("a machine's reset clock climbing through its old values breaks no rule (explore found it)", () => {
    // Seed 1, run 1613, shrunk: the manifest counted machine 1's two events at clock 1 as an
    // equal-clock pair (those are across machines only), so its lamportOrderedConcurrentPairs
    // was -1 and check refused it.
    const found: TrialScenario = {
      seed: 953588643,
      machines: 2,
      rates: [1, 3],
      internalProbability: 0,
      durationSec: 1,
      latency: { kind: 'constant', ms: 0 },
      fifo: false,
      faults: [
        { kind: 'crash', machine: 0, atSec: 0.001, inbox: 'drop' },
        { kind: 'crash', machine: 1, atSec: 0.334 },
        { kind: 'restart', machine: 1, atSec: 0.335, clock: 'reset' },
      ],
    };
    expect(evaluateTrial(found, 1613, settings, deps)).toMatchObject({
      violation: null,
      detail: null,
    });
  });

  it('an equal-clock pair made causally ordered by a reset breaks no rule (explore found it)', () => {
    // explore --time 60, seed 1, run 2219, shrunk: after machine 1's reset one of its events has
    // the clock of an event it causally follows, so "concurrent, yet ordered by Lamport"
    // (concurrent pairs less equal-clock pairs) came out -1 and check refused the manifest.
    const found: TrialScenario = {
      seed: 1659274367,
      machines: 2,
      rates: [3, 1],
      internalProbability: 0,
      durationSec: 6,
      latency: { kind: 'constant', ms: 0 },
      fifo: false,
      faults: [
        { kind: 'crash', machine: 0, atSec: 0.336, inbox: 'drop' },
        { kind: 'crash', machine: 1, atSec: 1.002 },
        { kind: 'restart', machine: 1, atSec: 1.008, clock: 'reset' },
      ],
    };
    expect(evaluateTrial(found, 2219, settings, deps)).toMatchObject({
      violation: null,
      detail: null,
    });
  });

  it('breaks no must-hold rule in 300 generated runs, and between them every kind fires', () => {
    const fired = new Map<string, number>();
    const reached = new Set<string>();
    for (let index = 0; index < 300; index += 1) {
      const verdict = evaluateTrial(trialScenario(settings, index), index, settings, deps);
      expect(verdict.violation, `run ${index}: ${verdict.detail}`).toBeNull();
      expect(verdict.found).toBeNull();
      for (const kind of Object.keys(verdict.fired)) fired.set(kind, (fired.get(kind) ?? 0) + 1);
      for (const situation of verdict.situations) reached.add(situation);
    }
    for (const kind of faultKindsAll) expect(fired.get(kind) ?? 0, kind).toBeGreaterThan(0);
    expect([...reached].sort()).toEqual([...situationIds].sort());
  }, 120_000);
});
