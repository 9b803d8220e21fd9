/**
 * The hot path of logging: event rows written straight into a byte buffer, digit by digit, with
 * no intermediate strings. A run of millions of events then makes almost no garbage, and the
 * per-event cost is a few dozen byte stores: the write position lives in a local, and integers
 * go out two digits at a time. The bytes are exactly those json2csv writes for the
 * same row (see log-format.ts and its test); every field is an integer, a fixed word, or built
 * from digits, ';', '-' and '.', so no field ever needs quoting.
 */
import {
  assert,
  assertNever,
  type RowKind,
  type MachineId,
  type StepEvent,
  toEveryPeer,
} from '../../core/index.js';

const comma = 0x2c;
const newline = 0x0a;
const dot = 0x2e;
const dash = 0x2d;
const semicolon = 0x3b;
const zero = 0x30;

/** The event column with its trailing comma ("send," ...); returns the position after it. */
function writeKindWord(bytes: Uint8Array, position: number, kind: RowKind): number {
  switch (kind) {
    case 'internal':
      bytes[position] = 0x69; // i
      bytes[position + 1] = 0x6e; // n
      bytes[position + 2] = 0x74; // t
      bytes[position + 3] = 0x65; // e
      bytes[position + 4] = 0x72; // r
      bytes[position + 5] = 0x6e; // n
      bytes[position + 6] = 0x61; // a
      bytes[position + 7] = 0x6c; // l
      bytes[position + 8] = comma;
      return position + 9;
    case 'send':
      bytes[position] = 0x73; // s
      bytes[position + 1] = 0x65; // e
      bytes[position + 2] = 0x6e; // n
      bytes[position + 3] = 0x64; // d
      bytes[position + 4] = comma;
      return position + 5;
    case 'receive':
      bytes[position] = 0x72; // r
      bytes[position + 1] = 0x65; // e
      bytes[position + 2] = 0x63; // c
      bytes[position + 3] = 0x65; // e
      bytes[position + 4] = 0x69; // i
      bytes[position + 5] = 0x76; // v
      bytes[position + 6] = 0x65; // e
      bytes[position + 7] = comma;
      return position + 8;
    case 'restart':
      bytes[position] = 0x72; // r
      bytes[position + 1] = 0x65; // e
      bytes[position + 2] = 0x73; // s
      bytes[position + 3] = 0x74; // t
      bytes[position + 4] = 0x61; // a
      bytes[position + 5] = 0x72; // r
      bytes[position + 6] = 0x74; // t
      bytes[position + 7] = comma;
      return position + 8;
    default:
      return assertNever(kind, 'event kind');
  }
}

/** "00".."99" as bytes: integers are written two digits per division. */
const digitPairs = Uint8Array.from({ length: 200 }, (_, index) => {
  const pair = index >> 1;
  return zero + (index % 2 === 0 ? Math.floor(pair / 10) : pair % 10);
});

/** Longest row we ever write: 9 fields, integers up to 16 digits, a broadcast's peer list. */
function rowBytesMax(peerCount: number): number {
  return 16 * 12 + 8 * peerCount;
}

/** 10^2 .. 10^10, digitCount's bounds (doubles: 10^10 is past the int32 range). */
const powersOfTen = Float64Array.from({ length: 9 }, (_, at) => 10 ** (at + 2));

/**
 * Decimal digits of an integer in 10..2^31-1. A loop over a table rather than a chain of
 * comparisons: in the chain, the first value of each new length (clocks and seqs grow all run
 * long) ran a comparison the optimised code had never run, and V8 threw writeNatural and the
 * row writers it was inlined into away, once for every new length (--trace-deopt: "insufficient
 * type feedback for compare operation", five times in an explore worker's first seconds). The
 * loop's body runs from the first three-digit value on, the same operations for every length.
 */
function digitCount(value: number): number {
  let count = 2;
  while (value >= (powersOfTen[count - 2] as number)) count += 1;
  return count;
}

/**
 * Writes a natural number's decimal digits at `position`; returns the position after them.
 * Below 2^31 (every field of a run shorter than 24 days of model time) the value is made an
 * int32 first: V8 then divides by 100 with a multiply and a shift instead of a float division
 * (a microbenchmark of mixed field values: 26 ns a call before, 13-19 ns after).
 */
function writeNatural(bytes: Uint8Array, position: number, value: number): number {
  if (!(value >= 0 && value <= 0x7fff_ffff)) return writeWideNatural(bytes, position, value);
  let rest = value | 0;
  assert(rest === value, 'log fields are natural numbers');
  if (rest < 10) {
    // Ids, queue lengths and peers are mostly one digit: the common case is one store.
    bytes[position] = zero + rest;
    return position + 1;
  }
  const end = position + digitCount(rest);
  let at = end;
  while (rest >= 100) {
    const quotient = (rest / 100) | 0;
    const pair = (rest - quotient * 100) << 1;
    at -= 2;
    bytes[at] = digitPairs[pair] as number;
    bytes[at + 1] = digitPairs[pair + 1] as number;
    rest = quotient;
  }
  if (rest >= 10) {
    bytes[at - 2] = digitPairs[rest << 1] as number;
    bytes[at - 1] = digitPairs[(rest << 1) + 1] as number;
  } else {
    bytes[at - 1] = zero + rest;
  }
  return end;
}

