/**
 * The driver's reused StepEvent as a RunEvent: a plain object per event, with the fields of its
 * log row (machine-N.csv) in the log's units (time in integer µs, where the log has ms).
 */
import {
  assertNever,
  type MachineId,
  messageId,
  type StepEvent,
  toEveryPeer,
} from '../../core/index.js';
import type { EventSink } from '../../transports/run-config.js';
import type { RunEvent } from './events.js';

/** A broadcast's receivers: every machine but the sender, ascending (the log's `peers`). */
function everyPeer(senderId: number, machineCount: number): number[] {
  const ids: number[] = [];
  for (let id = 0; id < machineCount; id += 1) if (id !== senderId) ids.push(id);
  return ids;
}

export function runEventOf(
  machine: MachineId,
  timeUs: number,
  event: StepEvent,
  machineCount: number,
): RunEvent {
  const base = {
    machine,
    seq: event.seq,
    timeUs,
    clock: event.clock,
    queueLength: event.queueLength,
  };
  switch (event.kind) {
    case 'internal':
    case 'restart':
      return { kind: event.kind, ...base };
    case 'send':
      return {
        kind: 'send',
        ...base,
        to: event.to === toEveryPeer ? everyPeer(machine, machineCount) : [event.to],
        messageId: messageId(event.senderId, event.sendSeq),
        messageClock: event.messageClock,
      };
    case 'receive':
      return {
        kind: 'receive',
        ...base,
        from: event.senderId,
        messageId: messageId(event.senderId, event.sendSeq),
        messageClock: event.messageClock,
      };
    default:
      return assertNever(event.kind, 'event kind');
  }
}

/** A sink that appends every event to `events`, as RunEvents. */
export function collectingSink(machineCount: number, events: RunEvent[]): EventSink {
  return {
    record(machine, timeUs, event) {
      events.push(runEventOf(machine, timeUs, event, machineCount));
    },
  };
}
