/**
 * The random scenarios `explore` runs (issue 19), as fast-check arbitraries: a scenario FILE
 * object (what scenarios/*.json hold), so that a counterexample is written as it is, with a
 * SWARM fault profile (fault-arbitrary.ts). The same builder, scenarioArbitrary, is what the
 * library's `lamport-lab/arbitraries` hands to users (issue 22): explore passes its settings and
 * the explore limits below, a user their constraints, so both draw and shrink alike.
 *
 * Valid by construction: every value passes the scenario validator (a property test says so).
 * Nothing here depends on the machine count or the duration the run draws (no `chain`, which
 * shrinks badly): rates are drawn for machinesMax machines and cut to the run's, and the fault
 * profile is laid onto the run after the draw. So each part shrinks on its own toward the
 * simplest: fewer machines, fewer kinds and faults, narrower windows, a shorter run, smaller
 * rates, constant latency.
 *
 * Keep these free of engine details: they are public through the library.
 */
import fc from 'fast-check';
import type { FaultKind } from '../../transports/fault-config.js';
import type { ScenarioFile } from '../scenario/schema.js';
import type { ExploreSettings } from './explore-settings.js';
import { faultListOf, swarmProfileArbitrary } from './fault-arbitrary.js';

/** The scenario FILE object (scenarios/*.json), a plain JSON object. */
export type TrialScenario = ScenarioFile;

/** The longest run explore draws, in whole seconds; also the library's durationSecMax bound. */
export const trialDurationSecMax = 60;
/** The fastest tick explore draws, in whole Hz; also the library's rateHzMax bound. */
export const trialRateHzMax = 20;

/** What a drawn scenario may be: explore's settings and the library's constraints both say it. */
export interface ScenarioBounds {
  /** 2..8: each scenario draws 2..machinesMax machines. */
  readonly machinesMax: number;
  /** Whole seconds, 1..trialDurationSecMax: each draws 1..durationSecMax. */
  readonly durationSecMax: number;
  /** Whole Hz, 1..trialRateHzMax: rates, rate ranges and `rate` faults stay at or below it. */
  readonly rateHzMax: number;
  /** The kinds the swarm profile may switch on; empty: fault-free scenarios. */
  readonly faultKinds: readonly FaultKind[];
  /** Every scenario has a fault when faultKinds has a kind (explore's choice). */
  readonly atLeastOneFault: boolean;
}

/** Latency as the scenario file gives it; constant first, the simplest it shrinks toward. */
export const trialLatencyArbitrary: fc.Arbitrary<NonNullable<TrialScenario['latency']>> = fc.oneof(
  { withCrossShrink: true },
  fc.integer({ min: 0, max: 500 }).map((ms) => ({ kind: 'constant' as const, ms })),
  fc
    .record({ minMs: fc.integer({ min: 0, max: 200 }), spanMs: fc.integer({ min: 0, max: 500 }) })
    .map(({ minMs, spanMs }) => ({ kind: 'uniform' as const, minMs, maxMs: minMs + spanMs })),
  fc.integer({ min: 0, max: 300 }).map((meanMs) => ({ kind: 'exponential' as const, meanMs })),
);

/** Fixed rates (one per machine, whole Hz) or a range to draw them from. */
type RawRates =
  | { readonly kind: 'fixed'; readonly hz: readonly number[] }
  | { readonly kind: 'range'; readonly min: number; readonly span: number };

/** `machines` whole rates in 1..rateHzMax Hz, each shrinking toward 1 (the library's arbRates). */
export function rateListArbitrary(machines: number, rateHzMax: number): fc.Arbitrary<number[]> {
  const hz = fc.integer({ min: 1, max: rateHzMax });
  return fc.array(hz, { minLength: machines, maxLength: machines });
}

function ratesArbitrary(machinesMax: number, rateHzMax: number): fc.Arbitrary<RawRates> {
  const hz = fc.integer({ min: 1, max: rateHzMax });
  return fc.oneof(
    { withCrossShrink: true },
    rateListArbitrary(machinesMax, rateHzMax).map((list) => ({ kind: 'fixed' as const, hz: list })),
    fc
      .record({ min: hz, span: fc.integer({ min: 0, max: rateHzMax - 1 }) })
      .map(({ min, span }) => ({ kind: 'range' as const, min, span })),
  );
}

