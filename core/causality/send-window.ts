/**
 * The open messages of one sender, found by the send's seq: typed-array rings instead of a map
 * of objects. Opening and closing a message is a few array stores, and messages waiting in a
 * backed-up queue cost the garbage collector nothing.
 *
 * Two rings. The sends ring holds, in send order, each send's seq, copies left and payload, from
 * the oldest send with copies left to the latest send. The seq index maps every seq in that span
 * to its send (or -1 for events that were not sends) in 4 bytes. A message that is never received
 * keeps the span open behind it: the index then grows by 4 bytes per event of the sender, and the
 * sends ring by one slot per later send, instead of a payload-wide slot per event.
 */
import { assert } from '../assert.js';

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

/** Initial seq-index length: 4 bytes each. */
const indexCapacityInitial = 64;

export class SendWindow {
  /** Numbers stored per message besides its copies: the caller's payload width. */
  readonly #width: number;

  // The sends ring: position p holds the send with ordinal firstOrdinal + p (ordinals count the
  // sends opened so far), at slot (head + p) & (capacity - 1).
  #head = 0;
  #length = 0;
  #capacity: number;
  #firstOrdinal = 0;
  #seqs: Float64Array;
  #copiesLeft: Int32Array;
  #payload: Float64Array;

  // The seq index: seq base + k is at slot (indexHead + k) & (indexCapacity - 1) and holds that
  // send's ordinal, or -1 when that event was not a send.
  #base = 1;
  #indexHead = 0;
  #indexLength = 0;
  #indexCapacity = indexCapacityInitial;
  #ordinals = new Int32Array(indexCapacityInitial);
  #lastSeq = 0;

  constructor(width: number) {
    assert(Number.isSafeInteger(width) && width >= 0, 'payload width must be a natural number');
    this.#width = width;
    this.#capacity = capacityInitial(width);
    this.#seqs = new Float64Array(this.#capacity);
    this.#copiesLeft = new Int32Array(this.#capacity);
    this.#payload = new Float64Array(this.#capacity * width);
  }

