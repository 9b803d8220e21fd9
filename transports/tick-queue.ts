/**
 * Which machine ticks next: an indexed binary min-heap of machine ids keyed by
 * (next tick time, machine id). The id completes the key, so equal times always come out in
 * ascending id order, whatever the history of the heap.
 *
 * It runs once per event (with 10 000 machines it is the simulator's inner loop), so it is
 * specialised: typed arrays, the comparison written out, and each machine's tick schedule kept
 * in the same arrays — the exact integer stepping of TickSchedule (whole period plus a
 * remainder carried like Bresenham's line), which a test checks tick for tick.
 */
import { assert } from '../core/index.js';
import { microsPerSecondTimesMilli } from './tick-schedule.js';

export class TickQueue {
  /** heap[i] is a machine id; heap[0] ticks next. */
  readonly #heap: Int32Array;
  /** Next tick time per machine id, in µs. */
  readonly #timeUs: Float64Array;
  readonly #rateMilliHz: Float64Array;
  readonly #periodWholeUs: Float64Array;
  readonly #periodRemainder: Float64Array;
  /** Carried remainder per machine, always < its rate. */
  readonly #remainder: Float64Array;

  constructor(ratesMilliHz: readonly number[]) {
    const count = ratesMilliHz.length;
    assert(count >= 1, 'a tick queue needs machines');
    this.#heap = new Int32Array(count);
    this.#timeUs = new Float64Array(count);
    this.#rateMilliHz = new Float64Array(count);
    this.#periodWholeUs = new Float64Array(count);
    this.#periodRemainder = new Float64Array(count);
    this.#remainder = new Float64Array(count);
    for (let id = 0; id < count; id += 1) {
      const rate = ratesMilliHz[id] as number;
      assert(Number.isSafeInteger(rate) && rate >= 1, 'rate must be >= 1 mHz');
      this.#rateMilliHz[id] = rate;
      this.#periodWholeUs[id] = Math.floor(microsPerSecondTimesMilli / rate);
      this.#periodRemainder[id] = microsPerSecondTimesMilli % rate;
      this.#step(id);
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
    this.#step(this.#heap[0] as number);
    this.#siftDown(0);
  }

  /** Moves machine `id` to its next tick: floor(k·10^9 / R) µs, exactly. */
  #step(id: number): void {
    let timeUs = (this.#timeUs[id] as number) + (this.#periodWholeUs[id] as number);
    const rate = this.#rateMilliHz[id] as number;
    const remainder = (this.#remainder[id] as number) + (this.#periodRemainder[id] as number);
    if (remainder >= rate) {
      this.#remainder[id] = remainder - rate;
      timeUs += 1;
    } else {
      this.#remainder[id] = remainder;
    }
    this.#timeUs[id] = timeUs;
  }

  #siftDown(start: number): void {
    const heap = this.#heap;
    const times = this.#timeUs;
    const length = heap.length;
    const id = heap[start] as number;
    const timeUs = times[id] as number;
    let index = start;
    for (;;) {
      let child = 2 * index + 1;
      if (child >= length) break;
      let childId = heap[child] as number;
      let childTimeUs = times[childId] as number;
      if (child + 1 < length) {
        const rightId = heap[child + 1] as number;
        const rightTimeUs = times[rightId] as number;
        if (rightTimeUs < childTimeUs || (rightTimeUs === childTimeUs && rightId < childId)) {
          child += 1;
          childId = rightId;
          childTimeUs = rightTimeUs;
        }
      }
      if (timeUs < childTimeUs || (timeUs === childTimeUs && id < childId)) break;
      heap[index] = childId;
      index = child;
    }
    heap[index] = id;
  }
}