/** The bounds of an exploration's runs: its settings within the explore limits. */
export function exploreScenarioBounds(settings: ExploreSettings): ScenarioBounds {
  return {
    machinesMax: settings.machinesMax,
    durationSecMax: trialDurationSecMax,
    rateHzMax: trialRateHzMax,
    faultKinds: settings.faultKinds,
    atLeastOneFault: true,
  };
}

/** A random scenario file with a swarm fault profile, valid by construction. */
export function scenarioArbitrary(bounds: ScenarioBounds): fc.Arbitrary<TrialScenario> {
  const { machinesMax, rateHzMax } = bounds;
  return fc
    .record({
      machines: fc.integer({ min: 2, max: machinesMax }),
      durationSec: fc.integer({ min: 1, max: bounds.durationSecMax }),
      rates: ratesArbitrary(machinesMax, rateHzMax),
      internalTenths: fc.integer({ min: 0, max: 10 }),
      latency: trialLatencyArbitrary,
      fifo: fc.boolean(),
      // A different seed is another run, not a simpler one: it is kept while shrinking.
      seed: fc.noShrink(fc.nat()),
      profile: swarmProfileArbitrary(bounds),
    })
    .map((raw) => {
      const { machines, durationSec } = raw;
      const faults = faultListOf(raw.profile, machines, durationSec);
      return {
        seed: raw.seed,
        machines,
        ...ratesOf(raw.rates, machines, rateHzMax),
        internalProbability: raw.internalTenths / 10,
        durationSec,
        latency: raw.latency,
        fifo: raw.fifo,
        ...(faults.length === 0 ? {} : { faults }),
      };
    });
}

/** Explore's runs: scenarioArbitrary with the exploration's bounds. */
export function trialArbitrary(settings: ExploreSettings): fc.Arbitrary<TrialScenario> {
  return scenarioArbitrary(exploreScenarioBounds(settings));
}

function ratesOf(
  rates: RawRates,
  machines: number,
  rateHzMax: number,
): Pick<TrialScenario, 'rates' | 'rateRange'> {
  if (rates.kind === 'fixed') return { rates: rates.hz.slice(0, machines) };
  return { rateRange: { min: rates.min, max: Math.min(rateHzMax, rates.min + rates.span) } };
}

/**
 * The fast-check seed of run `index` of an exploration seeded `seed`: a 32-bit mix of both, so
 * that neighbouring runs and neighbouring seeds draw unrelated scenarios.
 */
export function trialSeed(seed: number, index: number): number {
  let hash = (seed >>> 0) ^ Math.imul((index >>> 0) + 0x9e3779b9, 0x85ebca6b);
  hash = Math.imul(hash ^ (hash >>> 16), 0x7feb352d);
  hash = Math.imul(hash ^ (hash >>> 15), 0x846ca68b);
  hash ^= hash >>> 16;
  return hash | 0;
}

/**
 * Run `index`'s scenario: depends only on (settings, index). It is the first value fast-check
 * generates from trialArbitrary with trialSeed(settings.seed, index): the value fc.check, with
 * that seed and numRuns 1, starts from (shrink-trial.ts shrinks it so).
 */
export function trialScenario(settings: ExploreSettings, index: number): TrialScenario {
  const [scenario] = fc.sample(cachedTrialArbitrary(settings), {
    seed: trialSeed(settings.seed, index),
    numRuns: 1,
  });
  if (scenario === undefined) throw new Error('fast-check generated no scenario');
  return scenario;
}

/** The arbitraries built so far, by what they depend on: building one was a tenth of a run. */
const arbitraries = new Map<string, fc.Arbitrary<TrialScenario>>();

function cachedTrialArbitrary(settings: ExploreSettings): fc.Arbitrary<TrialScenario> {
  const key = `${settings.machinesMax}/${settings.faultKinds.join(',')}`;
  let arbitrary = arbitraries.get(key);
  if (arbitrary === undefined) {
    arbitrary = trialArbitrary(settings);
    arbitraries.set(key, arbitrary);
  }
  return arbitrary;
}
