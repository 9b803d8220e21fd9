/**
 * The fast path of reading a log row: parsed straight from the file's bytes, without making a
 * string of the line, an array of its commas or a string per field. Reading is most of the cost
 * of checking a large run, and those short-lived strings were most of its garbage.
 *
 * It accepts only rows the exact parser (parseRow in log-reader.ts) accepts, and returns the
 * same row; anything else, well formed or not, returns undefined (-1 from scanRow) and the caller
 * asks the exact parser, which owns every error message. So the fast path can stay simple: it
 * never explains. scanRow also finds where the row ends, so the reader need not search for each
 * newline first.
 */

import { assertNever, type RowKind } from '../../core/index.js';
import type { ParsedLogRow } from './log-row.js';

/**
 * A row as scanRow fills it in place: every kind in one shape (the fields another kind does not
 * have are undefined), so the checker's reads of a row see one object layout, not three. Read
 * as a ParsedLogRow once a scan succeeded; a refused scan leaves it half filled.
 */
export class ScannedRow {
  kind: RowKind = 'internal';
  machine = 0;
  seq = 0;
  timeUs = 0;
  clock = 0;
  queueLength = 0;
  file = '';
  line = 0;
  /** A send's peers; a new array only when the count changes (setting a length is slow). */
  receiverIds: number[] | undefined = undefined;
  peer: number | undefined = undefined;
  msgSender: number | undefined = undefined;
  msgSeq: number | undefined = undefined;
  msgClock: number | undefined = undefined;
}

/**
 * Row objects reused in turn, for a reader whose consumer keeps no row: `check` of a long run
 * made a new object per row (and an array per send), most of its garbage collection. A row read
 * through a pool stays as read until `rowPoolDepth` more rows have been read from its log; the
 * causal merge holds two rows of a log at a time (its head and the one after).
 */
export const rowPoolDepth = 3;

export class RowPool {
  readonly #rows = Array.from({ length: rowPoolDepth }, () => new ScannedRow());
  #next = 0;

  /** The row the next read fills; it is handed out only once take() is called. */
  peek(): ScannedRow {
    return this.#rows[this.#next] as ScannedRow;
  }

  /** Hands out the row peek() returned: it stays intact for rowPoolDepth - 1 more takes. */
  take(): ScannedRow {
    const row = this.#rows[this.#next] as ScannedRow;
    this.#next = this.#next === rowPoolDepth - 1 ? 0 : this.#next + 1;
    return row;
  }
}

const comma = 0x2c;
const semicolon = 0x3b;
const dash = 0x2d;
const dot = 0x2e;
const newline = 0x0a;
const digitZero = 0x30;
const digitNine = 0x39;
const letterI = 0x69;
const letterS = 0x73;
const letterR = 0x72;

/**
 * Whether digits bytes[start, end) holding `value` are a whole number as the exact parser takes
 * it: at least one digit, no leading zero, a safe integer.
 */
function isNatural(bytes: Uint8Array, start: number, end: number, value: number): boolean {
  const digits = end - start;
  if (digits === 0 || (digits > 1 && bytes[start] === digitZero)) return false;
  // Up to 15 digits is always below 2^53: the test is for longer numbers only.
  return digits <= 15 || Number.isSafeInteger(value);
}

/**
 * Scans the row that starts at bytes[start] into `row`, in one pass that also finds where it
 * ends: returns the index of its end (a newline, or `limit` when the row reaches it), or -1 when
 * the fast path does not accept the row (then the exact parser judges it). The row is the line
 * bytes[start, returned index). Nothing at or after `limit` is read.
 *
 * Each number's digit loop is written out where it is used, with one local cursor: as calls
 * (a helper per field, its end kept in an object) the scan cost twice as much, being too large
 * for V8 to inline them all. This runs for every row of every log `check` reads.
 */
