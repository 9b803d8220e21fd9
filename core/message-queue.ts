/**
 * A machine's network queue: FIFO, and unbounded by design, because a queue that backs up
 * forever on a slow machine is one of the things users come to watch.
 *
 * Messages are stored by value in one typed-array ring (sender, send seq, clock per slot), not
 * as objects. A queue that holds a hundred thousand waiting messages then costs 24 bytes per
 * message and nothing for the garbage collector to trace or copy, which is what keeps a
 * long run with a backed-up machine fast. Capacity is a power of two so wrapping is a mask.
 */
import { assert } from './assert.js';
import type { NetworkQueue } from './network-queue.js';
import { grownRing } from './ring.js';
import type { Message, StepEvent } from './types.js';

const capacityInitial = 16;
const fieldsPerSlot = 3;

export class MessageQueue implements NetworkQueue {
  #slots = new Float64Array(capacityInitial * fieldsPerSlot);
  #capacity = capacityInitial;
  #head = 0;
  #length = 0;

  get length(): number {
    return this.#length;
  }

  push(senderId: number, sendSeq: number, clock: number): void {
    if (this.#length === this.#capacity) this.#grow();
    const base = ((this.#head + this.#length) & (this.#capacity - 1)) * fieldsPerSlot;
    const slots = this.#slots;
    slots[base] = senderId;
    slots[base + 1] = sendSeq;
    slots[base + 2] = clock;
    this.#length += 1;
  }

  /**
   * Removes the oldest message and writes it into the event's message fields (no object is
   * made: this runs on every receive). Callers check `length` first.
   */
  shiftInto(event: StepEvent): void {
    assert(this.#length > 0, 'shift from an empty queue');
    const base = this.#head * fieldsPerSlot;
    const slots = this.#slots;
    event.senderId = slots[base] as number;
    event.sendSeq = slots[base + 1] as number;
    event.messageClock = slots[base + 2] as number;
    this.#head = (this.#head + 1) & (this.#capacity - 1);
    this.#length -= 1;
  }

  /** Messages oldest first; for inspection and tests, not the hot path. */
  toArray(): Message[] {
    const out: Message[] = [];
    for (let i = 0; i < this.#length; i += 1) {
      out.push(this.#read((this.#head + i) & (this.#capacity - 1)));
    }
    return out;
  }

  #read(slot: number): Message {
    const base = slot * fieldsPerSlot;
    const slots = this.#slots;
    return {
      senderId: slots[base] as number,
      sendSeq: slots[base + 1] as number,
      clock: slots[base + 2] as number,
    };
  }

  #grow(): void {
    this.#slots = grownRing(this.#slots, this.#head, fieldsPerSlot);
    this.#capacity *= 2;
    this.#head = 0;
  }
}
