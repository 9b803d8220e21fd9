/**
 * The imported rows as lamport-lab log rows, with the matching's result: a matched receive names
 * its send (peers, msg_id `<sender>-<seq>`, msg_clock); an unmatched one names msg id
 * `<sender>-0`, which no send has (seq counts from 1), so `check` reports a receive of a message
 * no one sent at its line. And the findings: unmatched, loosely matched and ambiguous receives,
 * copies never received.
 */
import { formatTimeMs, logHeaderLine } from '../logs/format.js';
import type { ImportedRow } from './imported-row.js';
import { type Matching, type MessageMatch, receiveMsgClock } from './match-messages.js';
import type { SourceLine } from './source-event.js';

export type FindingKind =
  | 'unread-line'
  | 'unmatched-receive'
  | 'loose-match'
  | 'ambiguous-match'
  | 'never-received'
  | 'bad-receiver';

export interface Finding {
  readonly kind: FindingKind;
  readonly where: string;
  readonly message: string;
}

/** How the receives were matched: by message id, by clock, loosely, not at all; and how many ambiguously. */
export interface MatchTally {
  byId: number;
  byClock: number;
  loose: number;
  unmatched: number;
  ambiguous: number;
}

export interface RunRows {
  /** Per machine, the log's text (header included). */
  readonly logs: readonly string[];
  readonly findings: readonly Finding[];
  /** Per machine, the copies sent to it that no receive matched. */
  readonly unreceived: readonly number[];
  readonly matched: Readonly<MatchTally>;
}

export const at = (source: SourceLine): string => `${source.file}:${source.line}`;

export function runRows(rows: readonly (readonly ImportedRow[])[], matching: Matching): RunRows {
  const machineCount = rows.length;
  const findings: Finding[] = [];
  const unreceived = new Array<number>(machineCount).fill(0);
  const matched: MatchTally = { byId: 0, byClock: 0, loose: 0, unmatched: 0, ambiguous: 0 };
  const logs = rows.map((machineRows) => {
    let text = logHeaderLine;
    for (const row of machineRows) {
      if (row.kind === 'send') text += sendLine(row, matching, machineCount, findings, unreceived);
      else if (row.kind === 'receive') {
        const match = matching.matches.get(row) ?? { send: null, how: null, alsoFrom: null };
        tally(row, match, findings, matched);
        text += receiveLine(row, match);
      } else text += `${lineStart(row)},,,\n`;
    }
    return text;
  });
  return { logs, findings, unreceived, matched };
}

function lineStart(row: ImportedRow): string {
  return `${row.machine},${row.seq},${row.kind},${formatTimeMs(row.timeUs)},${row.clock},${row.queue ?? 0}`;
}

/** A send's peers: as stated (less itself and repeats), every other machine, or who took it. */
function sendLine(
  row: ImportedRow,
  matching: Matching,
  machineCount: number,
  findings: Finding[],
  unreceived: number[],
): string {
  const takenBy = matching.receivedBy.get(row) ?? [];
  const everyOther = Array.from({ length: machineCount }, (_, id) => id).filter(
    (id) => id !== row.machine,
  );
  let peers: number[];
  if (row.receivers === 'all') peers = everyOther;
  else if (row.receivers === null) peers = takenBy.length > 0 ? [...takenBy] : everyOther;
  else {
    peers = [...new Set(row.receivers)].filter((id) => id !== row.machine);
    if (peers.length !== row.receivers.length || peers.length === 0) {
      findings.push({
        kind: 'bad-receiver',
        where: at(row.source),
        message: `a send to ${row.receivers.join(', ')}: itself or a receiver twice (written as ${peers.join(';') || 'every other machine'})`,
      });
      if (peers.length === 0) peers = everyOther;
    }
  }
  for (const peer of peers) {
    if (takenBy.includes(peer)) continue;
    unreceived[peer] = (unreceived[peer] as number) + 1;
    findings.push({
      kind: 'never-received',
      where: at(row.source),
      message: `the copy to machine ${peer} is never received (no receive matched it)`,
    });
  }
  return `${lineStart(row)},${peers.join(';')},${row.machine}-${row.seq},${row.msgClock ?? row.clock}\n`;
}

function receiveLine(row: ImportedRow, match: MessageMatch): string {
  const msgClock = receiveMsgClock(row, match);
  if (match.send === null) {
    const sender = row.sender ?? row.machine;
    return `${lineStart(row)},${sender},${sender}-0,${msgClock}\n`;
  }
  return `${lineStart(row)},${match.send.machine},${match.send.machine}-${match.send.seq},${msgClock}\n`;
}

function tally(
  row: ImportedRow,
  match: MessageMatch,
  findings: Finding[],
  matched: MatchTally,
): void {
  const where = at(row.source);
  if (match.send === null) {
    matched.unmatched += 1;
    const from = row.sender === null ? 'any other machine' : `machine ${row.sender}`;
    findings.push({
      kind: 'unmatched-receive',
      where,
      message: `received a message no one sent: no send of ${from} fits it`,
    });
    return;
  }
  const send = `${at(match.send.source)} (machine ${match.send.machine}, clock ${match.send.clock})`;
  if (match.how === 'id') matched.byId += 1;
  else if (match.how === 'clock') matched.byClock += 1;
  else {
    matched.loose += 1;
    findings.push({
      kind: 'loose-match',
      where,
      message: `no send with a compatible clock fits; matched the earliest open one, ${send}`,
    });
  }
  if (match.alsoFrom !== null) {
    matched.ambiguous += 1;
    findings.push({
      kind: 'ambiguous-match',
      where,
      message: `matched ${send}; a send of machine ${match.alsoFrom} fits as well (the log does not name the sender)`,
    });
  }
}