export function scanRow(bytes: Uint8Array, start: number, limit: number, row: ScannedRow): number {
  let index = start;
  let from = index;
  // machine,
  let machine = 0;
  while (index < limit) {
    const code = bytes[index] as number;
    if (code < digitZero || code > digitNine) break;
    machine = machine * 10 + (code - digitZero);
    index += 1;
  }
  if (!isNatural(bytes, from, index, machine) || index >= limit || bytes[index] !== comma)
    return -1;
  // seq,
  index += 1;
  from = index;
  let seq = 0;
  while (index < limit) {
    const code = bytes[index] as number;
    if (code < digitZero || code > digitNine) break;
    seq = seq * 10 + (code - digitZero);
    index += 1;
  }
  if (!isNatural(bytes, from, index, seq) || index >= limit || bytes[index] !== comma) return -1;
  // The event name, then its comma.
  index += 1;
  const first = bytes[index];
  let kind: RowKind;
  if (first === letterS) kind = 'send';
  // `receive` and `restart` share their first two letters.
  else if (first === letterR) kind = bytes[index + 2] === letterS ? 'restart' : 'receive';
  else if (first === letterI) kind = 'internal';
  else return -1;
  const word: string = kind;
  if (index + word.length >= limit) return -1;
  for (let letter = 1; letter < word.length; letter += 1) {
    if (bytes[index + letter] !== word.charCodeAt(letter)) return -1;
  }
  index += word.length;
  if (bytes[index] !== comma) return -1;
  // time_ms: digits, then at most 3 decimals after a dot, as integer µs; then a comma.
  index += 1;
  from = index;
  let whole = 0;
  while (index < limit) {
    const code = bytes[index] as number;
    if (code < digitZero || code > digitNine) break;
    whole = whole * 10 + (code - digitZero);
    index += 1;
  }
  if (!isNatural(bytes, from, index, whole) || index >= limit) return -1;
  let timeUs: number;
  if (bytes[index] === comma) timeUs = whole * 1000;
  else {
    if (bytes[index] !== dot) return -1;
    const dotAt = index;
    let fraction = 0;
    index += 1;
    while (index < limit) {
      const code = bytes[index] as number;
      if (code < digitZero || code > digitNine) break;
      fraction = fraction * 10 + (code - digitZero);
      index += 1;
    }
    const decimals = index - dotAt - 1;
    if (decimals < 1 || decimals > 3 || index >= limit || bytes[index] !== comma) return -1;
    timeUs = whole * 1000 + fraction * 10 ** (3 - decimals);
  }
  // logical_clock,
  index += 1;
  from = index;
  let clock = 0;
  while (index < limit) {
    const code = bytes[index] as number;
    if (code < digitZero || code > digitNine) break;
    clock = clock * 10 + (code - digitZero);
    index += 1;
  }
  if (!isNatural(bytes, from, index, clock) || index >= limit || bytes[index] !== comma) return -1;
  // queue_length,
  index += 1;
  from = index;
  let queueLength = 0;
  while (index < limit) {
    const code = bytes[index] as number;
    if (code < digitZero || code > digitNine) break;
    queueLength = queueLength * 10 + (code - digitZero);
    index += 1;
  }
  if (!isNatural(bytes, from, index, queueLength) || index >= limit || bytes[index] !== comma)
    return -1;
  row.kind = kind;
  row.machine = machine;
  row.seq = seq;
  row.timeUs = timeUs;
  row.clock = clock;
  row.queueLength = queueLength;
  index += 1;
  if (kind === 'internal' || kind === 'restart') {
    row.receiverIds = undefined;
    row.peer = undefined;
    row.msgSender = undefined;
    row.msgSeq = undefined;
    row.msgClock = undefined;
    // Three empty columns and nothing after them.
    if (index + 2 > limit || bytes[index] !== comma || bytes[index + 1] !== comma) return -1;
    index += 2;
    return index === limit || bytes[index] === newline ? index : -1;
  }
  // peers: a list joined by ';' (send, into the row's array) or the sender (receive); a comma.
  let receiverIds: number[] | undefined;
  if (kind === 'send') {
    // A row that was a receive or an internal event last has no array.
    receiverIds = row.receiverIds ?? [];
    row.receiverIds = receiverIds;
  }
  let receivers = 0;
  let peer = 0;
  for (;;) {
    from = index;
    let id = 0;
    while (index < limit) {
      const code = bytes[index] as number;
      if (code < digitZero || code > digitNine) break;
      id = id * 10 + (code - digitZero);
      index += 1;
    }
    if (!isNatural(bytes, from, index, id) || index >= limit) return -1;
    if (receiverIds === undefined) peer = id;
    else if (receivers < receiverIds.length) receiverIds[receivers] = id;
    else receiverIds.push(id);
    receivers += 1;
    if (bytes[index] === comma) break;
    // Only a send lists several.
    if (bytes[index] !== semicolon || receiverIds === undefined) return -1;
    index += 1;
  }
  // msg_id: <sender>-<seq>, then a comma.
  index += 1;
  from = index;
  let msgSender = 0;
  while (index < limit) {
    const code = bytes[index] as number;
    if (code < digitZero || code > digitNine) break;
    msgSender = msgSender * 10 + (code - digitZero);
    index += 1;
  }
  if (!isNatural(bytes, from, index, msgSender) || index >= limit || bytes[index] !== dash)
    return -1;
  index += 1;
  from = index;
  let msgSeq = 0;
  while (index < limit) {
    const code = bytes[index] as number;
    if (code < digitZero || code > digitNine) break;
    msgSeq = msgSeq * 10 + (code - digitZero);
    index += 1;
  }
  if (!isNatural(bytes, from, index, msgSeq) || index >= limit || bytes[index] !== comma) return -1;
  // msg_clock, and the end of the line.
  index += 1;
  from = index;
  let msgClock = 0;
  while (index < limit) {
    const code = bytes[index] as number;
    if (code < digitZero || code > digitNine) break;
    msgClock = msgClock * 10 + (code - digitZero);
    index += 1;
  }
  if (!isNatural(bytes, from, index, msgClock)) return -1;
  if (index !== limit && bytes[index] !== newline) return -1;
  if (receiverIds === undefined) {
    row.peer = peer;
    row.receiverIds = undefined;
  } else {
    // Shorter than the array: a new one, as setting an array's length is a call into the runtime.
    if (receiverIds.length !== receivers) row.receiverIds = receiverIds.slice(0, receivers);
    row.peer = undefined;
  }
  row.msgSender = msgSender;
  row.msgSeq = msgSeq;
  row.msgClock = msgClock;
  return index;
}

