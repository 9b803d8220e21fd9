/**
 * Messages on the wire in the simulator, taken off in key order (arrival µs, send order).
 * The send order is a global counter, so the key is unique and equal arrival times always come
 * out in the order the messages were sent, whatever the history of the queue.
 *
 * Stored as parallel typed arrays rather than objects: every send pushes one entry per
 * receiver, and a broadcast among 10 000 machines pushes 9 999.
 *
 * Two layouts behind one interface, chosen once:
 * - `ordered: true` (constant latency): messages arrive in the order they were sent, so the
 *   keys come in increasing order and a FIFO ring is already sorted: O(1) push and pop.
 *   A push that would break the order is a programmer error and fails an assertion.
 * - otherwise a binary min-heap: O(log in-flight) per push and pop.
 */
import { assert } from '../../core/index.js';

const capacityInitial = 64;

export class DeliveryQueue {
  readonly #ordered: boolean;
  /** Ring layout only: index of the oldest entry; capacity is a power of two. */
  #head = 0;
  #arriveUs = new Float64Array(capacityInitial);
  #sendOrder = new Float64Array(capacityInitial);
  #receiverId = new Int32Array(capacityInitial);
  #senderId = new Int32Array(capacityInitial);
  #sendSeq = new Float64Array(capacityInitial);
  #clock = new Float64Array(capacityInitial);
  #size = 0;

  // The entry last taken off by `pop`, read through the getters below.
  #poppedReceiverId = 0;
  #poppedSenderId = 0;
  #poppedSendSeq = 0;
  #poppedClock = 0;

  constructor(options: { readonly ordered: boolean }) {
    this.#ordered = options.ordered;
  }

  get size(): number {
    return this.#size;
  }

  /** Arrival time of the next message, or +Infinity when nothing is in flight. */
  get nextArriveUs(): number {
    return this.#size === 0 ? Number.POSITIVE_INFINITY : (this.#arriveUs[this.#head] as number);
  }

  /** Send order of the next message (size > 0). */
  get nextSendOrder(): number {
    return this.#sendOrder[this.#head] as number;
  }

  get poppedReceiverId(): number {
    return this.#poppedReceiverId;
  }
  get poppedSenderId(): number {
    return this.#poppedSenderId;
  }
  get poppedSendSeq(): number {
    return this.#poppedSendSeq;
  }
  get poppedClock(): number {
    return this.#poppedClock;
  }