  /** Opens message `seq` with `copies` copies; returns the payload offset to fill in. */
  open(seq: number, copies: number): number {
    assert(copies >= 1, 'a message has at least one copy');
    assert(seq > this.#lastSeq, 'sends open in increasing seq');
    this.#lastSeq = seq;
    if (this.#length === 0) {
      // Nothing open: the span starts afresh at this send.
      this.#base = seq;
      this.#indexLength = 0;
    }
    // Index the seqs up to this one; those in between were not sends.
    const needed = seq - this.#base + 1;
    while (needed > this.#indexCapacity) this.#growIndex();
    const indexMask = this.#indexCapacity - 1;
    for (let offset = this.#indexLength; offset < needed - 1; offset += 1) {
      this.#ordinals[(this.#indexHead + offset) & indexMask] = -1;
    }
    const ordinal = this.#firstOrdinal + this.#length;
    assert(ordinal <= 0x7fff_ffff, 'more than 2^31 sends from one machine');
    this.#ordinals[(this.#indexHead + needed - 1) & indexMask] = ordinal;
    this.#indexLength = needed;
    // Append the send.
    if (this.#length === this.#capacity) this.#growSends();
    const slot = (this.#head + this.#length) & (this.#capacity - 1);
    this.#length += 1;
    this.#seqs[slot] = seq;
    this.#copiesLeft[slot] = copies;
    return slot * this.#width;
  }

  /**
   * One more copy of open message `seq` to deliver: a copy the network duplicated (issue 18),
   * received twice. Only while the message is open (it is, at its send's instant).
   */
  addCopy(seq: number): void {
    const slot = this.#slotOf(seq);
    assert(slot >= 0 && (this.#copiesLeft[slot] as number) > 0, 'copy of a message not open');
    this.#copiesLeft[slot] = (this.#copiesLeft[slot] as number) + 1;
  }

  /** The payload offset of open message `seq`, or -1 when it is not open. */
  find(seq: number): number {
    const slot = this.#slotOf(seq);
    return slot >= 0 && (this.#copiesLeft[slot] as number) > 0 ? slot * this.#width : -1;
  }

  /** The sends-ring slot of send `seq`, or -1 when seq is outside the span or not a send. */
  #slotOf(seq: number): number {
    const offset = seq - this.#base;
    if (offset < 0 || offset >= this.#indexLength) return -1;
    const ordinal = this.#ordinals[
      (this.#indexHead + offset) & (this.#indexCapacity - 1)
    ] as number;
    if (ordinal < 0) return -1;
    return (this.#head + ordinal - this.#firstOrdinal) & (this.#capacity - 1);
  }

  get payload(): Float64Array {
    return this.#payload;
  }

  /**
   * Takes one copy of open message `seq`; slides the span past what is fully delivered. Returns
   * the message's payload offset, as `find` would have before: the payload stays readable there
   * until the next `open`, so a receive looks the message up once, not twice.
   */
  take(seq: number): number {
    const slot = this.#slotOf(seq);
    assert(
      slot >= 0 && (this.#copiesLeft[slot] as number) > 0,
      'take of a message that is not open',
    );
    const offset = slot * this.#width;
    this.#copiesLeft[slot] = (this.#copiesLeft[slot] as number) - 1;
    if (slot !== this.#head || this.#copiesLeft[slot] !== 0) return offset;
    const mask = this.#capacity - 1;
    while (this.#length > 0 && this.#copiesLeft[this.#head] === 0) {
      this.#head = (this.#head + 1) & mask;
      this.#firstOrdinal += 1;
      this.#length -= 1;
    }
    if (this.#length === 0) {
      this.#indexLength = 0;
      return offset;
    }
    // The span now starts at the oldest send still open.
    const newBase = this.#seqs[this.#head] as number;
    const dropped = newBase - this.#base;
    this.#indexHead = (this.#indexHead + dropped) & (this.#indexCapacity - 1);
    this.#indexLength -= dropped;
    this.#base = newBase;
    return offset;
  }

  /**
   * Calls `visit` with each open message (copies left > 0), oldest send first: its seq and
   * payload offset. A scan, for the end of a run; `visit` must not open or take.
   */
  forEachOpen(visit: (seq: number, offset: number) => void): void {
    const mask = this.#capacity - 1;
    for (let position = 0; position < this.#length; position += 1) {
      const slot = (this.#head + position) & mask;
      if ((this.#copiesLeft[slot] as number) > 0)
        visit(this.#seqs[slot] as number, slot * this.#width);
    }
  }

  /** Sends held in the ring (open or behind an open one): what its memory grows with. */
  get spanSends(): number {
    return this.#length;
  }

  /** Copies still to deliver, over all open messages (a scan: for the end of a run). */
  copiesOpen(): number {
    let copies = 0;
    for (let position = 0; position < this.#length; position += 1) {
      copies += this.#copiesLeft[(this.#head + position) & (this.#capacity - 1)] as number;
    }
    return copies;
  }

  /** Doubles the sends ring, unwrapped so the oldest send is at slot 0. */
  #growSends(): void {
    const capacity = this.#capacity * 2;
    const width = this.#width;
    const head = this.#head;
    const tail = this.#capacity - head;
    const seqs = new Float64Array(capacity);
    seqs.set(this.#seqs.subarray(head), 0);
    seqs.set(this.#seqs.subarray(0, head), tail);
    const copiesLeft = new Int32Array(capacity);
    copiesLeft.set(this.#copiesLeft.subarray(head), 0);
    copiesLeft.set(this.#copiesLeft.subarray(0, head), tail);
    const payload = new Float64Array(capacity * width);
    payload.set(this.#payload.subarray(head * width), 0);
    payload.set(this.#payload.subarray(0, head * width), tail * width);
    this.#seqs = seqs;
    this.#copiesLeft = copiesLeft;
    this.#payload = payload;
    this.#capacity = capacity;
    this.#head = 0;
  }

  /** Doubles the seq index, unwrapped so the span's first seq is at slot 0. */
  #growIndex(): void {
    const capacity = this.#indexCapacity * 2;
    const head = this.#indexHead;
    const ordinals = new Int32Array(capacity);
    ordinals.set(this.#ordinals.subarray(head), 0);
    ordinals.set(this.#ordinals.subarray(0, head), this.#indexCapacity - head);
    this.#ordinals = ordinals;
    this.#indexCapacity = capacity;
    this.#indexHead = 0;
  }
}