/**
 * A copy of a row scanRow filled, as a row of its own in the exact parser's shape (field order
 * and no fields of other kinds): for readers whose consumer keeps rows.
 */
function copyOf(row: ScannedRow): ParsedLogRow {
  const { machine, seq, timeUs, clock, queueLength, file, line } = row;
  switch (row.kind) {
    case 'internal':
      return { kind: 'internal', machine, seq, timeUs, clock, queueLength, file, line };
    case 'restart':
      return { kind: 'restart', machine, seq, timeUs, clock, queueLength, file, line };
    case 'send':
      return {
        kind: 'send',
        machine,
        seq,
        timeUs,
        clock,
        queueLength,
        file,
        line,
        receiverIds: [...(row.receiverIds as number[])],
        msgSender: row.msgSender as number,
        msgSeq: row.msgSeq as number,
        msgClock: row.msgClock as number,
      };
    case 'receive':
      return {
        kind: 'receive',
        machine,
        seq,
        timeUs,
        clock,
        queueLength,
        file,
        line,
        peer: row.peer as number,
        msgSender: row.msgSender as number,
        msgSeq: row.msgSeq as number,
        msgClock: row.msgClock as number,
      };
    default:
      return assertNever(row.kind, 'kind');
  }
}

/**
 * Ends a successful scan into `row` (pool.peek(), or a scratch row when there is no pool): names
 * its place, and hands it out from the pool, or a copy of it.
 */
export function scannedRow(
  row: ScannedRow,
  file: string,
  line: number,
  pool: RowPool | null,
): ParsedLogRow {
  row.file = file;
  row.line = line;
  if (pool === null) return copyOf(row);
  // A ScannedRow after a successful scan holds exactly its kind's fields (the others undefined).
  return pool.take() as unknown as ParsedLogRow;
}

/** The scratch row of parseRowBytes without a pool (it is not re-entered). */
const scratch = new ScannedRow();

/** The row in bytes[start, end) (no newline), or undefined for the exact parser to judge. */
export function parseRowBytes(
  bytes: Uint8Array,
  start: number,
  end: number,
  file: string,
  line: number,
  pool: RowPool | null = null,
): ParsedLogRow | undefined {
  const row = pool === null ? scratch : pool.peek();
  if (scanRow(bytes, start, end, row) !== end) return undefined;
  return scannedRow(row, file, line, pool);
}
