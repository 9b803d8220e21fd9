/**
 * Per-machine figures gathered while a run goes, for the end-of-run table and the manifest:
 * events by kind, the largest clock jump at a receive (new clock - previous clock - 1), and the
 * largest queue length a log row shows. Everything here can be recomputed from the logs alone.
 */
import { copiesOf, type EventKind, type MachineId, type StepEvent } from '../../core/index.js';
import type { EventSink } from '../../transports/run-config.js';

export interface MachineStats {
  readonly events: Record<EventKind, number>;
  readonly clockJumpMax: number;
  readonly queueLengthMax: number;
  readonly lastClock: number;
  /** Message copies sent: a broadcast to k peers counts k. */
  readonly messagesSent: number;
  /** Restart rows (a run with faults): not events of the model, so not in `events`. */
  readonly restarts: number;
}

// One machine's figures, side by side in one Float64Array (8 numbers: one 64-byte cache line): with thousands of machines an event touches one line, not two objects.
const internalAt = 0;
const sendAt = 1;
const receiveAt = 2;
const clockJumpMaxAt = 3;
const queueLengthMaxAt = 4;
const lastClockAt = 5;
const messagesSentAt = 6;
const restartsAt = 7;
const fieldsPerMachine = 8;

export class RunStatsSink implements EventSink {
  readonly #machineCount: number;
  readonly #figures: Float64Array;

  constructor(machineCount: number) {
    this.#machineCount = machineCount;
    this.#figures = new Float64Array(machineCount * fieldsPerMachine);
  }

  warmUpTwin(machineCount: number): RunStatsSink {
    return new RunStatsSink(machineCount);
  }

  /** The figures so far, per machine in id order (made afresh on each call). */
  perMachine(): MachineStats[] {
    const figures = this.#figures;
    return Array.from({ length: this.#machineCount }, (_, id) => {
      const base = id * fieldsPerMachine;
      return {
        events: {
          internal: figures[base + internalAt] as number,
          send: figures[base + sendAt] as number,
          receive: figures[base + receiveAt] as number,
        },
        clockJumpMax: figures[base + clockJumpMaxAt] as number,
        queueLengthMax: figures[base + queueLengthMaxAt] as number,
        lastClock: figures[base + lastClockAt] as number,
        messagesSent: figures[base + messagesSentAt] as number,
        restarts: figures[base + restartsAt] as number,
      };
    });
  }

  record(machineId: MachineId, _timeUs: number, event: StepEvent): void {
    const figures = this.#figures;
    const base = machineId * fieldsPerMachine;
    const kind = event.kind;
    if (kind === 'send') {
      figures[base + messagesSentAt] =
        (figures[base + messagesSentAt] as number) + copiesOf(event, this.#machineCount);
    } else if (kind === 'receive') {
      const jump = event.clock - (figures[base + lastClockAt] as number) - 1;
      if (jump > (figures[base + clockJumpMaxAt] as number)) figures[base + clockJumpMaxAt] = jump;
      if (event.queueLength > (figures[base + queueLengthMaxAt] as number)) {
        figures[base + queueLengthMaxAt] = event.queueLength;
      }
    }
    // One count for every kind, its slot picked by value: a restart row (the first comes late
    // in a run with faults, and the faulted warm-up's sink is not this one) then runs no
    // operation the run has not run before. With an increment of its own it had no type
    // feedback, and the first restart threw this method's optimised code away (--trace-deopt:
    // "insufficient type feedback"): ~10 ms of a 2 M-event run in slower code.
    const countAt = countSlotOf(kind);
    figures[base + countAt] = (figures[base + countAt] as number) + 1;
    figures[base + lastClockAt] = event.clock;
  }
}

/** Where a row of `kind` is counted in a machine's figures. */
function countSlotOf(kind: StepEvent['kind']): number {
  if (kind === 'internal') return internalAt;
  if (kind === 'send') return sendAt;
  if (kind === 'receive') return receiveAt;
  // The one kind left is a restart row: the compiler proves the list complete, and nothing is
  // left here (no call, no check) for the first restart to run without feedback.
  const restart: 'restart' = kind;
  void restart;
  return restartsAt;
}

/**
 * Forwards every event to each sink in turn. Up to four sinks (statistics, causality, CSV logs,
 * analysis) get a call site each, so every call stays monomorphic in the hot loop; more fall
 * back to a loop.
 */
export function teeSinks(sinks: readonly EventSink[]): EventSink {
  const [first, second, third] = sinks;
  if (sinks.length === 1 && first !== undefined) return first;
  if (sinks.length === 2 && first !== undefined && second !== undefined) {
    return {
      record(machineId, timeUs, event) {
        first.record(machineId, timeUs, event);
        second.record(machineId, timeUs, event);
      },
    };
  }
  if (sinks.length === 3 && first !== undefined && second !== undefined && third !== undefined) {
    return {
      record(machineId, timeUs, event) {
        first.record(machineId, timeUs, event);
        second.record(machineId, timeUs, event);
        third.record(machineId, timeUs, event);
      },
    };
  }
  const fourth = sinks[3];
  if (
    sinks.length === 4 &&
    first !== undefined &&
    second !== undefined &&
    third !== undefined &&
    fourth !== undefined
  ) {
    return {
      record(machineId, timeUs, event) {
        first.record(machineId, timeUs, event);
        second.record(machineId, timeUs, event);
        third.record(machineId, timeUs, event);
        fourth.record(machineId, timeUs, event);
      },
    };
  }
  return {
    record(machineId, timeUs, event) {
      for (const sink of sinks) sink.record(machineId, timeUs, event);
    },
  };
}
