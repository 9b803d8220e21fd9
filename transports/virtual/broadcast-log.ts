/**
 * Broadcasts that have reached their receivers, kept once for all of them. A broadcast among N
 * machines used to be copied into N-1 queues; among 1 000 flooded machines that was most of the
 * simulator's work and memory (19 M copies, 160 MB of queues in an hour of model time). Here it is
 * one entry, and each receiver's queue (MergedQueue) reads the log from its own cursor.
 *
 * Entries are addressed by absolute index (0 for the first broadcast ever delivered). The log
 * keeps every entry from the oldest cursor on: when it fills, it forgets what every queue has
 * read, and doubles unless that freed at least half of it. Finding the oldest cursor costs one
 * look at every queue, so the log holds at least as many entries as there are machines: then
 * that look comes at most once per N/2 broadcasts, O(1) per broadcast.
 */
import { assert, grownRing } from '../../core/index.js';

const capacityInitialMin = 64;
/**
 * senderId, sendSeq, clock, delivery ordinal: side by side, because receivers read the log at
 * scattered cursors and one entry is then one cache line, not four.
 */
const fieldsPerEntry = 4;
/** Where each field sits in an entry of `BroadcastLog.entries`, from `slotOf`. */
export const entrySenderId = 0;
export const entrySendSeq = 1;
export const entryClock = 2;
export const entryOrdinal = 3;

export class BroadcastLog {
  #entries: Float64Array;
  #capacity: number;
  /** Absolute index of the oldest entry kept, at ring slot #head. */
  #first = 0;
  #head = 0;
  #length = 0;
  /** The smallest cursor of any reader: entries before it are no longer needed. */
  readonly #oldestCursor: () => number;

  /** `readers`: how many queues read the log; `oldestCursor` finds the smallest cursor. */
  constructor(readers: number, oldestCursor: () => number) {
    let capacity = capacityInitialMin;
    while (capacity < readers) capacity *= 2;
    this.#capacity = capacity;
    this.#entries = new Float64Array(capacity * fieldsPerEntry);
    this.#oldestCursor = oldestCursor;
  }

  /** Absolute index one past the newest entry. */
  get end(): number {
    return this.#first + this.#length;
  }

  /** `ordinal`: when the broadcast reached its receivers, in the driver's count of deliveries. */
  append(senderId: number, sendSeq: number, clock: number, ordinal: number): void {
    if (this.#length === this.#capacity) this.#makeRoom();
    const base = ((this.#head + this.#length) & (this.#capacity - 1)) * fieldsPerEntry;
    const entries = this.#entries;
    entries[base + entrySenderId] = senderId;
    entries[base + entrySendSeq] = sendSeq;
    entries[base + entryClock] = clock;
    entries[base + entryOrdinal] = ordinal;
    this.#length += 1;
  }

  /**
   * The entries, fields side by side (entrySenderId ...): a receiver reads an entry's fields
   * from here at `slotOf(index)`, one bounds check for the four. A getter, because the log
   * replaces the array when it grows.
   */
  get entries(): Float64Array {
    return this.#entries;
  }

  /** Where entry `index` (absolute) starts in `entries`; it must still be kept. */
  slotOf(index: number): number {
    assert(index >= this.#first && index < this.#first + this.#length, 'broadcast not kept');
    return ((this.#head + index - this.#first) & (this.#capacity - 1)) * fieldsPerEntry;
  }

  #makeRoom(): void {
    const oldest = this.#oldestCursor();
    assert(oldest >= this.#first && oldest <= this.end, 'a cursor outside the log');
    const dropped = oldest - this.#first;
    this.#first = oldest;
    this.#head = (this.#head + dropped) & (this.#capacity - 1);
    this.#length -= dropped;
    if (2 * this.#length <= this.#capacity) return;
    this.#entries = grownRing(this.#entries, this.#head, fieldsPerEntry);
    this.#capacity *= 2;
    this.#head = 0;
  }
}
