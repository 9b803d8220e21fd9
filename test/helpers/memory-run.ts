/**
 * Runs the virtual simulator with every event kept in memory, for tests that check rules across
 * a whole run. Each event is stored with its machine and time, in the order the driver made it.
 * The driver reuses one event record, so the sink keeps a snapshot of each.
 */
import {
  type Fraction,
  type MachineId,
  type StepEvent,
  type StepSnapshot,
  snapshotEvent,
  toEveryPeer,
} from '../../core/index.js';
import type { LatencyModel } from '../../transports/latency.js';
import type { DriverResult, EventSink, RunConfig } from '../../transports/run-config.js';
import { seededRngFactory } from '../../transports/seeded-rng.js';
import { runVirtual } from '../../transports/virtual/simulation.js';

export interface RecordedEvent {
  readonly machineId: MachineId;
  readonly timeUs: number;
  readonly event: StepSnapshot;
}

export interface MemoryRun {
  readonly config: RunConfig;
  readonly events: readonly RecordedEvent[];
  readonly result: DriverResult;
}

/** A sink that keeps a snapshot of every event it is given, in order. */
export function recordingSink(events: RecordedEvent[]): EventSink {
  return {
    record: (machineId: MachineId, timeUs: number, event: StepEvent) =>
      events.push({ machineId, timeUs, event: snapshotEvent(event) }),
  };
}

export function runInMemory(config: RunConfig): MemoryRun {
  const events: RecordedEvent[] = [];
  const result = runVirtual(config, {
    sink: recordingSink(events),
    rngFor: seededRngFactory(config.seed),
  });
  return { config, events, result };
}

/** The machines in a run. */
export function machineCountOf(run: MemoryRun): number {
  return run.config.ratesMilliHz.length;
}

/**
 * The receivers of a send, ascending: its one peer, or every other machine for a broadcast.
 * Empty for any other event.
 */
export function receiversOf(
  machineId: MachineId,
  event: StepSnapshot,
  machineCount: number,
): MachineId[] {
  if (event.kind !== 'send') return [];
  if (event.to !== toEveryPeer) return [event.to];
  const receivers: MachineId[] = [];
  for (let id = 0; id < machineCount; id += 1) if (id !== machineId) receivers.push(id);
  return receivers;
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
    faults: [],
  };
}

/** The events of each machine, in order. */
export function eventsByMachine(run: MemoryRun): RecordedEvent[][] {
  const lists: RecordedEvent[][] = run.config.ratesMilliHz.map(() => []);
  for (const recorded of run.events) lists[recorded.machineId]?.push(recorded);
  return lists;
}
