/**
 * Events placed in the run: machines numbered 0..N-1 in the sorted order of the numbers (or
 * ports) the logs give them, each machine's rows in the order its logs hold them, times in µs
 * since the earliest timestamp of all the files. A sender or receiver that is no machine of the
 * logs makes its line unread.
 */
import type { ImportedRow } from './imported-row.js';
import type { UnreadLine } from './read-logs.js';
import type { SourceEvent } from './source-event.js';

export interface PlacedRows {
  /** rows[id]: machine id's rows in log order. */
  readonly rows: readonly (readonly ImportedRow[])[];
  /** The number (or port) each machine id stands for. */
  readonly keys: readonly number[];
  /** The earliest timestamp, on the logs' own scale (µs). */
  readonly originUs: number;
  readonly unread: readonly UnreadLine[];
}

export function placeRows(
  events: readonly SourceEvent[],
  lines: (file: string, line: number) => string,
): PlacedRows {
  const keys = [...new Set(events.map((event) => event.machineKey))].sort((a, b) => a - b);
  const idOf = new Map(keys.map((key, id) => [key, id]));
  const unread: UnreadLine[] = [];
  const placed: SourceEvent[] = [];
  for (const event of events) {
    const why = unknownPeer(event, idOf);
    if (why === null) placed.push(event);
    else unread.push({ ...event.source, text: lines(event.source.file, event.source.line), why });
  }
  let originUs = Number.POSITIVE_INFINITY;
  for (const event of placed) originUs = Math.min(originUs, event.timeUs);
  const rows: ImportedRow[][] = keys.map(() => []);
  for (const event of placed) {
    const machine = idOf.get(event.machineKey) as number;
    const own = rows[machine] as ImportedRow[];
    const before = own[own.length - 1];
    own.push({
      source: event.source,
      machine,
      seq: own.length + 1,
      timeUs: event.timeUs - originUs,
      kind: event.kind,
      clock: event.clock,
      previousClock: before?.clock ?? 0,
      queue: event.queue,
      receivers:
        event.receivers === null || event.receivers === 'all'
          ? event.receivers
          : event.receivers.map((key) => idOf.get(key) as number),
      sender: event.senderKey === null ? null : (idOf.get(event.senderKey) as number),
      msgClock: event.msgClock,
      msgId: event.msgId,
    });
  }
  return { rows, keys, originUs, unread };
}

function unknownPeer(event: SourceEvent, idOf: ReadonlyMap<number, number>): string | null {
  const known = [...idOf.keys()].join(', ');
  if (event.senderKey !== null && !idOf.has(event.senderKey)) {
    return `sender: expected a machine of these logs (${known}), got ${event.senderKey}`;
  }
  if (Array.isArray(event.receivers)) {
    const unknown = event.receivers.find((key) => !idOf.has(key));
    if (unknown !== undefined) {
      return `receivers: expected machines of these logs (${known}), got ${unknown}`;
    }
  }
  return null;
}
