/**
 * Which send each receive took, when the logs do not say (docs/IMPORT.md, "Inference"). Receives
 * are matched in (time, machine id, seq) order, each to the earliest copy, by (send time, sender
 * id, seq), that is still unmatched, addressed to its machine (or to anyone, when the send names
 * no receivers), from its sender when the log names one (else from any other machine), sent no
 * later than the receive plus the tolerance, and compatible:
 * - both name a message id: the same id;
 * - the receive states the message's clock: the send's clock is that;
 * - otherwise the receive's clock jumped (more than previous + 1): the send's clock is exactly
 *   clock - 1 (Lamport's rule leaves no other value); it did not: the send's clock is at most
 *   the previous clock.
 * A receive no compatible copy fits takes the earliest copy whatever its clock ("loose"), so
 * that check can show how the clock is wrong; one no copy fits at all is unmatched. A receive
 * whose sender is not named and for which compatible copies of two machines fit is ambiguous:
 * matched all the same, and listed.
 */
import type { ImportedRow } from './imported-row.js';

export type MatchHow = 'id' | 'clock' | 'loose';

export interface MessageMatch {
  /** The send's row, or null: no send fits. */
  readonly send: ImportedRow | null;
  readonly how: MatchHow | null;
  /** Another machine whose send fitted as well (sender not named), or null. */
  readonly alsoFrom: number | null;
}

/** One copy of a send: to a receiver, or to anyone (receivers not stated). */
interface OpenSend {
  readonly row: ImportedRow;
  /** Receivers whose copy is still open; null: not stated, any other machine may take one copy. */
  readonly open: Set<number> | null;
  readonly taken: Set<number>;
}

export interface Matching {
  /** Per receive row (by machine, then seq - 1). */
  readonly matches: ReadonlyMap<ImportedRow, MessageMatch>;
  /** Per send row: the machines that received it (receivers not stated: who took it). */
  readonly receivedBy: ReadonlyMap<ImportedRow, readonly number[]>;
}

export function matchMessages(
  rows: readonly (readonly ImportedRow[])[],
  toleranceUs: number,
): Matching {
  const machineCount = rows.length;
  const sendsBy: OpenSend[][] = rows.map((machineRows) =>
    machineRows
      .filter((row) => row.kind === 'send')
      .map((row) => ({ row, open: receiverSet(row, machineCount), taken: new Set<number>() }))
      .sort((a, b) => a.row.timeUs - b.row.timeUs || a.row.seq - b.row.seq),
  );
  const receives = rows
    .flat()
    .filter((row) => row.kind === 'receive')
    .sort((a, b) => a.timeUs - b.timeUs || a.machine - b.machine || a.seq - b.seq);
  const matches = new Map<ImportedRow, MessageMatch>();
  const cursors = new Cursors(sendsBy, machineCount);
  for (const receive of receives) {
    const match = matchOne(receive, cursors, toleranceUs);
    matches.set(receive, match);
    if (match.send !== null) cursors.take(match.send, receive.machine);
  }
  const receivedBy = new Map<ImportedRow, number[]>();
  for (const sends of sendsBy) {
    for (const send of sends)
      receivedBy.set(
        send.row,
        [...send.taken].sort((a, b) => a - b),
      );
  }
  return { matches, receivedBy };
}

/**
 * Each sender's sends in time order, and per (sender, receiver) the first that may still hold a
 * copy for that receiver: copies are only ever taken, so it only moves on, and a receive looks
 * at the sends from there to its time plus the tolerance, not at every send before (a long log
 * would cost sends x receives).
 */
class Cursors {
  readonly sendsBy: readonly OpenSend[][];
  readonly #first: Int32Array;
  readonly #machineCount: number;
  readonly #bySend = new Map<ImportedRow, OpenSend>();

  constructor(sendsBy: readonly OpenSend[][], machineCount: number) {
    this.sendsBy = sendsBy;
    this.#machineCount = machineCount;
    this.#first = new Int32Array(machineCount * machineCount);
    for (const sends of sendsBy) for (const send of sends) this.#bySend.set(send.row, send);
  }

