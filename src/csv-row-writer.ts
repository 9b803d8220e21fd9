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
  type EventKind,
  type MachineId,
  type StepEvent,
  toEveryPeer,
} from '../core/index.js';

const comma = 0x2c;
const newline = 0x0a;
const dot = 0x2e;
const dash = 0x2d;
const semicolon = 0x3b;
const zero = 0x30;

/** Each event kind's column with its trailing comma, as bytes. */
const kindWords: Readonly<Record<EventKind, readonly number[]>> = {
  internal: [...Buffer.from('internal,', 'latin1')],
  send: [...Buffer.from('send,', 'latin1')],
  receive: [...Buffer.from('receive,', 'latin1')],
};

/** "00".."99" as bytes: integers are written two digits per division. */
const digitPairs = Uint8Array.from({ length: 200 }, (_, index) => {
  const pair = index >> 1;
  return zero + (index % 2 === 0 ? Math.floor(pair / 10) : pair % 10);
});

/** Longest row we ever write: 9 fields, integers up to 16 digits, a broadcast's peer list. */
function rowBytesMax(peerCount: number): number {
  return 16 * 12 + 8 * peerCount;
}

/**
 * Writes a natural number's decimal digits at `position`; returns the position after them.
 * Two digits per step from a table, integer arithmetic while the value fits in 31 bits.
 */
function writeNatural(bytes: Uint8Array, position: number, value: number): number {
  assert(Number.isSafeInteger(value) && value >= 0, 'log fields are natural numbers');
  if (value < 10) {
    // Ids, queue lengths and peers are mostly one digit: the common case is one store.
    bytes[position] = zero + value;
    return position + 1;
  }
  let digits = 2;
  for (let limit = 100; value >= limit; limit *= 10) digits += 1;
  const end = position + digits;
  let at = end;
  let rest = value;
  // Above 2^31 the quotient needs float division; below it, 32-bit integer division.
  while (rest > 0x7fff_ffff) {
    const quotient = Math.floor(rest / 100);
    const pair = (rest - quotient * 100) * 2;
    at -= 2;
    bytes[at] = digitPairs[pair] as number;
    bytes[at + 1] = digitPairs[pair + 1] as number;
    rest = quotient;
  }
  while (rest >= 100) {
    const quotient = (rest / 100) | 0;
    const pair = (rest - quotient * 100) * 2;
    at -= 2;
    bytes[at] = digitPairs[pair] as number;
    bytes[at + 1] = digitPairs[pair + 1] as number;
    rest = quotient;
  }
  if (rest >= 10) {
    bytes[at - 2] = digitPairs[rest * 2] as number;
    bytes[at - 1] = digitPairs[rest * 2 + 1] as number;
  } else {
    bytes[at - 1] = zero + rest;
  }
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
  readonly bytes: Buffer;
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
    this.bytes = Buffer.allocUnsafe(Math.max(capacity, this.#rowBytesMax * 2));
  }

  /** True when another row might not fit: the owner writes the buffer out and resets it. */
  get isFull(): boolean {
    return this.length + this.#rowBytesMax > this.bytes.length;
  }

  appendEvent(machineId: MachineId, timeUs: number, event: StepEvent): void {
    const bytes = this.bytes;
    let at = writeNatural(bytes, this.length, machineId);
    bytes[at] = comma;
    at = writeNatural(bytes, at + 1, event.seq);
    bytes[at] = comma;
    at += 1;
    const word = kindWords[event.kind];
    for (let i = 0; i < word.length; i += 1) bytes[at + i] = word[i] as number;
    at = writeTimeMs(bytes, at + word.length, timeUs);
    bytes[at] = comma;
    at = writeNatural(bytes, at + 1, event.clock);
    bytes[at] = comma;
    at = writeNatural(bytes, at + 1, event.queueLength);
    bytes[at] = comma;
    at += 1;
    switch (event.kind) {
      case 'internal':
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
