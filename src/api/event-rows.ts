/**
 * RunEvent and the log row it is (machine-N.csv): one way for a run directory read as events,
 * the other for events checked in memory, whose logs must be byte for byte the files the run
 * writes (the same sha256 the manifest lists, the same `machine-1.csv:57` in findings).
 */
import { assertNever } from '../../core/index.js';
import { formatTimeMs, logHeaderLine } from '../logs/format.js';
import type { ParsedLogRow } from '../logs/log-row.js';
import type { RunEvent } from './events.js';

/** The event as its log line, with its newline. */
export function logLineOf(event: RunEvent): string {
  const head = `${event.machine},${event.seq},${event.kind},${formatTimeMs(event.timeUs)},${event.clock},${event.queueLength}`;
  switch (event.kind) {
    case 'internal':
    case 'restart':
      return `${head},,,\n`;
    case 'send':
      return `${head},${event.to.join(';')},${event.messageId},${event.messageClock}\n`;
    case 'receive':
      return `${head},${event.from},${event.messageId},${event.messageClock}\n`;
    default:
      return assertNever(event, 'event kind');
  }
}

/**
 * The logs of `machineCount` machines holding these events, each machine's in the order given
 * (machine-0.csv first): the bytes a run directory of them would hold.
 */
export function logBytesOf(events: readonly RunEvent[], machineCount: number): Uint8Array[] {
  const lines: string[][] = Array.from({ length: machineCount }, () => [logHeaderLine]);
  for (const event of events) lines[event.machine]?.push(logLineOf(event));
  // Every field is ASCII, so characters are bytes.
  return lines.map((log) => Buffer.from(log.join(''), 'latin1'));
}

/** The machines a list of events needs logs for: the highest id seen, plus one (at least 1). */
export function machineCountOf(events: readonly RunEvent[]): number {
  let highest = 0;
  for (const event of events) {
    if (!Number.isSafeInteger(event.machine) || event.machine < 0) {
      throw new RangeError(
        `events: machine: expected an integer id 0 or more, got ${String(event.machine)}`,
      );
    }
    if (event.machine > highest) highest = event.machine;
  }
  return highest + 1;
}

/** A parsed log row as a RunEvent (plain data; the row may be reused by its reader). */
export function runEventOf(row: ParsedLogRow): RunEvent {
  const base = {
    machine: row.machine,
    seq: row.seq,
    timeUs: row.timeUs,
    clock: row.clock,
    queueLength: row.queueLength,
  };
  switch (row.kind) {
    case 'internal':
    case 'restart':
      return { ...base, kind: row.kind };
    case 'send':
      return {
        ...base,
        kind: 'send',
        to: [...row.receiverIds],
        messageId: `${row.msgSender}-${row.msgSeq}`,
        messageClock: row.msgClock,
      };
    case 'receive':
      return {
        ...base,
        kind: 'receive',
        from: row.peer,
        messageId: `${row.msgSender}-${row.msgSeq}`,
        messageClock: row.msgClock,
      };
    default:
      return assertNever(row, 'event kind');
  }
}