  /** The sends of `sender` that may still carry a copy to `receiver`, from the first such. */
  *openTo(sender: number, receiver: number): Generator<OpenSend> {
    const sends = this.sendsBy[sender] ?? [];
    const slot = sender * this.#machineCount + receiver;
    let index = this.#first[slot] as number;
    while (index < sends.length && !mayCarry(sends[index] as OpenSend, receiver)) index += 1;
    this.#first[slot] = index;
    for (; index < sends.length; index += 1) {
      const send = sends[index] as OpenSend;
      if (mayCarry(send, receiver)) yield send;
    }
  }

  take(send: ImportedRow, receiver: number): void {
    const open = this.#bySend.get(send);
    if (open === undefined) return;
    open.open?.delete(receiver);
    open.taken.add(receiver);
  }
}

/** Whether a send may still hold a copy for `receiver` (whatever its time and clock). */
function mayCarry(send: OpenSend, receiver: number): boolean {
  if (send.taken.has(receiver)) return false;
  return send.open === null ? send.row.machine !== receiver : send.open.has(receiver);
}

function receiverSet(row: ImportedRow, machineCount: number): Set<number> | null {
  if (row.receivers === null) return null;
  if (row.receivers === 'all') {
    const everyOther = new Set<number>();
    for (let id = 0; id < machineCount; id += 1) if (id !== row.machine) everyOther.add(id);
    return everyOther;
  }
  return new Set(row.receivers);
}

function matchOne(receive: ImportedRow, cursors: Cursors, toleranceUs: number): MessageMatch {
  const senders =
    receive.sender !== null
      ? [receive.sender]
      : cursors.sendsBy.map((_, id) => id).filter((id) => id !== receive.machine);
  const strict: ImportedRow[] = [];
  let loose: ImportedRow | null = null;
  for (const sender of senders) {
    let first: ImportedRow | null = null;
    for (const send of cursors.openTo(sender, receive.machine)) {
      // Sends are in time order: none after this one was sent in time.
      if (send.row.timeUs > receive.timeUs + toleranceUs) break;
      if (loose === null || earlier(send.row, loose)) loose = send.row;
      if (compatible(receive, send.row)) {
        first = send.row;
        break;
      }
    }
    if (first !== null) strict.push(first);
  }
  strict.sort((a, b) => (earlier(a, b) ? -1 : 1));
  const best = strict[0];
  if (best !== undefined) {
    const how: MatchHow = receive.msgId !== null && best.msgId !== null ? 'id' : 'clock';
    const other = receive.sender === null ? strict[1] : undefined;
    return { send: best, how, alsoFrom: other?.machine ?? null };
  }
  // Message ids name the send: one that matches none is no message of these logs.
  const byId = receive.msgId !== null && loose?.msgId !== null;
  if (loose !== null && !byId) return { send: loose, how: 'loose', alsoFrom: null };
  return { send: null, how: null, alsoFrom: null };
}

function earlier(a: ImportedRow, b: ImportedRow): boolean {
  return (
    a.timeUs < b.timeUs ||
    (a.timeUs === b.timeUs && (a.machine < b.machine || (a.machine === b.machine && a.seq < b.seq)))
  );
}

function compatible(receive: ImportedRow, send: ImportedRow): boolean {
  if (receive.msgId !== null && send.msgId !== null) return receive.msgId === send.msgId;
  const sentClock = send.msgClock ?? send.clock;
  if (receive.msgClock !== null) return sentClock === receive.msgClock;
  if (receive.clock > receive.previousClock + 1) return sentClock === receive.clock - 1;
  return sentClock <= receive.previousClock;
}

/** The message clock a receive is written with: stated, else its send's, else what its clock implies. */
export function receiveMsgClock(receive: ImportedRow, match: MessageMatch): number {
  if (receive.msgClock !== null) return receive.msgClock;
  if (match.send !== null) return match.send.msgClock ?? match.send.clock;
  return receive.clock > receive.previousClock + 1 ? receive.clock - 1 : receive.previousClock;
}
