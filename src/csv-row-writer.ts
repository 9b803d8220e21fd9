/**
 * The hot path of logging: event rows written straight into a byte buffer, digit by digit, with
 * no intermediate strings. A run of millions of events then makes almost no garbage, and the
 * per-event cost is a few dozen byte stores. The bytes are exactly those json2csv writes for the
 * same row (see log-format.ts and its test); every field is an integer, a fixed word, or built
 * from digits, ';', '-' and '.', so no field ever needs quoting.
 */
import { assert, assertNever, type MachineId, type StepResult } from '../core/index.js';

const comma = 0x2c;
const newline = 0x0a;
const dot = 0x2e;
const dash = 0x2d;
const semicolon = 0x3b;
const zero = 0x30;

const kindBytes = {
  internal: Buffer.from('internal,', 'latin1'),
  send: Buffer.from('send,', 'latin1'),
  receive: Buffer.from('receive,', 'latin1'),
} as const;

/** Longest row we ever write: 9 fields, integers up to 16 digits, a broadcast's peer list. */
function rowBytesMax(peerCount: number): number {
  return 16 * 12 + 8 * peerCount;
}

export class CsvRowBuffer {
  readonly bytes: Buffer;
  length = 0;
  readonly #rowBytesMax: number;

  constructor(capacity: number, peerCount: number) {
    this.#rowBytesMax = rowBytesMax(peerCount);
    this.bytes = Buffer.allocUnsafe(Math.max(capacity, this.#rowBytesMax * 2));
  }

  /** True when another row might not fit: the owner writes the buffer out and resets it. */
  get isFull(): boolean {
    return this.length + this.#rowBytesMax > this.bytes.length;
  }

  appendEvent(machineId: MachineId, timeUs: number, event: StepResult): void {
    this.#integer(machineId);
    this.#byte(comma);
    this.#integer(event.seq);
    this.#byte(comma);
    this.#append(kindBytes[event.kind]);
    this.#timeMs(timeUs);
    this.#byte(comma);
    this.#integer(event.clock);
    this.#byte(comma);
    this.#integer(event.queueLength);
    this.#byte(comma);
    switch (event.kind) {
      case 'internal':
        this.#byte(comma);
        this.#byte(comma);
        break;
      case 'send': {
        const { receiverIds, message } = event;
        for (let i = 0; i < receiverIds.length; i += 1) {
          if (i > 0) this.#byte(semicolon);
          this.#integer(receiverIds[i] as number);
        }
        this.#messageFields(message.senderId, message.sendSeq, message.clock);
        break;
      }
      case 'receive': {
        const { message } = event;
        this.#integer(message.senderId);
        this.#messageFields(message.senderId, message.sendSeq, message.clock);
        break;
      }
      default:
        assertNever(event, 'event');
    }
    this.#byte(newline);
  }

  /** `,<sender>-<seq>,<clock>`: the msg_id and msg_clock columns. */
  #messageFields(senderId: number, sendSeq: number, clock: number): void {
    this.#byte(comma);
    this.#integer(senderId);
    this.#byte(dash);
    this.#integer(sendSeq);
    this.#byte(comma);
    this.#integer(clock);
  }

  /** Milliseconds from integer µs: exact, up to 3 decimals, trailing zeros dropped. */
  #timeMs(timeUs: number): void {
    const wholeMs = Math.floor(timeUs / 1000);
    const fractionUs = timeUs - wholeMs * 1000;
    this.#integer(wholeMs);
    if (fractionUs === 0) return;
    const tenths = Math.floor(fractionUs / 100);
    const hundredths = Math.floor(fractionUs / 10) - tenths * 10;
    const thousandths = fractionUs - Math.floor(fractionUs / 10) * 10;
    this.#byte(dot);
    this.#byte(zero + tenths);
    if (hundredths === 0 && thousandths === 0) return;
    this.#byte(zero + hundredths);
    if (thousandths !== 0) this.#byte(zero + thousandths);
  }

  #integer(value: number): void {
    assert(Number.isSafeInteger(value) && value >= 0, 'log fields are natural numbers');
    const bytes = this.bytes;
    if (value < 10) {
      // Ids, queue lengths and peers are mostly one digit: the common case is one store.
      bytes[this.length] = zero + value;
      this.length += 1;
      return;
    }
    let digits = 2;
    for (let limit = 100; value >= limit; limit *= 10) digits += 1;
    let position = this.length + digits;
    this.length = position;
    let rest = value;
    while (rest >= 10) {
      const quotient = Math.floor(rest / 10);
      position -= 1;
      bytes[position] = zero + (rest - quotient * 10);
      rest = quotient;
    }
    bytes[position - 1] = zero + rest;
  }

  #byte(value: number): void {
    this.bytes[this.length] = value;
    this.length += 1;
  }

  #append(source: Buffer): void {
    source.copy(this.bytes, this.length);
    this.length += source.length;
  }
}
