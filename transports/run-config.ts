/**
 * What a driver needs to run the model: the resolved scenario in exact integer units.
 * `src/` turns a scenario file plus flags into this; the drivers never see files or flags.
 */
import type { Fraction, MachineId, StepEvent } from '../core/index.js';
import type { FaultConfig } from './fault-config.js';
import type { LatencyModel } from './latency.js';

export interface RunConfig {
  readonly seed: number;
  /** One rate per machine, in millihertz (Hz × 1000, exact); its length is the machine count. */
  readonly ratesMilliHz: readonly number[];
  readonly internalProbability: Fraction;
  readonly durationUs: number;
  readonly latency: LatencyModel;
  /** Keep each channel first-in first-out even when latencies vary. */
  readonly fifo: boolean;
  /**
   * Faults to inject, in the scenario's order (issue 18); empty for a fault-free run, which
   * then runs exactly as it did before faults existed.
   */
  readonly faults: readonly FaultConfig[];
}

/**
 * Receives every event in the order the driver produced it. Logs and statistics are sinks.
 * The event record is reused for the next event: read it during the call, copy what you keep.
 */
export interface EventSink {
  record(machineId: MachineId, timeUs: number, event: StepEvent): void;
  /**
   * A fresh sink of this one's own class for `machineCount` machines, for the faulted warm-up
   * (virtual/fault-warm-up.ts) to record into and drop: the warm-up then trains the loop's call
   * of `record` on the class the run will call. Absent: the warm-up records into a no-op, and
   * that call stays polymorphic for the run (2-3 ns an event, docs/PERFORMANCE.md).
   */
  warmUpTwin?(machineCount: number): EventSink;
}

/** The state at the end of a run, per machine in id order. */
export interface MachineEnd {
  readonly id: MachineId;
  readonly clock: number;
  readonly events: number;
  /** Messages delivered to the queue but never taken off. */
  readonly queueLength: number;
  /** Messages sent to this machine still on the wire when the run ended. */
  readonly inFlight: number;
}

export interface DriverResult {
  /** False when the run was stopped before its duration (for example by Ctrl-C). */
  readonly completed: boolean;
  /** Model time the run covered, in µs: the full duration when completed. */
  readonly durationUs: number;
  readonly events: number;
  readonly machines: readonly MachineEnd[];
  /** Only for a run with faults: what they did, for the manifest's ledger (issue 18). */
  readonly faults?: FaultTally;
}

/**
 * What a run's faults did, counted as the driver reported each action. With the machines'
 * ends it balances the message ledger: copies sent + duplicated = received + queued at the end
 * + in flight at the end + dropped.
 */
export interface FaultTally {
  /** Extra copies made by `duplicate`. */
  readonly duplicated: number;
  /** Copies dropped, all reasons together: loss + partition + crash. */
  readonly dropped: number;
  readonly droppedBy: { readonly loss: number; readonly partition: number; readonly crash: number };
  /** Per machine, in id order: its restarts (each one log row of kind `restart`). */
  readonly restarts: readonly number[];
  /** Per fault, in list order: the actions it took (its rows of evidence). */
  readonly fired: readonly number[];
}
