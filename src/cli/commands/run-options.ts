/**
 * `run`'s options as commander parses them: shared by the definition (run-command.ts) and
 * what runs (run-action.ts), so neither imports the other.
 */
import type { Topology } from '../../../transports/tcp/machine.js';
import type { LatencySpec } from '../../scenario/schema.js';

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
  readonly out?: string;
  readonly force: boolean;
  readonly logs: boolean;
  readonly json: boolean;
  readonly quiet: boolean;
  readonly check: boolean;
  readonly checkDeterminism: boolean;
  readonly mode: 'virtual' | 'tcp';
  readonly host: string;
  readonly ports?: number[];
  readonly topology: Topology;
}

/** Where tcp-mode machines listen unless --host says otherwise. */
export const defaultTcpHost = '127.0.0.1';
