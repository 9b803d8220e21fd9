/**
 * lamport-lab/arbitraries: fast-check arbitraries of scenarios, fault lists and rates, the ones
 * `lamport-lab explore` draws from, so a user's property test finds and shrinks as explore does.
 *
 * They are thin views of explore's own builders (src/explore/trial-arbitrary.ts and
 * fault-arbitrary.ts): `arbScenario({ machinesMax: m, faults: k })` draws, for a fast-check seed,
 * the very scenario `explore --machines-max m --faults k` runs for that seed; the only addition
 * is how a value prints in a failure (the scenario JSON and the command that replays it).
 */
import fc from 'fast-check';
import { faultListArbitrary } from '../explore/fault-arbitrary.js';
import {
  faultKindsAll,
  machinesMaxDefault,
  machinesMaxLeast,
  machinesMaxMost,
} from '../explore/explore-settings.js';
import {
  rateListArbitrary,
  scenarioArbitrary,
  trialDurationSecMax,
  trialRateHzMax,
} from '../explore/trial-arbitrary.js';
import { checkedObject, flag, kindList, wholeNumber } from './arbitrary-constraints.js';
import type { Fault, FaultKind } from './fault.js';
import type { Scenario } from './scenario.js';

/**
 * The fast-check the arbitraries are made with: use it to run them, so that one fast-check
 * instance generates, shrinks and reports.
 *
 * @example
 * ```ts
 * import { arbRates, fc } from 'lamport-lab/arbitraries';
 * it('draws rates of at least 1 Hz', () => {
 *   fc.assert(fc.property(arbRates(), (rates) => rates.every((hz) => hz >= 1)));
 * });
 * ```
 */
export { fc };

/** The scenario and fault types the arbitraries draw (the root entry has them too). */
export type { Fault, FaultKind, Scenario };

/**
 * What {@link arbScenario} may draw. Every bound is checked when the arbitrary is built: a
 * TypeError or RangeError names the constraint. The upper bounds are explore's: a scenario stays
 * small enough to simulate in milliseconds (at most 8 machines at 20 Hz for 60 s).
 */
export interface ScenarioConstraints {
  /** Most machines: each scenario has 2..machinesMax. A whole number 2..8; default 4. */
  readonly machinesMax?: number | undefined;
  /** Longest run: `durationSec` is 1..durationSecMax whole seconds. 1..60; default 60. */
  readonly durationSecMax?: number | undefined;
  /**
   * Fastest tick: fixed rates, a `rateRange` and `rate` faults stay within 1..rateHzMax whole Hz.
   * 1..20; default 20.
   */
  readonly rateHzMax?: number | undefined;
  /**
   * The fault kinds a scenario may have (default: none, fault-free scenarios). Each kind is
   * switched on or off per scenario (swarm testing), 1..3 faults of a kind that is on. Any
   * order, repeats ignored: the kinds are taken in the scenario format's order.
   */
  readonly faults?: readonly FaultKind[] | undefined;
  /**
   * With `faults`, every scenario has at least one fault (default true, as explore): shrinking
   * then ends at one fault of the first kind. false: fault-free scenarios are drawn too, and
   * shrinking ends at none.
   */
  readonly atLeastOneFault?: boolean | undefined;
}

/** What {@link arbFaults} draws for: one run's machine count and duration. */
export interface FaultConstraints {
  /** The run's machines: fault entries name ids 0..machines-1. A whole number 2..8. */
  readonly machines: number;
  /** The run's `durationSec`: fault times fall within it, in whole ms. 1..3600 whole seconds. */
  readonly durationSec: number;
  /** The kinds to draw (default: all nine), as {@link ScenarioConstraints.faults}. */
  readonly kinds?: readonly FaultKind[] | undefined;
  /** `rate` faults step to 1..rateHzMax whole Hz. 1..20; default 20. */
  readonly rateHzMax?: number | undefined;
  /** Every list has a fault (default true); false: empty lists too, and shrinking ends at one. */
  readonly atLeastOneFault?: boolean | undefined;
}

