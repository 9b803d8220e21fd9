/**
 * A FIFO ring buffer: a machine's network queue. It grows without bound by design, because
 * a queue that backs up forever on a slow machine is one of the things users come to watch.
 * Capacity is a power of two so that wrapping is a mask, not a division.
 */
import { assert } from './assert.js';

const capacityInitial = 16;

export class Queue<T> {
  #items: (T | undefined)[] = new Array<T | undefined>(capacityInitial);
  #mask = capacityInitial - 1;
  #head = 0;
  #length = 0;

  get length(): number {
    return this.#length;
  }

  push(item: T): void {
    if (this.#length === this.#items.length) this.#grow();
    this.#items[(this.#head + this.#length) & this.#mask] = item;
    this.#length += 1;
  }

  /** Removes and returns the oldest item. Callers check `length` first. */
  shift(): T {
    assert(this.#length > 0, 'shift from an empty queue');
    const item = this.#items[this.#head] as T;
    // Clear the slot so a long-drained queue does not keep old messages alive.
    this.#items[this.#head] = undefined;
    this.#head = (this.#head + 1) & this.#mask;
    this.#length -= 1;
    return item;
  }

  /** Items oldest first; for inspection and tests, not the hot path. */
  toArray(): T[] {
    const out: T[] = [];
    for (let i = 0; i < this.#length; i += 1) {
      out.push(this.#items[(this.#head + i) & this.#mask] as T);
    }
    return out;
  }

  #grow(): void {
    const items = this.toArray();
    const capacity = this.#items.length * 2;
    this.#items = new Array<T | undefined>(capacity);
    for (let i = 0; i < items.length; i += 1) this.#items[i] = items[i];
    this.#mask = capacity - 1;
    this.#head = 0;
  }
}
