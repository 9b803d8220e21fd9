/**
 * The open messages of one sender, indexed by the send's seq: a sliding window over a ring of
 * typed arrays instead of a map of objects. Opening and closing a message is an array store,
 * and messages waiting in a backed-up queue cost the garbage collector nothing.
 *
 * The window starts at the oldest seq that still has copies to deliver and ends at the latest
 * send; seqs in between that were not sends, or are fully received, are holes (0 copies left).
 * A message that is never received keeps the window open behind it, so memory is proportional
 * to the sender's events since its oldest undelivered message.
 */
import { assert } from './assert.js';

/** Slots a window starts with, fewer when a slot is wide ... */
const capacityInitialMax = 64;
/**
 * ... so a fresh window's payload stays within this many numbers. One window per machine, and
 * the causality tracker's slots are up to 513 numbers wide: 64 of them for each of 10 000
 * machines would be 2.6 GB before the first message. Windows still double when they need to.
 */
const payloadInitialNumbersMax = 2048;

/** The largest power of two <= capacityInitialMax whose slots fit the initial payload. */
function capacityInitial(width: number): number {
  let capacity = capacityInitialMax;
  while (capacity > 1 && capacity * width > payloadInitialNumbersMax) capacity /= 2;
  return capacity;
}

export class SendWindow {
  /** Numbers stored per message besides its copies: the caller's payload width. */
  readonly #width: number;
  /** Seq of the window's first slot. */
  #base = 1;
  /** Seqs covered: base .. base + length - 1. */
  #length = 0;
  #head = 0;
  #capacity: number;
  #copiesLeft: Int32Array;
  #payload: Float64Array;

  constructor(width: number) {
    assert(Number.isSafeInteger(width) && width >= 0, 'payload width must be a natural number');
    this.#width = width;
    this.#capacity = capacityInitial(width);
    this.#copiesLeft = new Int32Array(this.#capacity);
    this.#payload = new Float64Array(this.#capacity * width);
  }

  /** Opens message `seq` with `copies` copies; returns the payload offset to fill in. */
  open(seq: number, copies: number): number {
    assert(copies >= 1, 'a message has at least one copy');
    assert(seq >= this.#base + this.#length, 'sends open in increasing seq');
    if (this.#length === 0) this.#base = seq;
    const needed = seq - this.#base + 1;
    while (needed > this.#capacity) this.#grow();
    // Slots between the previous end and seq are holes: clear what an old lap left there.
    for (let offset = this.#length; offset < needed; offset += 1) {
      this.#copiesLeft[(this.#head + offset) & (this.#capacity - 1)] = 0;
    }
    this.#length = needed;
    const slot = (this.#head + needed - 1) & (this.#capacity - 1);
    this.#copiesLeft[slot] = copies;
    return slot * this.#width;
  }

  /** The payload offset of open message `seq`, or -1 when it is not open. */
  find(seq: number): number {
    const slot = this.#slotOf(seq);
    return slot >= 0 && (this.#copiesLeft[slot] as number) > 0 ? slot * this.#width : -1;
  }

  #slotOf(seq: number): number {
    const offset = seq - this.#base;
    if (offset < 0 || offset >= this.#length) return -1;
    return (this.#head + offset) & (this.#capacity - 1);
  }

  get payload(): Float64Array {
    return this.#payload;
  }

  /** Takes one copy of open message `seq`; slides the window past what is fully delivered. */
  take(seq: number): void {
    const slot = this.#slotOf(seq);
    assert(
      slot >= 0 && (this.#copiesLeft[slot] as number) > 0,
      'take of a message that is not open',
    );
    this.#copiesLeft[slot] = (this.#copiesLeft[slot] as number) - 1;
    while (this.#length > 0 && this.#copiesLeft[this.#head] === 0) {
      this.#head = (this.#head + 1) & (this.#capacity - 1);
      this.#base += 1;
      this.#length -= 1;
    }
  }

  /** Copies still to deliver, over all open messages (a scan: for the end of a run). */
  copiesOpen(): number {
    let copies = 0;
    for (let offset = 0; offset < this.#length; offset += 1) {
      copies += this.#copiesLeft[(this.#head + offset) & (this.#capacity - 1)] as number;
    }
    return copies;
  }

  #grow(): void {
    // Unwrap the ring into the new arrays in two bulk copies: [head, capacity) then [0, head).
    const capacity = this.#capacity * 2;
    const width = this.#width;
    const tail = this.#capacity - this.#head;
    const copiesLeft = new Int32Array(capacity);
    copiesLeft.set(this.#copiesLeft.subarray(this.#head), 0);
    copiesLeft.set(this.#copiesLeft.subarray(0, this.#head), tail);
    const payload = new Float64Array(capacity * width);
    payload.set(this.#payload.subarray(this.#head * width), 0);
    payload.set(this.#payload.subarray(0, this.#head * width), tail * width);
    this.#copiesLeft = copiesLeft;
    this.#payload = payload;
    this.#capacity = capacity;
    this.#head = 0;
  }
}
