/**
 * `run`'s options as commander parses them: shared by the definition (run-command.ts) and
 * what runs (run-action.ts), so neither imports the other.
 */
import type { Topology } from '../../../transports/tcp/machine.js';
import type { LatencySpec } from '../../scenario/schema.js';
import type { FaultFlag } from '../fault-flags.js';

export interface RunOptions {
  readonly name?: string;
  readonly seed?: number;
  readonly duration?: number;
  readonly machines?: number;
  readonly rates?: number[];
  readonly rateRange?: { min: number; max: number };
  readonly rateDistribution?: Record<string, unknown>;
  readonly internalProbability?: number;
  readonly latency?: LatencySpec;
  readonly fifo?: boolean;
  // Fault flags (virtual mode), each given any number of times: see fault-flags.ts.
  readonly loss?: FaultFlag[];
  readonly duplicate?: FaultFlag[];
  readonly delay?: FaultFlag[];
  readonly partition?: FaultFlag[];
  readonly crash?: FaultFlag[];
  readonly restart?: FaultFlag[];
  readonly pause?: FaultFlag[];
  readonly rate?: FaultFlag[];
  readonly corruptClock?: FaultFlag[];
  readonly out?: string;
  readonly force: boolean;
  readonly logs: boolean;
  readonly json: boolean;
  readonly quiet: boolean;
  readonly check: boolean;
  /** With --check: consequences of injected faults fail it too (check --strict). */
  readonly strict: boolean;
  readonly checkDeterminism: boolean;
  readonly mode: 'virtual' | 'tcp';
  readonly host: string;
  readonly ports?: number[];
  readonly topology: Topology;
}

/** Where tcp-mode machines listen unless --host says otherwise. */
export const defaultTcpHost = '127.0.0.1';

/** The flags that set a scenario's values (`run`'s and `harness`'s). */
export type ScenarioFlagOptions = Pick<
  RunOptions,
  | 'name'
  | 'seed'
  | 'duration'
  | 'machines'
  | 'rates'
  | 'rateRange'
  | 'rateDistribution'
  | 'internalProbability'
  | 'latency'
  | 'fifo'
>;

/** The fault flags as commander collects them (`run`'s and `harness`'s). */
export type FaultFlagOptions = Pick<
  RunOptions,
  | 'loss'
  | 'duplicate'
  | 'delay'
  | 'partition'
  | 'crash'
  | 'restart'
  | 'pause'
  | 'rate'
  | 'corruptClock'
>;

/** The fault flags given, in the order their entries join the scenario's list. */
export function faultFlagsOf(options: FaultFlagOptions): FaultFlag[] {
  return [
    ...(options.loss ?? []),
    ...(options.duplicate ?? []),
    ...(options.delay ?? []),
    ...(options.partition ?? []),
    ...(options.crash ?? []),
    ...(options.restart ?? []),
    ...(options.pause ?? []),
    ...(options.rate ?? []),
    ...(options.corruptClock ?? []),
  ];
}
