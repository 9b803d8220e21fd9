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
  for (const receive of receives) {
    const match = matchOne(receive, sendsBy, toleranceUs);
    matches.set(receive, match);
    if (match.send !== null) take(sendsBy, match.send, receive.machine);
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

function receiverSet(row: ImportedRow, machineCount: number): Set<number> | null {
  if (row.receivers === null) return null;
  if (row.receivers === 'all') {
    const everyOther = new Set<number>();
    for (let id = 0; id < machineCount; id += 1) if (id !== row.machine) everyOther.add(id);
    return everyOther;
  }
  return new Set(row.receivers);
}

function take(sendsBy: readonly OpenSend[][], send: ImportedRow, receiver: number): void {
  const open = sendsBy[send.machine]?.find((candidate) => candidate.row === send);
  if (open === undefined) return;
  open.open?.delete(receiver);
  open.taken.add(receiver);
}

function matchOne(
  receive: ImportedRow,
  sendsBy: readonly OpenSend[][],
  toleranceUs: number,
): MessageMatch {
  const senders =
    receive.sender !== null
      ? [receive.sender]
      : sendsBy.map((_, id) => id).filter((id) => id !== receive.machine);
  const fits = (send: OpenSend): boolean =>
    send.row.timeUs <= receive.timeUs + toleranceUs &&
    !send.taken.has(receive.machine) &&
    (send.open === null ? send.row.machine !== receive.machine : send.open.has(receive.machine));
  const strict: ImportedRow[] = [];
  let loose: ImportedRow | null = null;
  for (const sender of senders) {
    const sends = sendsBy[sender] ?? [];
    const first = sends.find((send) => fits(send) && compatible(receive, send.row));
    if (first !== undefined) strict.push(first.row);
    const any = sends.find(fits);
    if (any !== undefined && (loose === null || earlier(any.row, loose))) loose = any.row;
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
