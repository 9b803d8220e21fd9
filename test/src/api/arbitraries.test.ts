/**
 * Goal: the library's arbitraries (issue 22) are explore's: the same draws for a seed, valid
 * scenario files with a seed, within the constraints, shrinking to a small readable scenario,
 * refusing bad constraints by name, and printing a failure as the scenario JSON and the command
 * that replays it (the replay itself is run in arbitraries.process.test.ts).
 * Method: fast-check over the arbitraries, the scenario validator `run` loads files with, and
 * explore's own trialScenario / trialSeed as the reference.
 */
import { describe, expect, it } from 'vitest';
import {
  arbFaults,
  arbRates,
  arbScenario,
  fc,
  type ScenarioConstraints,
  replayCommand,
} from '../../../src/api/arbitraries.js';
import type { Scenario } from '../../../src/api/scenario.js';
import { defaultExploreSettings, faultKindsAll } from '../../../src/explore/explore-settings.js';
import { trialScenario, trialSeed } from '../../../src/explore/trial-arbitrary.js';
import { scenarioFromObject } from '../../../src/scenario/scenario-object.js';

/** The scenario validator `run` uses on a file: throws the CLI's one-line InputError. */
function validated(scenario: Scenario): void {
  scenarioFromObject(
    scenario as Record<string, unknown>,
    { source: 'drawn.json', defaultName: 'drawn' },
    { values: {}, flags: {} },
  );
}

// Every constraint given (none undefined), so the drawn scenarios can be held to each.
const constraintsArbitrary: fc.Arbitrary<{
  [name in keyof ScenarioConstraints]-?: Exclude<ScenarioConstraints[name], undefined>;
}> = fc.record({
  machinesMax: fc.integer({ min: 2, max: 8 }),
  durationSecMax: fc.integer({ min: 1, max: 60 }),
  rateHzMax: fc.integer({ min: 1, max: 20 }),
  faults: fc.subarray([...faultKindsAll]),
  atLeastOneFault: fc.boolean(),
});

