/**
 * Which machine ticks next: an indexed binary min-heap of machine ids keyed by
 * (next tick time, machine id). The id completes the key, so equal times always come out in
 * ascending id order, whatever the history of the heap.
 *
 * It is specialised (typed arrays, the comparison written out) rather than the generic MinHeap
 * because it runs once per event: with 10 000 machines it is the simulator's inner loop.
 */
import { assert } from '../core/index.js';
import { TickSchedule } from './tick-schedule.js';

export class TickQueue {
  readonly #schedules: TickSchedule[];
  /** heap[i] is a machine id; heap[0] ticks next. */
  readonly #heap: Int32Array;
  /** Next tick time per machine id, mirrored from the schedules for cache-friendly compares. */
  readonly #timeUs: Float64Array;

  constructor(ratesMilliHz: readonly number[]) {
    const count = ratesMilliHz.length;
    assert(count >= 1, 'a tick queue needs machines');
    this.#schedules = ratesMilliHz.map((rate) => new TickSchedule(rate));
    this.#heap = new Int32Array(count);
    this.#timeUs = new Float64Array(count);
    for (let id = 0; id < count; id += 1) {
      this.#timeUs[id] = (this.#schedules[id] as TickSchedule).advance();
      this.#heap[id] = id;
    }
    for (let index = (count >> 1) - 1; index >= 0; index -= 1) this.#siftDown(index);
  }

  /** The machine that ticks next. */
  get nextMachineId(): number {
    return this.#heap[0] as number;
  }

  /** When it ticks, in µs. */
  get nextTimeUs(): number {
    return this.#timeUs[this.#heap[0] as number] as number;
  }

  /** The machine at the top has ticked: schedule its next tick and restore the heap. */
  advanceNext(): void {
    const id = this.#heap[0] as number;
    this.#timeUs[id] = (this.#schedules[id] as TickSchedule).advance();
    this.#siftDown(0);
  }

  #less(a: number, b: number): boolean {
    const timeA = this.#timeUs[a] as number;
    const timeB = this.#timeUs[b] as number;
    return timeA < timeB || (timeA === timeB && a < b);
  }

  #siftDown(start: number): void {
    const heap = this.#heap;
    const length = heap.length;
    const id = heap[start] as number;
    let index = start;
    for (;;) {
      const left = 2 * index + 1;
      if (left >= length) break;
      const right = left + 1;
      let child = left;
      if (right < length && this.#less(heap[right] as number, heap[left] as number)) child = right;
      const childId = heap[child] as number;
      if (!this.#less(childId, id)) break;
      heap[index] = childId;
      index = child;
    }
    heap[index] = id;
  }
}
