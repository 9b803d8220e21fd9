/**
 * The vocabulary of the model: machines, messages and what one step of a machine produces.
 * Nothing here knows about time or the network; drivers attach those.
 */

/** A machine's index, 0..N-1. Machines are always kept in arrays indexed by id, never in maps. */
export type MachineId = number;

/**
 * A message, as read back from a queue or carried over a socket. Its id (`<senderId>-<sendSeq>`)
 * is the same for every copy of a broadcast by contract.
 */
export interface Message {
  readonly senderId: MachineId;
  /** The `seq` of the send event that created the message; with `senderId` it is run-unique. */
  readonly sendSeq: number;
  /** The sender's Lamport clock after the send, which is what the message carries. */
  readonly clock: number;
}

export type EventKind = 'internal' | 'send' | 'receive';

/**
 * What a log row can be: an event of the die or the queue (EventKind), or a `restart` of a
 * machine that crashed (a fault, issue 18): one row that takes no tick and no draw, whose clock
 * is the clock the machine restarts with. Only a run with faults has restart rows.
 */
export type RowKind = EventKind | 'restart';

/** `StepEvent.to` of a send that went to every other machine (still one event, one row). */
export const toEveryPeer = -1;
/** `StepEvent.to` and `senderId` of an event that has no peer (an internal event). */
export const noPeer = -2;

/**
 * What one tick of a machine did. Every tick yields exactly one event, and one log row.
 *
 * The driver owns one StepEvent and every tick overwrites it: the simulator makes millions of
 * events a second, and an object per event would be most of its work. So a sink reads the
 * event while `record` runs and copies what it keeps (`snapshotEvent` makes a plain copy).
 * Every tick writes every field, so nothing stale from an earlier event can show through.
 */
export class StepEvent {
  kind: RowKind = 'internal';
  /** The machine's event number, 1, 2, 3 ... */
  seq = 0;
  /** The Lamport clock after the event. */
  clock = 0;
  /** Queue length after the event (after the message was taken off, for a receive). */
  queueLength = 0;
  /**
   * The message: the one taken off the queue (receive) or the one sent (send; then senderId is
   * the machine itself and sendSeq its seq). An internal event has senderId = noPeer.
   */
  senderId: MachineId = noPeer;
  sendSeq = 0;
  messageClock = 0;
  /** Send only: the receiving peer's id, or toEveryPeer. Otherwise noPeer. */
  to: number = noPeer;
}

/** A plain, immutable copy of an event, for code that keeps events (tests, small tools). */
export type StepSnapshot = Readonly<StepEvent>;

export function snapshotEvent(event: StepEvent): StepSnapshot {
  return { ...event };
}

/** Event kinds in the fixed order used for counts and tables. */
export const eventKinds: readonly EventKind[] = ['internal', 'send', 'receive'];

/** An exact probability numerator / denominator, reduced, so decisions never use floats. */
export interface Fraction {
  readonly numerator: number;
  readonly denominator: number;
}
