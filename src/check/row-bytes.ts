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
import type { ParsedLogRow } from './log-row.js';

type Mutable<Row> = { -readonly [Field in keyof Row]: Row[Field] };
type InternalRow = Mutable<Extract<ParsedLogRow, { kind: 'internal' }>>;
type SendRow = Mutable<Extract<ParsedLogRow, { kind: 'send' }>> & { receiverIds: number[] };
type ReceiveRow = Mutable<Extract<ParsedLogRow, { kind: 'receive' }>>;

/**
 * Row objects reused in turn, for a reader whose consumer keeps no row: `check` of a long run
 * made a new object per row (and an array per send), most of its garbage collection. A row read
 * through a pool stays as read until `rowPoolDepth` more rows of its kind have been read; the
 * causal merge holds two rows of a log at a time (its head and the one after).
 */
export const rowPoolDepth = 3;

export class RowPool {
  readonly #internal: InternalRow[] = [];
  readonly #send: SendRow[] = [];
  readonly #receive: ReceiveRow[] = [];
  #internalNext = 0;
  #sendNext = 0;
  #receiveNext = 0;

  constructor() {
    for (let index = 0; index < rowPoolDepth; index += 1) {
      const base = { machine: 0, seq: 0, timeUs: 0, clock: 0, queueLength: 0, file: '', line: 0 };
      this.#internal.push({ kind: 'internal', ...base });
      this.#send.push({
        kind: 'send',
        ...base,
        receiverIds: [],
        msgSender: 0,
        msgSeq: 0,
        msgClock: 0,
      });
      this.#receive.push({
        kind: 'receive',
        ...base,
        peer: 0,
        msgSender: 0,
        msgSeq: 0,
        msgClock: 0,
      });
    }
  }

  internal(): InternalRow {
    const row = this.#internal[this.#internalNext] as InternalRow;
    this.#internalNext = (this.#internalNext + 1) % rowPoolDepth;
    return row;
  }

  send(): SendRow {
    const row = this.#send[this.#sendNext] as SendRow;
    this.#sendNext = (this.#sendNext + 1) % rowPoolDepth;
    return row;
  }

  receive(): ReceiveRow {
    const row = this.#receive[this.#receiveNext] as ReceiveRow;
    this.#receiveNext = (this.#receiveNext + 1) % rowPoolDepth;
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

/** The kinds as scanRow numbers them in RowFields.kind. */
export const scannedInternal = 1;
export const scannedSend = 2;
export const scannedReceive = 3;

/**
 * What scanRow read from one row: plain numbers in one object of one shape, filled in place.
 * A row scanned and refused may leave it half filled; it is read only after a success.
 */
export class RowFields {
  kind = 0;
  machine = 0;
  seq = 0;
  timeUs = 0;
  clock = 0;
  queueLength = 0;
  peer = 0;
  msgSender = 0;
  msgSeq = 0;
  msgClock = 0;
  /** A send's peers are receiverIds[0, receivers); the array is reused, never shortened. */
  readonly receiverIds: number[] = [];
  receivers = 0;
}

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
 * Scans the row that starts at bytes[start] into `fields`, in one pass that also finds where it
 * ends: returns the index of its end (a newline, or `limit` when the row reaches it), or -1 when
 * the fast path does not accept the row (then the exact parser judges it). The row is the line
 * bytes[start, returned index). Nothing at or after `limit` is read.
 *
 * Each number's digit loop is written out where it is used, with one local cursor: as calls
 * (a helper per field, its end kept in an object) the scan cost twice as much, being too large
 * for V8 to inline them all. This runs for every row of every log `check` reads.
 */
export function scanRow(
  bytes: Uint8Array,
  start: number,
  limit: number,
  fields: RowFields,
): number {
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
  let kind: number;
  let word: string;
  if (first === letterS) {
    kind = scannedSend;
    word = 'send';
  } else if (first === letterR) {
    kind = scannedReceive;
    word = 'receive';
  } else if (first === letterI) {
    kind = scannedInternal;
    word = 'internal';
  } else return -1;
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
  fields.kind = kind;
  fields.machine = machine;
  fields.seq = seq;
  fields.timeUs = timeUs;
  fields.clock = clock;
  fields.queueLength = queueLength;
  index += 1;
  if (kind === scannedInternal) {
    // Three empty columns and nothing after them.
    if (index + 2 > limit || bytes[index] !== comma || bytes[index + 1] !== comma) return -1;
    index += 2;
    return index === limit || bytes[index] === newline ? index : -1;
  }
  // peers: a list joined by ';' (send) or the sender (receive); then a comma.
  const receiverIds = fields.receiverIds;
  let receivers = 0;
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
    if (receivers < receiverIds.length) receiverIds[receivers] = id;
    else receiverIds.push(id);
    receivers += 1;
    if (bytes[index] === comma) break;
    // Only a send lists several.
    if (bytes[index] !== semicolon || kind !== scannedSend) return -1;
    index += 1;
  }
  fields.receivers = receivers;
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
  fields.peer = receiverIds[0] as number;
  fields.msgSender = msgSender;
  fields.msgSeq = msgSeq;
  fields.msgClock = msgClock;
  return index;
}