describe('arbScenario', () => {
  it('takes undefined for any constraint, as its default (exactOptionalPropertyTypes)', () => {
    const absent = undefined;
    const drawn = fc.sample(
      arbScenario({
        machinesMax: absent,
        durationSecMax: absent,
        rateHzMax: absent,
        faults: absent,
        atLeastOneFault: absent,
      }),
      { seed: 1, numRuns: 1 },
    );
    expect(drawn).toEqual(fc.sample(arbScenario(), { seed: 1, numRuns: 1 }));
    const faults = { machines: 3, durationSec: 5 };
    const undefinedFaults = {
      ...faults,
      kinds: absent,
      rateHzMax: absent,
      atLeastOneFault: absent,
    };
    expect(fc.sample(arbFaults(undefinedFaults), { seed: 1, numRuns: 1 })).toEqual(
      fc.sample(arbFaults(faults), { seed: 1, numRuns: 1 }),
    );
    expect(
      fc.sample(arbRates({ machines: absent, rateHzMax: absent }), { seed: 1, numRuns: 1 }),
    ).toEqual(fc.sample(arbRates(), { seed: 1, numRuns: 1 }));
  });

  it('draws scenario files the validator accepts, with a seed, within the constraints', () => {
    fc.assert(
      fc.property(
        constraintsArbitrary.chain((constraints) =>
          fc.tuple(fc.constant(constraints), arbScenario(constraints)),
        ),
        ([constraints, scenario]) => {
          validated(scenario);
          expect(Number.isInteger(scenario.seed)).toBe(true);
          const machines = scenario.machines as number;
          expect(machines).toBeGreaterThanOrEqual(2);
          expect(machines).toBeLessThanOrEqual(constraints.machinesMax);
          expect(scenario.durationSec).toBeLessThanOrEqual(constraints.durationSecMax);
          const rates = scenario.rates ?? [scenario.rateRange?.min, scenario.rateRange?.max];
          for (const hz of rates) expect(hz).toBeLessThanOrEqual(constraints.rateHzMax);
          const kinds = new Set((scenario.faults ?? []).map((fault) => fault.kind));
          const allowed = new Set<string>(constraints.faults);
          if (allowed.has('restart')) allowed.add('crash');
          for (const kind of kinds) expect(allowed).toContain(kind);
          if (constraints.atLeastOneFault) expect(kinds.size > 0).toBe(allowed.size > 0);
          // A plain JSON object: the print method is invisible to JSON, keys and equality.
          expect(JSON.parse(JSON.stringify(scenario))).toStrictEqual(scenario);
          expect({ ...scenario }).toStrictEqual(scenario);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('draws, for a seed, the scenario explore runs for that seed (the same arbitrary)', () => {
    for (const [seed, machinesMax, faults] of [
      [7, 4, faultKindsAll],
      [1, 8, []],
      [42, 2, ['crash', 'restart', 'corrupt-clock']],
    ] as const) {
      const settings = defaultExploreSettings({ seed, machinesMax, faultKinds: faults });
      const arbitrary = arbScenario({ machinesMax, faults });
      for (let index = 0; index < 40; index += 1) {
        const [drawn] = fc.sample(arbitrary, { seed: trialSeed(seed, index), numRuns: 1 });
        expect(drawn).toEqual(trialScenario(settings, index));
      }
    }
  });

  it('draws fault-free scenarios too with atLeastOneFault false, never with the default', () => {
    const withFaults = (constraints: ScenarioConstraints) =>
      fc
        .sample(arbScenario(constraints), { seed: 3, numRuns: 200 })
        .filter((scenario) => scenario.faults !== undefined).length;
    expect(withFaults({ faults: ['loss', 'crash'] })).toBe(200);
    const some = withFaults({ faults: ['loss', 'crash'], atLeastOneFault: false });
    expect(some).toBeGreaterThan(100);
    expect(some).toBeLessThan(200);
    expect(withFaults({})).toBe(0);
  });

  // The arbitrary's minimal values: 1 s, fixed rates of 1 Hz, p = 0, constant 0 ms latency,
  // fifo false, no faults; the seed stays as drawn. A property broken by >= 3 machines ends at 3.
  it('shrinks a property broken by 3 or more machines to 3 machines and every other minimum', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      for (const constraints of [{}, { faults: faultKindsAll, atLeastOneFault: false }]) {
        const details = fc.check(
          fc.property(
            arbScenario({ machinesMax: 8, ...constraints }),
            (s) => (s.machines ?? 0) < 3,
          ),
          { seed },
        );
        const minimal = details.counterexample?.[0] as Scenario;
        expect(minimal).toEqual({
          seed: minimal.seed,
          machines: 3,
          rates: [1, 1, 1],
          internalProbability: 0,
          durationSec: 1,
          latency: { kind: 'constant', ms: 0 },
          fifo: false,
        });
      }
    }
  });

  it('shrinks to one fault of the first allowed kind, in a 1 ms window, when faults are required', () => {
    const details = fc.check(
      fc.property(arbScenario({ faults: ['crash', 'partition'] }), () => false),
      { seed: 9 },
    );
    const minimal = details.counterexample?.[0] as Scenario;
    expect(minimal).toEqual({
      seed: minimal.seed,
      machines: 2,
      rates: [1, 1],
      internalProbability: 0,
      durationSec: 1,
      latency: { kind: 'constant', ms: 0 },
      fifo: false,
      faults: [{ kind: 'partition', groups: [[0], [1]], oneWay: false, atSec: 0, untilSec: 0.001 }],
    });
  });
});

describe('a failing property over arbScenario', () => {
  it("prints fast-check's seed and path, the scenario JSON and the command that replays it", () => {
    const property = fc.property(arbScenario(), (scenario) => (scenario.machines ?? 0) < 3);
    const details = fc.check(property, { seed: 5 });
    const minimal = details.counterexample?.[0] as Scenario;
    let message = '';
    try {
      fc.assert(property, { seed: 5 });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('{ seed: 5, path: "');
    expect(message).toContain(`Counterexample: [${JSON.stringify(minimal)}\n`);
    expect(message).toContain(`  replay: ${replayCommand(minimal)}\n`);
  });
});

describe('replayCommand', () => {
  it('writes the JSON to a file and runs it with the CLI', () => {
    const scenario: Scenario = { seed: 4, machines: 2, durationSec: 1 };
    expect(replayCommand(scenario)).toBe(
      `printf '%s\\n' '{"seed":4,"machines":2,"durationSec":1}' > lamport-lab-replay.json && npx lamport-lab run lamport-lab-replay.json --force --check`,
    );
    // A quote in the JSON ends the shell's quoting: it is written '\'' and the quoting resumes.
    expect(replayCommand({ name: "Ann's" })).toContain(`'{"name":"Ann'\\''s"}'`);
  });
});

describe('arbFaults', () => {
  it('draws fault lists a scenario of that machine count and duration accepts', () => {
    const runArbitrary = fc.record({
      machines: fc.integer({ min: 2, max: 8 }),
      durationSec: fc.integer({ min: 1, max: 3600 }),
      kinds: fc.subarray([...faultKindsAll], { minLength: 1 }),
    });
    fc.assert(
      fc.property(
        runArbitrary.chain((run) => fc.tuple(fc.constant(run), arbFaults(run))),
        ([run, faults]) => {
          expect(faults.length).toBeGreaterThan(0);
          validated({ machines: run.machines, durationSec: run.durationSec, faults });
        },
      ),
      { numRuns: 200 },
    );
  });

  it('shrinks to one loss on every link in the first thousandth of the run', () => {
    const details = fc.check(
      fc.property(arbFaults({ machines: 3, durationSec: 10 }), () => false),
      { seed: 1 },
    );
    expect(details.counterexample?.[0]).toEqual([{ kind: 'loss', p: 1, atSec: 0, untilSec: 0.01 }]);
  });
});

describe('arbRates', () => {
  it('draws one whole rate per machine within the bound, shrinking to 1 Hz each', () => {
    fc.assert(
      fc.property(arbRates({ machines: 3, rateHzMax: 6 }), (rates) => {
        expect(rates).toHaveLength(3);
        for (const hz of rates) expect(Number.isInteger(hz) && hz >= 1 && hz <= 6).toBe(true);
      }),
    );
    const details = fc.check(
      fc.property(arbRates(), () => false),
      { seed: 2 },
    );
    expect(details.counterexample?.[0]).toEqual([1, 1, 1, 1]);
  });
});

describe('bad constraints', () => {
  it.each([
    [
      () => arbScenario({ machinesMax: 9 }),
      RangeError,
      'arbScenario: machinesMax: expected a whole number 2..8, got 9',
    ],
    [
      () => arbScenario({ machinesMax: '3' as never }),
      TypeError,
      'machinesMax: expected a whole number 2..8, got "3"',
    ],
    [
      () => arbScenario({ durationSecMax: 1.5 }),
      RangeError,
      'durationSecMax: expected a whole number 1..60, got 1.5',
    ],
    [
      () => arbScenario({ rateHzMax: 0 }),
      RangeError,
      'rateHzMax: expected a whole number 1..20, got 0',
    ],
    [
      () => arbScenario({ faults: ['lost' as never] }),
      RangeError,
      'faults[0]: expected a fault kind (loss, ',
    ],
    [
      () => arbScenario({ faults: 'loss' as never }),
      TypeError,
      'faults: expected an array of fault kinds',
    ],
    [
      () => arbScenario({ atLeastOneFault: 1 as never }),
      TypeError,
      'atLeastOneFault: expected true or false, got 1',
    ],
    [
      () => arbScenario({ machinesMx: 3 } as never),
      TypeError,
      'arbScenario: machinesMx: expected one of the constraints',
    ],
    [
      () => arbScenario(null as never),
      TypeError,
      'arbScenario: expected a constraints object, got null',
    ],
    [
      () => arbFaults({ machines: 3 } as never),
      TypeError,
      'arbFaults: durationSec: expected a whole number 1..3600, got nothing',
    ],
    [
      () => arbFaults({ machines: 1, durationSec: 5 }),
      RangeError,
      'arbFaults: machines: expected a whole number 2..8, got 1',
    ],
    [
      () => arbFaults({ machines: 2, durationSec: 5, kinds: [7 as never] }),
      TypeError,
      'arbFaults: kinds[0]: expected a fault kind',
    ],
    [
      () => arbRates({ machines: 0 }),
      RangeError,
      'arbRates: machines: expected a whole number 1..8, got 0',
    ],
    [
      () => arbRates({ rateHzMax: Number.NaN }),
      RangeError,
      'arbRates: rateHzMax: expected a whole number 1..20, got NaN',
    ],
  ])('refuses by name: %#', (build, type, message) => {
    expect(build).toThrow(type);
    expect(build).toThrow(message);
  });
});

// The TSDoc @example properties of arbitraries.ts, as written there (arbScenario's needs
// `simulate`, which its own file's tests cover).
describe('the documented examples', () => {
  it('fc: draws rates of at least 1 Hz', () => {
    fc.assert(fc.property(arbRates(), (rates) => rates.every((hz) => hz >= 1)));
  });

  it('arbFaults: starts every fault inside the run', () => {
    fc.assert(
      fc.property(
        arbFaults({ machines: 3, durationSec: 10, kinds: ['crash', 'pause'] }),
        (faults) => faults.every((fault) => !('atSec' in fault) || (fault.atSec ?? 0) <= 10),
      ),
    );
  });

  it('arbRates: draws one rate per machine, within the bound', () => {
    fc.assert(
      fc.property(
        arbRates({ machines: 3, rateHzMax: 6 }),
        (rates) => rates.length === 3 && rates.every((hz) => hz >= 1 && hz <= 6),
      ),
    );
  });

  it('replayCommand: names the scenario in the command', () => {
    fc.assert(
      fc.property(arbScenario(), (scenario) =>
        replayCommand(scenario).includes(JSON.stringify(scenario)),
      ),
    );
  });
});
