/**
 * Per-machine figures gathered while a run goes, for the end-of-run table and the manifest:
 * events by kind, the largest clock jump at a receive (new clock - previous clock - 1), and the
 * largest queue length a log row shows. Everything here can be recomputed from the logs alone.
 */
import {
  assertNever,
  copiesOf,
  type EventKind,
  type MachineId,
  type StepEvent,
} from '../core/index.js';
import type { EventSink } from '../transports/run-config.js';

export interface MachineStats {
  readonly events: Record<EventKind, number>;
  clockJumpMax: number;
  queueLengthMax: number;
  lastClock: number;
  /** Message copies sent: a broadcast to k peers counts k. */
  messagesSent: number;
}

export class RunStatsSink implements EventSink {
  readonly machines: MachineStats[];
  readonly #machineCount: number;

  constructor(machineCount: number) {
    this.#machineCount = machineCount;
    this.machines = Array.from({ length: machineCount }, () => ({
      events: { internal: 0, send: 0, receive: 0 },
      clockJumpMax: 0,
      queueLengthMax: 0,
      lastClock: 0,
      messagesSent: 0,
    }));
  }

  record(machineId: MachineId, _timeUs: number, event: StepEvent): void {
    const stats = this.machines[machineId] as MachineStats;
    switch (event.kind) {
      case 'internal':
        stats.events.internal += 1;
        break;
      case 'send':
        stats.events.send += 1;
        stats.messagesSent += copiesOf(event, this.#machineCount);
        break;
      case 'receive': {
        stats.events.receive += 1;
        const jump = event.clock - stats.lastClock - 1;
        if (jump > stats.clockJumpMax) stats.clockJumpMax = jump;
        if (event.queueLength > stats.queueLengthMax) stats.queueLengthMax = event.queueLength;
        break;
      }
      default:
        assertNever(event.kind, 'event kind');
    }
    stats.lastClock = event.clock;
  }
}

/**
 * Forwards every event to each sink in turn. Up to three sinks get a call site each, so every
 * call stays monomorphic in the hot loop; more fall back to a loop.
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
  return {
    record(machineId, timeUs, event) {
      for (const sink of sinks) sink.record(machineId, timeUs, event);
    },
  };
}