/**
 * The row scanRow read into `fields` (after a success), as a row object: one of the pool's, or a
 * new one written out in the exact parser's field order, so rows of a kind share one shape.
 */
export function rowOf(
  fields: RowFields,
  file: string,
  line: number,
  pool: RowPool | null,
): ParsedLogRow {
  const { machine, seq, timeUs, clock, queueLength } = fields;
  switch (fields.kind) {
    case scannedInternal:
      if (pool === null)
        return { kind: 'internal', machine, seq, timeUs, clock, queueLength, file, line };
      return fill(pool.internal(), fields, file, line);
    case scannedSend: {
      if (pool === null) {
        return {
          kind: 'send',
          machine,
          seq,
          timeUs,
          clock,
          queueLength,
          file,
          line,
          receiverIds: fields.receiverIds.slice(0, fields.receivers),
          msgSender: fields.msgSender,
          msgSeq: fields.msgSeq,
          msgClock: fields.msgClock,
        };
      }
      const row = fill(pool.send(), fields, file, line);
      const count = fields.receivers;
      // Setting an array's length is a call into the runtime: a new array only when it differs.
      if (row.receiverIds.length !== count) row.receiverIds = fields.receiverIds.slice(0, count);
      else
        for (let index = 0; index < count; index += 1)
          row.receiverIds[index] = fields.receiverIds[index] as number;
      row.msgSender = fields.msgSender;
      row.msgSeq = fields.msgSeq;
      row.msgClock = fields.msgClock;
      return row;
    }
    default: {
      if (pool === null) {
        return {
          kind: 'receive',
          machine,
          seq,
          timeUs,
          clock,
          queueLength,
          file,
          line,
          peer: fields.peer,
          msgSender: fields.msgSender,
          msgSeq: fields.msgSeq,
          msgClock: fields.msgClock,
        };
      }
      const row = fill(pool.receive(), fields, file, line);
      row.peer = fields.peer;
      row.msgSender = fields.msgSender;
      row.msgSeq = fields.msgSeq;
      row.msgClock = fields.msgClock;
      return row;
    }
  }
}

/** Fields scanned by parseRowBytes: one object for all its calls (it is not re-entered). */
const sharedFields = new RowFields();

/** The row in bytes[start, end) (no newline), or undefined for the exact parser to judge. */
export function parseRowBytes(
  bytes: Uint8Array,
  start: number,
  end: number,
  file: string,
  line: number,
  pool: RowPool | null = null,
): ParsedLogRow | undefined {
  if (scanRow(bytes, start, end, sharedFields) !== end) return undefined;
  return rowOf(sharedFields, file, line, pool);
}

function fill<Row extends InternalRow | SendRow | ReceiveRow>(
  row: Row,
  fields: RowFields,
  file: string,
  line: number,
): Row {
  row.machine = fields.machine;
  row.seq = fields.seq;
  row.timeUs = fields.timeUs;
  row.clock = fields.clock;
  row.queueLength = fields.queueLength;
  row.file = file;
  row.line = line;
  return row;
}
