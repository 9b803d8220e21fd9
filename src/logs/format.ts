/**
 * The per-machine event log format: a contract read by the checker, the analysis and CI.
 * Columns, in order: machine,seq,event,time_ms,logical_clock,queue_length,peers,msg_id,msg_clock.
 *
 * json2csv owns the header and the quoting rules (and writes every CSV that is not the per-event
 * hot path). Event rows are written byte by byte by csv-row-writer.ts because they are the hot
 * path; none of their fields can contain a comma, quote or newline, and a test proves that writer
 * and json2csv (through `eventToLogRow` here) give identical bytes.
 */
import { stringQuoteOnlyIfNecessary } from '@json2csv/formatters';
import { Parser } from '@json2csv/plainjs';
import { assertNever, messageId, type StepEvent, toEveryPeer } from '../../core/index.js';

export const logColumns = [
  'machine',
  'seq',
  'event',
  'time_ms',
  'logical_clock',
  'queue_length',
  'peers',
  'msg_id',
  'msg_clock',
] as const;

export type LogColumn = (typeof logColumns)[number];
export type LogRow = Record<LogColumn, string | number>;

/** A json2csv parser for our CSV dialect: `,`, `\n`, quotes only where needed. */
export function csvParser(fields: readonly string[], header: boolean): Parser<object, object> {
  return new Parser({
    fields: [...fields],
    header,
    eol: '\n',
    formatters: { string: stringQuoteOnlyIfNecessary(), header: stringQuoteOnlyIfNecessary() },
  });
}

/** The header line of every machine log, with its newline. */
export const logHeaderLine = `${csvParser(logColumns, true).parse([])}\n`;

/** Virtual or wall time in ms from integer µs, exact, up to 3 decimals, no trailing zeros. */
export function formatTimeMs(timeUs: number): string {
  const wholeMs = Math.floor(timeUs / 1000);
  const fractionUs = timeUs - wholeMs * 1000;
  if (fractionUs === 0) return String(wholeMs);
  const digits = String(fractionUs).padStart(3, '0').replace(/0+$/, '');
  return `${wholeMs}.${digits}`;
}

/** One event as a row object: the shape json2csv writes and the tests compare against. */
export function eventToLogRow(
  machineId: number,
  timeUs: number,
  event: StepEvent,
  machineCount: number,
): LogRow {
  const row: LogRow = {
    machine: machineId,
    seq: event.seq,
    event: event.kind,
    time_ms: formatTimeMs(timeUs),
    logical_clock: event.clock,
    queue_length: event.queueLength,
    peers: '',
    msg_id: '',
    msg_clock: '',
  };
  switch (event.kind) {
    case 'internal':
    case 'restart':
      return row;
    case 'send':
      return {
        ...row,
        peers: event.to === toEveryPeer ? everyPeerList(machineId, machineCount) : String(event.to),
        msg_id: messageId(event.senderId, event.sendSeq),
        msg_clock: event.messageClock,
      };
    case 'receive':
      return {
        ...row,
        peers: event.senderId,
        msg_id: messageId(event.senderId, event.sendSeq),
        msg_clock: event.messageClock,
      };
    default:
      return assertNever(event.kind, 'event kind');
  }
}

/** A broadcast's receivers: every machine but the sender, ascending, `;`-separated. */
function everyPeerList(senderId: number, machineCount: number): string {
  const ids: number[] = [];
  for (let id = 0; id < machineCount; id += 1) if (id !== senderId) ids.push(id);
  return ids.join(';');
}

export function logFileName(machineId: number): string {
  return `machine-${machineId}.csv`;
}

// Kept where the manifest's type can reach them without json2csv (log-file-digest.ts says why).
export { type LogFileDigest, manifestFileName } from './log-file-digest.js';