/** writeNatural for values from 2^31 up to 2^53, in float arithmetic; out of the hot path. */
function writeWideNatural(bytes: Uint8Array, position: number, value: number): number {
  assert(Number.isSafeInteger(value) && value >= 0, 'log fields are natural numbers');
  let digits = 10;
  for (let limit = 1e10; value >= limit; limit *= 10) digits += 1;
  const end = position + digits;
  let at = end;
  let rest = value;
  while (rest > 0x7fff_ffff) {
    const quotient = Math.floor(rest / 100);
    const pair = (rest - quotient * 100) * 2;
    at -= 2;
    bytes[at] = digitPairs[pair] as number;
    bytes[at + 1] = digitPairs[pair + 1] as number;
    rest = quotient;
  }
  // What is left fits 31 bits; written in front of the pairs already there.
  const head = writeNatural(bytes, position, rest);
  assert(head === at, 'digit count of a wide natural');
  return end;
}

/** Milliseconds from integer µs: exact, up to 3 decimals, trailing zeros dropped. */
function writeTimeMs(bytes: Uint8Array, position: number, timeUs: number): number {
  const wholeMs = Math.floor(timeUs / 1000);
  const fractionUs = timeUs - wholeMs * 1000;
  let at = writeNatural(bytes, position, wholeMs);
  if (fractionUs === 0) return at;
  const tenths = (fractionUs / 100) | 0;
  const hundredths = ((fractionUs / 10) | 0) - tenths * 10;
  const thousandths = fractionUs - ((fractionUs / 10) | 0) * 10;
  bytes[at] = dot;
  bytes[at + 1] = zero + tenths;
  at += 2;
  if (hundredths === 0 && thousandths === 0) return at;
  bytes[at] = zero + hundredths;
  at += 1;
  if (thousandths !== 0) {
    bytes[at] = zero + thousandths;
    at += 1;
  }
  return at;
}

export class CsvRowBuffer {
  /** A plain Uint8Array, not a Buffer: the playground writes logs in the browser too. */
  readonly bytes: Uint8Array;
  length = 0;
  readonly #rowBytesMax: number;
  /** Machines in the run, less one: a broadcast lists this many peers. */
  readonly #peerCount: number;

  /**
   * `peerCount`: machines in the run less one (a broadcast lists them all). `peersListedMax`:
   * the longest peer list a row in this buffer will hold, which sizes the buffer.
   */
  constructor(capacity: number, peerCount: number, peersListedMax: number = peerCount) {
    this.#peerCount = peerCount;
    this.#rowBytesMax = rowBytesMax(peersListedMax);
    this.bytes = new Uint8Array(Math.max(capacity, this.#rowBytesMax * 2));
  }

  /**
   * Appends `text` whose characters are all below U+0100 as one byte each (latin1): the header
   * line. Assumes it fits, as the header always does in a fresh buffer.
   */
  appendLatin1(text: string): void {
    const bytes = this.bytes;
    let at = this.length;
    for (let i = 0; i < text.length; i += 1) {
      const code = text.charCodeAt(i);
      assert(code < 0x100, 'latin1 text');
      bytes[at] = code;
      at += 1;
    }
    this.length = at;
  }

  /** True when another row might not fit: the owner writes the buffer out and resets it. */
  get isFull(): boolean {
    return this.length + this.#rowBytesMax > this.bytes.length;
  }

  /**
   * One row. The kind decides two things, its word and the last three columns: the first
   * switch writes the word with plain stores (a table of words read by key, copied in a loop,
   * was a quarter of this method's time), the second the message columns.
   */
  appendEvent(machineId: MachineId, timeUs: number, event: StepEvent): void {
    const bytes = this.bytes;
    let at = writeNatural(bytes, this.length, machineId);
    bytes[at] = comma;
    at = writeNatural(bytes, at + 1, event.seq);
    bytes[at] = comma;
    at = writeKindWord(bytes, at + 1, event.kind);
    at = writeTimeMs(bytes, at, timeUs);
    bytes[at] = comma;
    at = writeNatural(bytes, at + 1, event.clock);
    bytes[at] = comma;
    at = writeNatural(bytes, at + 1, event.queueLength);
    bytes[at] = comma;
    at += 1;
    switch (event.kind) {
      case 'internal':
      case 'restart':
        bytes[at] = comma;
        bytes[at + 1] = comma;
        at += 2;
        break;
      case 'send':
        at =
          event.to === toEveryPeer
            ? this.#everyPeer(at, machineId)
            : writeNatural(bytes, at, event.to);
        at = this.#messageFields(at, event.senderId, event.sendSeq, event.messageClock);
        break;
      case 'receive':
        at = writeNatural(bytes, at, event.senderId);
        at = this.#messageFields(at, event.senderId, event.sendSeq, event.messageClock);
        break;
      default:
        assertNever(event.kind, 'event kind');
    }
    bytes[at] = newline;
    this.length = at + 1;
  }

  /** A broadcast's peers column: every machine id but the sender's, ascending, `;`-separated. */
  #everyPeer(position: number, senderId: MachineId): number {
    const bytes = this.bytes;
    let at = position;
    for (let id = 0; id <= this.#peerCount; id += 1) {
      if (id === senderId) continue;
      if (at !== position) {
        bytes[at] = semicolon;
        at += 1;
      }
      at = writeNatural(bytes, at, id);
    }
    return at;
  }

  /** `,<sender>-<seq>,<clock>`: the msg_id and msg_clock columns. */
  #messageFields(position: number, senderId: number, sendSeq: number, clock: number): number {
    const bytes = this.bytes;
    bytes[position] = comma;
    let at = writeNatural(bytes, position + 1, senderId);
    bytes[at] = dash;
    at = writeNatural(bytes, at + 1, sendSeq);
    bytes[at] = comma;
    return writeNatural(bytes, at + 1, clock);
  }
}
