/**
 * The fast path of reading a log row: parsed straight from the file's bytes, without making a
 * string of the line, an array of its commas or a string per field. Reading is most of the cost
 * of checking a large run, and those short-lived strings were most of its garbage.
 *
 * It accepts only rows the exact parser (parseRowText in log-reader.ts) accepts, and returns the
 * same row; anything else, well formed or not, returns undefined and the caller asks the exact
 * parser, which owns every error message. So the fast path can stay simple: it never explains.
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
const digitZero = 0x30;
const digitNine = 0x39;

/** Where the last field scanned ended (the byte after its digits). */
let cursor = 0;

/**
 * A whole number >= 0 without leading zeros starting at `start`, its end (cursor) at the first
 * byte that is not a digit; -1 when there is none, a leading zero, or it is not a safe integer.
 */
function natural(bytes: Uint8Array, start: number, end: number): number {
  let index = start;
  let value = 0;
  while (index < end) {
    const code = bytes[index] as number;
    if (code < digitZero || code > digitNine) break;
    value = value * 10 + (code - digitZero);
    index += 1;
  }
  cursor = index;
  const digits = index - start;
  if (digits === 0 || (digits > 1 && bytes[start] === digitZero)) return -1;
  // Up to 15 digits is always below 2^53: the test is for longer numbers only.
  return digits <= 15 || Number.isSafeInteger(value) ? value : -1;
}

/** A natural number that must be followed by `terminator` (or end at `end` when -1). */
function field(bytes: Uint8Array, start: number, end: number, terminator: number): number {
  const value = natural(bytes, start, end);
  if (value < 0) return -1;
  if (terminator < 0 ? cursor !== end : cursor >= end || bytes[cursor] !== terminator) return -1;
  return value;
}

/** `time_ms` with at most 3 decimals, as integer µs, followed by a comma; -1 if not. */
function timeUsField(bytes: Uint8Array, start: number, end: number): number {
  const whole = natural(bytes, start, end);
  if (whole < 0 || cursor >= end) return -1;
  if (bytes[cursor] === comma) return whole * 1000;
  if (bytes[cursor] !== dot) return -1;
  let index = cursor + 1;
  let fraction = 0;
  while (index < end) {
    const code = bytes[index] as number;
    if (code < digitZero || code > digitNine) break;
    fraction = fraction * 10 + (code - digitZero);
    index += 1;
  }
  const decimals = index - cursor - 1;
  if (decimals < 1 || decimals > 3 || index >= end || bytes[index] !== comma) return -1;
  cursor = index;
  return whole * 1000 + fraction * 10 ** (3 - decimals);
}

/** Whether bytes[start, start + word.length) spell `word` followed by a comma. */
function wordThenComma(bytes: Uint8Array, start: number, end: number, word: string): boolean {
  if (start + word.length >= end) return false;
  for (let index = 0; index < word.length; index += 1) {
    if (bytes[start + index] !== word.charCodeAt(index)) return false;
  }
  return bytes[start + word.length] === comma;
}

/** The row in bytes[start, end) (no newline), or undefined for the exact parser to judge. */
export function parseRowBytes(
  bytes: Uint8Array,
  start: number,
  end: number,
  file: string,
  line: number,
  pool: RowPool | null = null,
): ParsedLogRow | undefined {
  const machine = field(bytes, start, end, comma);
  if (machine < 0) return undefined;
  const seq = field(bytes, cursor + 1, end, comma);
  if (seq < 0) return undefined;
  const kindStart = cursor + 1;
  const kindCode = bytes[kindStart];
  const kind =
    kindCode === 0x69
      ? 'internal'
      : kindCode === 0x73
        ? 'send'
        : kindCode === 0x72
          ? 'receive'
          : null;
  if (kind === null || !wordThenComma(bytes, kindStart, end, kind)) return undefined;
  const timeUs = timeUsField(bytes, kindStart + kind.length + 1, end);
  if (timeUs < 0) return undefined;
  const clock = field(bytes, cursor + 1, end, comma);
  if (clock < 0) return undefined;
  const queueLength = field(bytes, cursor + 1, end, comma);
  if (queueLength < 0) return undefined;
  const peersStart = cursor + 1;
  if (kind === 'internal') {
    // Three empty columns and nothing after them.
    if (end - peersStart !== 2 || bytes[peersStart] !== comma || bytes[peersStart + 1] !== comma) {
      return undefined;
    }
    if (pool === null) return { kind, machine, seq, timeUs, clock, queueLength, file, line };
    return fill(pool.internal(), machine, seq, timeUs, clock, queueLength, file, line);
  }
  let receiverIds: number[] | null = null;
  let pooledSend: SendRow | null = null;
  let peer = 0;
  if (kind === 'send') {
    pooledSend = pool === null ? null : pool.send();
    receiverIds = pooledSend === null ? [] : pooledSend.receiverIds;
    receiverIds.length = 0;
    let at = peersStart;
    for (;;) {
      const id = natural(bytes, at, end);
      if (id < 0 || cursor >= end) return undefined;
      receiverIds.push(id);
      if (bytes[cursor] === comma) break;
      if (bytes[cursor] !== semicolon) return undefined;
      at = cursor + 1;
    }
  } else {
    peer = field(bytes, peersStart, end, comma);
    if (peer < 0) return undefined;
  }
  const msgSender = field(bytes, cursor + 1, end, dash);
  if (msgSender < 0) return undefined;
  const msgSeq = field(bytes, cursor + 1, end, comma);
  if (msgSeq < 0) return undefined;
  const msgClock = field(bytes, cursor + 1, end, -1);
  if (msgClock < 0) return undefined;
  if (pool !== null) {
    const row = receiverIds === null ? pool.receive() : (pooledSend as SendRow);
    fill(row, machine, seq, timeUs, clock, queueLength, file, line);
    if (row.kind === 'receive') row.peer = peer;
    row.msgSender = msgSender;
    row.msgSeq = msgSeq;
    row.msgClock = msgClock;
    return row;
  }
  // Written out, in the exact parser's field order: rows of a kind share one shape.
  return receiverIds === null
    ? {
        kind: 'receive',
        machine,
        seq,
        timeUs,
        clock,
        queueLength,
        file,
        line,
        peer,
        msgSender,
        msgSeq,
        msgClock,
      }
    : {
        kind: 'send',
        machine,
        seq,
        timeUs,
        clock,
        queueLength,
        file,
        line,
        receiverIds,
        msgSender,
        msgSeq,
        msgClock,
      };
}

function fill<Row extends InternalRow | SendRow | ReceiveRow>(
  row: Row,
  machine: number,
  seq: number,
  timeUs: number,
  clock: number,
  queueLength: number,
  file: string,
  line: number,
): Row {
  row.machine = machine;
  row.seq = seq;
  row.timeUs = timeUs;
  row.clock = clock;
  row.queueLength = queueLength;
  row.file = file;
  row.line = line;
  return row;
}