  push(
    arriveUs: number,
    sendOrder: number,
    receiverId: number,
    senderId: number,
    sendSeq: number,
    clock: number,
  ): void {
    if (this.#size === this.#arriveUs.length) this.#grow();
    if (this.#ordered) this.#pushRing(arriveUs, sendOrder, receiverId, senderId, sendSeq, clock);
    else this.#pushHeap(arriveUs, sendOrder, receiverId, senderId, sendSeq, clock);
  }

  #pushHeap(
    arriveUs: number,
    sendOrder: number,
    receiverId: number,
    senderId: number,
    sendSeq: number,
    clock: number,
  ): void {
    let index = this.#size;
    this.#size += 1;
    // Sift up: move parents down until the new key is not smaller than its parent's.
    while (index > 0) {
      const parent = (index - 1) >> 1;
      const parentArrive = this.#arriveUs[parent] as number;
      if (
        parentArrive < arriveUs ||
        (parentArrive === arriveUs && (this.#sendOrder[parent] as number) < sendOrder)
      ) {
        break;
      }
      this.#move(parent, index);
      index = parent;
    }
    this.#set(index, arriveUs, sendOrder, receiverId, senderId, sendSeq, clock);
  }

  /** Takes the earliest message off; read it with the `popped*` getters. */
  pop(): void {
    assert(this.#size > 0, 'pop from an empty delivery queue');
    const head = this.#head;
    this.#poppedReceiverId = this.#receiverId[head] as number;
    this.#poppedSenderId = this.#senderId[head] as number;
    this.#poppedSendSeq = this.#sendSeq[head] as number;
    this.#poppedClock = this.#clock[head] as number;
    this.#size -= 1;
    // The ring path stays small, so the JIT can inline it into the scheduler's loop.
    if (this.#ordered) this.#head = (head + 1) & (this.#arriveUs.length - 1);
    else if (this.#size > 0) this.#siftLastDown();
  }

  /** Heap layout: the root was taken; move the last entry to the root and sift it down. */
  #siftLastDown(): void {
    const last = this.#size;
    const arriveUs = this.#arriveUs[last] as number;
    const sendOrder = this.#sendOrder[last] as number;
    const receiverId = this.#receiverId[last] as number;
    const senderId = this.#senderId[last] as number;
    const sendSeq = this.#sendSeq[last] as number;
    const clock = this.#clock[last] as number;
    let index = 0;
    for (;;) {
      let child = 2 * index + 1;
      if (child >= last) break;
      if (child + 1 < last && this.#less(child + 1, child)) child += 1;
      const childArrive = this.#arriveUs[child] as number;
      if (
        arriveUs < childArrive ||
        (arriveUs === childArrive && sendOrder < (this.#sendOrder[child] as number))
      ) {
        break;
      }
      this.#move(child, index);
      index = child;
    }
    this.#set(index, arriveUs, sendOrder, receiverId, senderId, sendSeq, clock);
  }

  #pushRing(
    arriveUs: number,
    sendOrder: number,
    receiverId: number,
    senderId: number,
    sendSeq: number,
    clock: number,
  ): void {
    const mask = this.#arriveUs.length - 1;
    if (this.#size > 0) {
      const newest = (this.#head + this.#size - 1) & mask;
      assert(
        (this.#arriveUs[newest] as number) <= arriveUs &&
          (this.#sendOrder[newest] as number) < sendOrder,
        'an ordered delivery queue takes keys in increasing order',
      );
    }
    this.#set(
      (this.#head + this.#size) & mask,
      arriveUs,
      sendOrder,
      receiverId,
      senderId,
      sendSeq,
      clock,
    );
    this.#size += 1;
  }

  #less(a: number, b: number): boolean {
    const arriveA = this.#arriveUs[a] as number;
    const arriveB = this.#arriveUs[b] as number;
    return (
      arriveA < arriveB ||
      (arriveA === arriveB && (this.#sendOrder[a] as number) < (this.#sendOrder[b] as number))
    );
  }

  #move(from: number, to: number): void {
    this.#arriveUs[to] = this.#arriveUs[from] as number;
    this.#sendOrder[to] = this.#sendOrder[from] as number;
    this.#receiverId[to] = this.#receiverId[from] as number;
    this.#senderId[to] = this.#senderId[from] as number;
    this.#sendSeq[to] = this.#sendSeq[from] as number;
    this.#clock[to] = this.#clock[from] as number;
  }

  #set(
    index: number,
    arriveUs: number,
    sendOrder: number,
    receiverId: number,
    senderId: number,
    sendSeq: number,
    clock: number,
  ): void {
    this.#arriveUs[index] = arriveUs;
    this.#sendOrder[index] = sendOrder;
    this.#receiverId[index] = receiverId;
    this.#senderId[index] = senderId;
    this.#sendSeq[index] = sendSeq;
    this.#clock[index] = clock;
  }

  #grow(): void {
    const capacity = this.#arriveUs.length * 2;
    // Copies oldest first from slot 0: unwraps the ring (the heap always starts at 0).
    const head = this.#head;
    const grow = <T extends Float64Array | Int32Array>(from: T, to: T): T => {
      to.set(from.subarray(head), 0);
      to.set(from.subarray(0, head), from.length - head);
      return to;
    };
    this.#head = 0;
    this.#arriveUs = grow(this.#arriveUs, new Float64Array(capacity));
    this.#sendOrder = grow(this.#sendOrder, new Float64Array(capacity));
    this.#receiverId = grow(this.#receiverId, new Int32Array(capacity));
    this.#senderId = grow(this.#senderId, new Int32Array(capacity));
    this.#sendSeq = grow(this.#sendSeq, new Float64Array(capacity));
    this.#clock = grow(this.#clock, new Float64Array(capacity));
  }
}
