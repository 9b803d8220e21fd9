/**
 * Runs the virtual simulator with every event kept in memory, for tests that check rules across
 * a whole run. Each event is stored with its machine and time, in the order the driver made it.
 */
import type { Fraction, MachineId, StepResult } from '../../core/index.js';
import type { LatencyModel } from '../../transports/latency.js';
import type { DriverResult, RunConfig } from '../../transports/run-config.js';
import { seededRngFactory } from '../../transports/seeded-rng.js';
import { runVirtual } from '../../transports/virtual.js';

export interface RecordedEvent {
  readonly machineId: MachineId;
  readonly timeUs: number;
  readonly event: StepResult;
}

export interface MemoryRun {
  readonly config: RunConfig;
  readonly events: readonly RecordedEvent[];
  readonly result: DriverResult;
}

export function runInMemory(config: RunConfig): MemoryRun {
  const events: RecordedEvent[] = [];
  const result = runVirtual(config, {
    sink: { record: (machineId, timeUs, event) => events.push({ machineId, timeUs, event }) },
    rngFor: seededRngFactory(config.seed),
  });
  return { config, events, result };
}

export interface ConfigOptions {
  readonly seed?: number;
  readonly ratesHz?: readonly number[];
  readonly internal?: Fraction;
  readonly durationSec?: number;
  readonly latency?: LatencyModel;
  readonly fifo?: boolean;
}

/** A run config with the exercise's defaults, for tests that vary one thing. */
export function makeConfig(options: ConfigOptions = {}): RunConfig {
  return {
    seed: options.seed ?? 1,
    ratesMilliHz: (options.ratesHz ?? [1, 2, 6]).map((rate) => Math.round(rate * 1000)),
    internalProbability: options.internal ?? { numerator: 7, denominator: 10 },
    durationUs: Math.round((options.durationSec ?? 60) * 1e6),
    latency: options.latency ?? { kind: 'constant', us: 0 },
    fifo: options.fifo ?? false,
  };
}

/** The events of each machine, in order. */
export function eventsByMachine(run: MemoryRun): RecordedEvent[][] {
  const lists: RecordedEvent[][] = run.config.ratesMilliHz.map(() => []);
  for (const recorded of run.events) lists[recorded.machineId]?.push(recorded);
  return lists;
}
