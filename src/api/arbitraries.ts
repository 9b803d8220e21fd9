/**
 * lamport-lab/arbitraries: fast-check arbitraries of scenarios, fault lists and rates, the ones
 * `lamport-lab explore` draws from, so a user's property test finds and shrinks as explore does.
 */
import fc from 'fast-check';
import type { FaultKind } from '../../transports/fault-config.js';
import { notBuiltYet } from './not-built.js';
import type { Scenario } from './scenario.js';

/** The fast-check the arbitraries are made with: use it to run them. */
export { fc };

/** One entry of a scenario's `faults`. */
export type Fault = NonNullable<Scenario['faults']>[number];

export interface ScenarioConstraints {
  readonly machinesMax?: number;
  readonly durationSecMax?: number;
  readonly rateHzMax?: number;
  /** The fault kinds a scenario may have (default: none). */
  readonly faults?: readonly FaultKind[];
}

export interface FaultConstraints {
  readonly machines: number;
  readonly durationSec: number;
  readonly kinds?: readonly FaultKind[];
}

export interface RateConstraints {
  readonly machines?: number;
  readonly rateHzMax?: number;
}

/** Scenarios, each with its seed, shrinking toward few machines, no faults and a short run. */
export function arbScenario(_constraints: ScenarioConstraints = {}): fc.Arbitrary<Scenario> {
  return notBuiltYet('arbScenario');
}

/** Fault lists for a run of the given machines and duration. */
export function arbFaults(_constraints: FaultConstraints): fc.Arbitrary<Fault[]> {
  return notBuiltYet('arbFaults');
}

/** Tick rates in Hz, one per machine. */
export function arbRates(_constraints: RateConstraints = {}): fc.Arbitrary<number[]> {
  return notBuiltYet('arbRates');
}

/** The command line that replays a scenario with the CLI. */
export function replayCommand(_scenario: Scenario): string {
  return notBuiltYet('replayCommand');
}
