/**
 * Broadcasts that have reached their receivers, kept once for all of them. A broadcast among N
 * machines used to be copied into N-1 queues; among 1 000 flooded machines that was most of the
 * simulator's work and memory (19 M copies, 160 MB of queues in an hour of model time). Here it is
 * one entry, and each receiver's queue (MergedQueue) reads the log from its own cursor.
 *
 * Entries are addressed by absolute index (0 for the first broadcast ever delivered). The log
 * keeps every entry from the oldest cursor on: when it fills, it first forgets what every queue
 * has read, and doubles only if that frees nothing.
 */
import { assert } from '../core/index.js';

const capacityInitial = 64;

export class BroadcastLog {
  #senderId = new Int32Array(capacityInitial);
  #sendSeq = new Float64Array(capacityInitial);
  #clock = new Float64Array(capacityInitial);
  /** When the broadcast reached its receivers, in the driver's count of deliveries. */
  #ordinal = new Float64Array(capacityInitial);
  /** Absolute index of the oldest entry kept, at ring slot #head. */
  #first = 0;
  #head = 0;
  #length = 0;
  /** The smallest cursor of any reader: entries before it are no longer needed. */
  readonly #oldestCursor: () => number;

  constructor(oldestCursor: () => number) {
    this.#oldestCursor = oldestCursor;
  }

  /** Absolute index one past the newest entry. */
  get end(): number {
    return this.#first + this.#length;
  }

  append(senderId: number, sendSeq: number, clock: number, ordinal: number): void {
    if (this.#length === this.#senderId.length) this.#makeRoom();
    const slot = (this.#head + this.#length) & (this.#senderId.length - 1);
    this.#senderId[slot] = senderId;
    this.#sendSeq[slot] = sendSeq;
    this.#clock[slot] = clock;
    this.#ordinal[slot] = ordinal;
    this.#length += 1;
  }

  senderIdAt(index: number): number {
    return this.#senderId[this.#slot(index)] as number;
  }
  sendSeqAt(index: number): number {
    return this.#sendSeq[this.#slot(index)] as number;
  }
  clockAt(index: number): number {
    return this.#clock[this.#slot(index)] as number;
  }
  ordinalAt(index: number): number {
    return this.#ordinal[this.#slot(index)] as number;
  }

  #slot(index: number): number {
    assert(index >= this.#first && index < this.#first + this.#length, 'broadcast not kept');
    return (this.#head + index - this.#first) & (this.#senderId.length - 1);
  }

  #makeRoom(): void {
    const oldest = this.#oldestCursor();
    assert(oldest >= this.#first && oldest <= this.end, 'a cursor outside the log');
    const dropped = oldest - this.#first;
    this.#first = oldest;
    this.#head = (this.#head + dropped) & (this.#senderId.length - 1);
    this.#length -= dropped;
    if (this.#length < this.#senderId.length) return;
    // Unwrap into arrays twice the size, oldest entry at slot 0.
    const head = this.#head;
    const grow = <T extends Float64Array | Int32Array>(from: T, to: T): T => {
      to.set(from.subarray(head), 0);
      to.set(from.subarray(0, head), from.length - head);
      return to;
    };
    const capacity = this.#senderId.length * 2;
    this.#senderId = grow(this.#senderId, new Int32Array(capacity));
    this.#sendSeq = grow(this.#sendSeq, new Float64Array(capacity));
    this.#clock = grow(this.#clock, new Float64Array(capacity));
    this.#ordinal = grow(this.#ordinal, new Float64Array(capacity));
    this.#head = 0;
  }
}