/** What {@link arbRates} draws. */
export interface RateConstraints {
  /** How many rates: one per machine. A whole number 1..8; default 4. */
  readonly machines?: number | undefined;
  /** Each rate is 1..rateHzMax whole Hz. 1..20; default 20. */
  readonly rateHzMax?: number | undefined;
}

const rateHzMaxBounds = { least: 1, most: trialRateHzMax, fallback: trialRateHzMax };

/**
 * Scenarios: scenario FILE objects (what `lamport-lab run` loads, what `simulate` takes), valid
 * by construction, each with its `seed` so that it replays alone. Drawn as explore draws its
 * runs: 2..machinesMax machines, fixed rates or a rate range, internalProbability 0..1 in
 * tenths, constant, uniform or exponential latency, fifo or not, 1..durationSecMax seconds, and
 * a swarm fault profile of `faults`.
 *
 * Shrinking goes toward a small, readable scenario: 2 machines (or the fewest that still fail)
 * at fixed rates of 1 Hz, internalProbability 0, 1 s, constant latency 0 ms, fifo false, no
 * faults (with `faults` and atLeastOneFault, one fault of the first kind in a 1 ms window); the
 * seed is kept (another seed is another run, not a simpler one).
 *
 * In a failing property, fast-check's report shows each value as its JSON and the command line
 * that replays it with the CLI ({@link replayCommand}), after fast-check's own seed and path.
 * The value itself is plain JSON: the text comes from a non-enumerable `fc.toStringMethod`.
 *
 * @example
 * ```ts
 * import { simulate } from 'lamport-lab';
 * import { arbScenario, fc } from 'lamport-lab/arbitraries';
 * it('never lets a clock go down on a machine', () => {
 *   fc.assert(
 *     fc.property(arbScenario({ machinesMax: 3, durationSecMax: 5 }), (scenario) => {
 *       const last = new Map<number, number>();
 *       for (const event of simulate(scenario).events) {
 *         if (event.clock < (last.get(event.machine) ?? 0)) return false;
 *         last.set(event.machine, event.clock);
 *       }
 *       return true;
 *     }),
 *   );
 * });
 * ```
 */
export function arbScenario(constraints: ScenarioConstraints = {}): fc.Arbitrary<Scenario> {
  const fn = 'arbScenario';
  const given = checkedObject(fn, constraints, [
    'machinesMax',
    'durationSecMax',
    'rateHzMax',
    'faults',
    'atLeastOneFault',
  ]);
  const bounds = {
    machinesMax: wholeNumber(fn, 'machinesMax', given.machinesMax, {
      least: machinesMaxLeast,
      most: machinesMaxMost,
      fallback: machinesMaxDefault,
    }),
    durationSecMax: wholeNumber(fn, 'durationSecMax', given.durationSecMax, {
      least: 1,
      most: trialDurationSecMax,
      fallback: trialDurationSecMax,
    }),
    rateHzMax: wholeNumber(fn, 'rateHzMax', given.rateHzMax, rateHzMaxBounds),
    faultKinds: kindList(fn, 'faults', given.faults, []),
    atLeastOneFault: flag(fn, 'atLeastOneFault', given.atLeastOneFault, true),
  };
  return scenarioArbitrary(bounds).map(withReplayText);
}

/**
 * Fault lists for one run of `machines` machines and `durationSec` seconds, as explore draws a
 * run's `faults` (a swarm profile, valid by construction: put in a scenario with that machine
 * count and duration, the validator accepts it). Shrinks toward fewer kinds, fewer faults and
 * narrower windows, ending at one fault of the first kind (or none, atLeastOneFault false).
 *
 * @example
 * ```ts
 * import { arbFaults, fc } from 'lamport-lab/arbitraries';
 * it('starts every fault inside the run', () => {
 *   fc.assert(
 *     fc.property(arbFaults({ machines: 3, durationSec: 10, kinds: ['crash', 'pause'] }), (faults) =>
 *       faults.every((fault) => !('atSec' in fault) || (fault.atSec ?? 0) <= 10),
 *     ),
 *   );
 * });
 * ```
 */
