/**
 * From a validated scenario to a fully resolved one: defaults filled in (in this one place),
 * the seed fixed, and rates drawn when the scenario gives a range or a distribution. The
 * resolved scenario is what the manifest records, so a run can be repeated from it alone.
 */
import { assertNever, intInclusive, probabilityToFraction, type Rng } from '../../core/index.js';
import { rateHzToMilliHz } from '../../core/tick-schedule.js';
import type { LatencyModel } from '../../transports/latency.js';
import type { RunConfig } from '../../transports/run-config.js';
import { seededRng, streamNames } from '../../transports/seeded-rng.js';
import { type ResolvedFault, resolveFault, toFaultConfigs } from './fault-resolve.js';
import type { LoadedScenario } from './scenario-object.js';
import { describeRateDistribution, drawRateHz } from './rate-distribution.js';
import type { LatencySpec, RateDistribution } from './schema.js';

export const scenarioDefaults = {
  machines: 3,
  rateRange: { min: 1, max: 6 },
  internalProbability: 0.7,
  durationSec: 60,
  latency: { kind: 'constant', ms: 0 } as LatencySpec,
  fifo: false,
} as const;

/** A `rateRange`: whole Hz, drawn uniformly. */
export interface RateRange {
  readonly min: number;
  readonly max: number;
}

export interface ResolvedScenario {
  readonly name: string;
  readonly description: string;
  readonly source: string;
  readonly seed: number;
  readonly machines: number;
  /** Rates actually used, per machine in Hz. */
  readonly rates: readonly number[];
  /**
   * What the rates were drawn from, or null when the scenario fixed them: a `rateRange` as
   * `{min, max}` (recorded as before distributions existed, so earlier manifests still read and
   * stay byte-identical), or a `rateDistribution`, told apart by its `kind`.
   */
  readonly ratesDrawnFrom: RateRange | RateDistribution | null;
  readonly internalProbability: number;
  readonly durationSec: number;
  readonly latency: LatencySpec;
  readonly fifo: boolean;
  /**
   * The injected faults with their defaults filled (issue 18). Absent, not empty, without any:
   * a fault-free scenario's manifest keeps exactly the bytes it had before faults existed.
   */
  readonly faults?: readonly ResolvedFault[];
}

/** `seed` must already be settled: from the scenario, the command line or fresh entropy. */
export function resolveScenario(loaded: LoadedScenario, seed: number): ResolvedScenario {
  const { file } = loaded;
  const machines = file.machines ?? file.rates?.length ?? scenarioDefaults.machines;
  const rates = file.rates ?? drawRates(seed, machines, rateSource(file));
  return {
    name: loaded.name,
    description: file.description ?? '',
    source: loaded.source,
    seed,
    machines,
    rates,
    ratesDrawnFrom: file.rates === undefined ? rateSource(file) : null,
    internalProbability: file.internalProbability ?? scenarioDefaults.internalProbability,
    durationSec: file.durationSec ?? scenarioDefaults.durationSec,
    latency: file.latency ?? scenarioDefaults.latency,
    fifo: file.fifo ?? scenarioDefaults.fifo,
    ...(file.faults === undefined || file.faults.length === 0
      ? {}
      : { faults: file.faults.map((fault) => resolveFault(fault, machines)) }),
  };
}

/** The distribution or range to draw from; the schema lets a scenario give one at most. */
function rateSource(file: LoadedScenario['file']): RateRange | RateDistribution {
  if (file.rateDistribution !== undefined) return file.rateDistribution;
  const range = file.rateRange ?? scenarioDefaults.rateRange;
  return { min: range.min, max: range.max };
}

/** Each machine's rate comes from its own stream, so adding a machine keeps the others' rates. */
export function drawRates(
  seed: number,
  machines: number,
  source: RateRange | RateDistribution,
): number[] {
  // A range keeps its one whole-Hz draw exactly as before: every committed baseline depends on it.
  const draw =
    'kind' in source
      ? (rng: Rng) => drawRateHz(source, rng)
      : (rng: Rng) => intInclusive(rng, source.min, source.max);
  const rates: number[] = [];
  for (let id = 0; id < machines; id += 1) {
    rates.push(draw(seededRng(seed, streamNames.rate(id))));
  }
  return rates;
}

/** `1..6` for a range, a few words for a distribution: for the run's header and the list. */
export function describeRateSource(source: RateRange | RateDistribution): string {
  return 'kind' in source ? describeRateDistribution(source) : `${source.min}..${source.max}`;
}

export function toRunConfig(scenario: ResolvedScenario): RunConfig {
  return {
    seed: scenario.seed,
    ratesMilliHz: scenario.rates.map(rateHzToMilliHz),
    internalProbability: probabilityToFraction(scenario.internalProbability),
    durationUs: Math.round(scenario.durationSec * 1_000_000),
    latency: latencyModel(scenario.latency),
    fifo: scenario.fifo,
    faults: toFaultConfigs(scenario.faults ?? []),
  };
}

const msToUs = (ms: number): number => Math.round(ms * 1000);

function latencyModel(spec: LatencySpec): LatencyModel {
  switch (spec.kind) {
    case 'constant':
      return { kind: 'constant', us: msToUs(spec.ms) };
    case 'uniform':
      return { kind: 'uniform', minUs: msToUs(spec.minMs), maxUs: msToUs(spec.maxMs) };
    case 'exponential':
      return { kind: 'exponential', meanUs: msToUs(spec.meanMs) };
    default:
      return assertNever(spec, 'latency spec');
  }
}
