/**
 * A run's events in causal order (every send before its receives, each machine's events in their
 * log's order), each with its Fidge/Mattern vector clock (core/causality/vector-clock.ts) and its
 * height: the order is the one `check` reads logs in (logs/causal-merge.ts: the earliest (time,
 * machine) event whose send, if any, was already fed), so a user's invariant sees the events as
 * the rule engine does.
 */
import {
  happenedBefore,
  type VectorClock,
  vectorAfterLocalEvent,
  vectorAfterReceive,
  vectorZero,
} from '../../core/causality/vector-clock.js';
import { feedInCausalOrder, type RowSource } from '../logs/causal-merge.js';
import { logFileName } from '../logs/format.js';
import type { ParsedLogRow } from '../logs/log-row.js';
import { machineCountOf } from './event-rows.js';
import type { RunEvent } from './events.js';

/** One event as causal-merge.ts orders rows: only the fields the merge reads are meaningful. */
function rowOf(event: RunEvent, line: number): ParsedLogRow {
  const base = {
    machine: event.machine,
    seq: event.seq,
    timeUs: event.timeUs,
    clock: event.clock,
    queueLength: event.queueLength,
    file: logFileName(event.machine),
    line,
  };
  // The merge reads a row's kind only to wait on receives and to put restarts first.
  if (event.kind === 'restart') return { ...base, kind: 'restart' };
  if (event.kind !== 'receive') return { ...base, kind: 'internal' };
  // The merge waits on the sender's rows: a receive waits on machine `from`.
  return {
    ...base,
    kind: 'receive',
    peer: event.from,
    msgSender: event.from,
    msgSeq: 0,
    msgClock: event.messageClock,
  };
}

/** What the walk knows of an event already fed. */
export interface WalkedEvent {
  readonly event: RunEvent;
  readonly vector: VectorClock;
  readonly height: number;
}

/**
 * Feeds `visit` every event in causal order with its vector clock and height; stops when visit
 * returns true. A receive of a message no event sent (events that break happens-before) is fed
 * when nothing else can go, and counts as a local event.
 */
export function walkInCausalOrder(
  events: readonly RunEvent[],
  machineCount: number,
  visit: (walked: WalkedEvent, index: number) => boolean,
): void {
  const count = Math.max(machineCount, events.length === 0 ? 1 : machineCountOf(events));
  const byMachine: RunEvent[][] = Array.from({ length: count }, () => []);
  for (const event of events) byMachine[event.machine]?.push(event);
  const cursor = new Array<number>(count).fill(0);
  const sources: RowSource[] = byMachine.map((list, machine) => ({
    next: () => {
      const event = list[cursor[machine] as number];
      if (event === undefined) return undefined;
      cursor[machine] = (cursor[machine] as number) + 1;
      return rowOf(event, cursor[machine] as number);
    },
  }));
  // Per machine, how far the walk has fed its list (the cursor above runs one row ahead).
  const fed = new Array<number>(count).fill(0);
  const latest: WalkedEvent[] = [];
  const sent = new Map<string, WalkedEvent>();
  let index = 0;
  try {
    feedInCausalOrder(
      sources,
      {
        mustWait: (row) => {
          const event = byMachine[row.machine]?.[fed[row.machine] as number];
          return event?.kind === 'receive' && !sent.has(event.messageId);
        },
        accept: (_row, machine) => {
          const event = byMachine[machine]?.[fed[machine] as number] as RunEvent;
          fed[machine] = (fed[machine] as number) + 1;
          const walked = stepOf(event, latest[machine], sent, count);
          latest[machine] = walked;
          if (event.kind === 'send') sent.set(event.messageId, walked);
          if (visit(walked, index)) throw stop;
          index += 1;
        },
      },
      events.some((event) => event.kind === 'restart'),
    );
  } catch (error) {
    if (error !== stop) throw error;
  }
}

/** Thrown through the merge to end the walk at the event the visitor stops at. */
const stop = new Error('the walk stopped');

/** The event's vector clock and height, from its machine's previous event and its message's send. */
function stepOf(
  event: RunEvent,
  previous: WalkedEvent | undefined,
  sent: ReadonlyMap<string, WalkedEvent>,
  machineCount: number,
): WalkedEvent {
  const before = previous?.vector ?? vectorZero(machineCount);
  const heightBefore = previous?.height ?? 0;
  const send = event.kind === 'receive' ? sent.get(event.messageId) : undefined;
  if (send === undefined) {
    return {
      event,
      vector: vectorAfterLocalEvent(before, event.machine),
      height: heightBefore + 1,
    };
  }
  return {
    event,
    vector: vectorAfterReceive(before, send.vector, event.machine),
    height: Math.max(heightBefore, send.height) + 1,
  };
}

export { happenedBefore };