export function arbFaults(constraints: FaultConstraints): fc.Arbitrary<Fault[]> {
  const fn = 'arbFaults';
  const names = ['machines', 'durationSec', 'kinds', 'rateHzMax', 'atLeastOneFault'];
  const given = checkedObject(fn, constraints, names);
  return faultListArbitrary({
    machines: wholeNumber(fn, 'machines', given.machines, {
      least: machinesMaxLeast,
      most: machinesMaxMost,
    }),
    durationSec: wholeNumber(fn, 'durationSec', given.durationSec, { least: 1, most: 3600 }),
    faultKinds: kindList(fn, 'kinds', given.kinds, faultKindsAll),
    rateHzMax: wholeNumber(fn, 'rateHzMax', given.rateHzMax, rateHzMaxBounds),
    atLeastOneFault: flag(fn, 'atLeastOneFault', given.atLeastOneFault, true),
  });
}

/**
 * Tick rates in whole Hz, one per machine: a scenario's `rates`. The fixed rates explore draws
 * (before it cuts them to the run's machines). Each shrinks toward 1 Hz.
 *
 * @example
 * ```ts
 * import { arbRates, fc } from 'lamport-lab/arbitraries';
 * it('draws one rate per machine, within the bound', () => {
 *   fc.assert(
 *     fc.property(arbRates({ machines: 3, rateHzMax: 6 }), (rates) =>
 *       rates.length === 3 && rates.every((hz) => hz >= 1 && hz <= 6),
 *     ),
 *   );
 * });
 * ```
 */
export function arbRates(constraints: RateConstraints = {}): fc.Arbitrary<number[]> {
  const fn = 'arbRates';
  const given = checkedObject(fn, constraints, ['machines', 'rateHzMax']);
  const machines = wholeNumber(fn, 'machines', given.machines, {
    least: 1,
    most: machinesMaxMost,
    fallback: machinesMaxDefault,
  });
  return rateListArbitrary(
    machines,
    wholeNumber(fn, 'rateHzMax', given.rateHzMax, rateHzMaxBounds),
  );
}

/** Where replayCommand writes the scenario, in the directory the command is run from. */
const replayFile = 'lamport-lab-replay.json';

/**
 * The command line that replays a scenario with the CLI, for a POSIX shell (sh, bash, zsh): it
 * writes the scenario's JSON to `lamport-lab-replay.json` in the current directory, then runs it
 * with `npx lamport-lab run lamport-lab-replay.json --force --check` (the logs go to
 * logs/lamport-lab-replay-seed<seed>/, replaced if there; `--check` checks them against
 * Lamport's rules). The run is the one `simulate(scenario)` makes when the scenario has a
 * `seed` (arbScenario's always do); without one, `run` draws a seed and prints it.
 *
 * @example
 * ```ts
 * import { arbScenario, fc, replayCommand } from 'lamport-lab/arbitraries';
 * it('names the scenario in the command', () => {
 *   fc.assert(
 *     fc.property(arbScenario(), (scenario) =>
 *       replayCommand(scenario).includes(JSON.stringify(scenario)),
 *     ),
 *   );
 * });
 * ```
 */
export function replayCommand(scenario: Scenario): string {
  const json = JSON.stringify(scenario);
  return `printf '%s\\n' ${shellQuoted(json)} > ${replayFile} && npx lamport-lab run ${replayFile} --force --check`;
}

/** Text a POSIX shell reads back as it is: single quotes, each ' inside written as '\''. */
function shellQuoted(text: string): string {
  return `'${text.replaceAll("'", "'\\''")}'`;
}

/**
 * The scenario with how fast-check prints it: its JSON, then the replay command, each on its own
 * line so that either can be copied whole. Non-enumerable: JSON.stringify, Object.keys, spreads
 * and the validator see the plain scenario.
 */
function withReplayText(scenario: Scenario): Scenario {
  Object.defineProperty(scenario, fc.toStringMethod, {
    value: () => `${JSON.stringify(scenario)}\n  replay: ${replayCommand(scenario)}\n`,
    enumerable: false,
  });
  return scenario;
}
