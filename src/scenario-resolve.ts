/**
 * From a validated scenario to a fully resolved one: defaults filled in (in this one place),
 * the seed fixed, and rates drawn when the scenario gives a range. The resolved scenario is what
 * the manifest records, so a run can be repeated from its manifest alone.
 */
import { intInclusive, probabilityToFraction } from '../core/index.js';
import type { LatencyModel } from '../transports/latency.js';
import type { RunConfig } from '../transports/run-config.js';
import { seededRng, streamNames } from '../transports/seeded-rng.js';
import { rateHzToMilliHz } from '../transports/tick-schedule.js';
import type { LoadedScenario } from './scenario-load.js';
import type { LatencySpec } from './scenario-schema.js';

export const scenarioDefaults = {
  machines: 3,
  rateRange: { min: 1, max: 6 },
  internalProbability: 0.7,
  durationSec: 60,
  latency: { kind: 'constant', ms: 0 } as LatencySpec,
  fifo: false,
} as const;

export interface ResolvedScenario {
  readonly name: string;
  readonly description: string;
  readonly source: string;
  readonly seed: number;
  readonly machines: number;
  /** Rates actually used, per machine in Hz. */
  readonly rates: readonly number[];
  /** The range the rates were drawn from, or null when the scenario fixed them. */
  readonly ratesDrawnFrom: { readonly min: number; readonly max: number } | null;
  readonly internalProbability: number;
  readonly durationSec: number;
  readonly latency: LatencySpec;
  readonly fifo: boolean;
}

/** `seed` must already be settled: from the scenario, the command line or fresh entropy. */
export function resolveScenario(loaded: LoadedScenario, seed: number): ResolvedScenario {
  const { file } = loaded;
  const machines = file.machines ?? file.rates?.length ?? scenarioDefaults.machines;
  const range = file.rateRange ?? scenarioDefaults.rateRange;
  const rates = file.rates ?? drawRates(seed, machines, range);
  return {
    name: loaded.name,
    description: file.description ?? '',
    source: loaded.source,
    seed,
    machines,
    rates,
    ratesDrawnFrom: file.rates === undefined ? { min: range.min, max: range.max } : null,
    internalProbability: file.internalProbability ?? scenarioDefaults.internalProbability,
    durationSec: file.durationSec ?? scenarioDefaults.durationSec,
    latency: file.latency ?? scenarioDefaults.latency,
    fifo: file.fifo ?? scenarioDefaults.fifo,
  };
}

/** Each machine's rate comes from its own stream, so adding a machine keeps the others' rates. */
function drawRates(seed: number, machines: number, range: { min: number; max: number }): number[] {
  const rates: number[] = [];
  for (let id = 0; id < machines; id += 1) {
    rates.push(intInclusive(seededRng(seed, streamNames.rate(id)), range.min, range.max));
  }
  return rates;
}

export function toRunConfig(scenario: ResolvedScenario): RunConfig {
  return {
    seed: scenario.seed,
    ratesMilliHz: scenario.rates.map(rateHzToMilliHz),
    internalProbability: probabilityToFraction(scenario.internalProbability),
    durationUs: Math.round(scenario.durationSec * 1_000_000),
    latency: latencyModel(scenario.latency),
    fifo: scenario.fifo,
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
  }
}
