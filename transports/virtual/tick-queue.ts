/**
 * Which machine ticks next: a 4-ary min-heap of machine ids keyed by (next tick time, machine
 * id). The id completes the key, so equal times always come out in ascending id order,
 * whatever the history of the heap.
 *
 * It runs once per event (with 10 000 machines it is the simulator's inner loop), so it is
 * specialised: typed arrays, the comparison written out, each entry's time stored beside its
 * id in the heap (a sift reads neighbouring slots, not times scattered by id), four children
 * per node (half the depth of a binary heap; the four keys share a cache line), and each
 * machine's tick schedule kept in typed arrays too — the exact integer stepping of
 * TickSchedule (whole period plus a remainder carried like Bresenham's line), which a test
 * checks tick for tick.
 */
import { assert } from '../../core/index.js';
import { microsPerSecondTimesMilli } from '../../core/tick-schedule.js';

const arity = 4;
const scheduleFields = 4;

export class TickQueue {
  /** heapIds[i] is a machine id and heapTimesUs[i] its next tick; slot 0 ticks next. */
  readonly #heapIds: Int32Array;
  readonly #heapTimesUs: Float64Array;
  /**
   * Each machine's schedule, four numbers side by side (one cache line holds two machines):
   * rate in mHz, whole period in µs, period remainder, and the carried remainder (< rate).
   * Its next tick time is the one in the heap.
   */
  readonly #schedules: Float64Array;

  constructor(ratesMilliHz: readonly number[]) {
    const count = ratesMilliHz.length;
    assert(count >= 1, 'a tick queue needs machines');
    this.#heapIds = new Int32Array(count);
    this.#heapTimesUs = new Float64Array(count);
    this.#schedules = new Float64Array(count * scheduleFields);
    for (let id = 0; id < count; id += 1) {
      const rate = ratesMilliHz[id] as number;
      assert(Number.isSafeInteger(rate) && rate >= 1, 'rate must be >= 1 mHz');
      const base = id * scheduleFields;
      this.#schedules[base] = rate;
      this.#schedules[base + 1] = Math.floor(microsPerSecondTimesMilli / rate);
      this.#schedules[base + 2] = microsPerSecondTimesMilli % rate;
      this.#heapIds[id] = id;
      this.#heapTimesUs[id] = this.#after(id, 0);
    }
    for (let index = Math.floor((count - 2) / arity); index >= 0; index -= 1) {
      this.#siftDown(index);
    }
  }

  /** The machine that ticks next. */
  get nextMachineId(): number {
    return this.#heapIds[0] as number;
  }

  /** When it ticks, in µs. */
  get nextTimeUs(): number {
    return this.#heapTimesUs[0] as number;
  }

  /** The machine at the top has ticked: schedule its next tick and restore the heap. */
  advanceNext(): void {
    const times = this.#heapTimesUs;
    times[0] = this.#after(this.#heapIds[0] as number, times[0] as number);
    this.#siftDown(0);
  }

  /** Machine `id`'s rate now, in mHz. */
  rateOf(id: number): number {
    return this.#schedules[id * scheduleFields] as number;
  }

  /**
   * A `rate` fault (issue 18): machine `id` ticks at `rateMilliHz` from `anchorUs` on, on a grid
   * anchored there — tick k >= 1 at anchorUs + floor(k·10^9 / R) — and its old grid's ticks at
   * or after anchorUs never happen. Finding the machine in the heap is a scan (a rate step is
   * rare; an index kept per machine would cost every tick of every run a store).
   */
  reschedule(id: number, anchorUs: number, rateMilliHz: number): void {
    assert(Number.isSafeInteger(rateMilliHz) && rateMilliHz >= 1, 'rate must be >= 1 mHz');
    const base = id * scheduleFields;
    const schedules = this.#schedules;
    schedules[base] = rateMilliHz;
    schedules[base + 1] = Math.floor(microsPerSecondTimesMilli / rateMilliHz);
    schedules[base + 2] = microsPerSecondTimesMilli % rateMilliHz;
    schedules[base + 3] = 0;
    const index = this.#heapIds.indexOf(id);
    assert(index >= 0, 'machine not in the tick queue');
    const nextUs = this.#after(id, anchorUs);
    const earlier = nextUs < (this.#heapTimesUs[index] as number);
    this.#heapTimesUs[index] = nextUs;
    if (earlier) this.#siftUp(index);
    else this.#siftDown(index);
  }

  /**
   * Machine `id`'s tick after the one at `timeUs`: floor(k·10^9 / R) µs exactly, by whole period
   * plus the carried remainder.
   */
  #after(id: number, timeUs: number): number {
    const schedules = this.#schedules;
    const base = id * scheduleFields;
    const rate = schedules[base] as number;
    const remainder = (schedules[base + 3] as number) + (schedules[base + 2] as number);
    const nextUs = timeUs + (schedules[base + 1] as number);
    if (remainder >= rate) {
      schedules[base + 3] = remainder - rate;
      return nextUs + 1;
    }
    schedules[base + 3] = remainder;
    return nextUs;
  }

  #siftUp(start: number): void {
    const ids = this.#heapIds;
    const times = this.#heapTimesUs;
    const id = ids[start] as number;
    const timeUs = times[start] as number;
    let index = start;
    while (index > 0) {
      const parent = Math.floor((index - 1) / arity);
      const parentId = ids[parent] as number;
      const parentTimeUs = times[parent] as number;
      if (parentTimeUs < timeUs || (parentTimeUs === timeUs && parentId < id)) break;
      ids[index] = parentId;
      times[index] = parentTimeUs;
      index = parent;
    }
    ids[index] = id;
    times[index] = timeUs;
  }

  #siftDown(start: number): void {
    const ids = this.#heapIds;
    const times = this.#heapTimesUs;
    const length = ids.length;
    const id = ids[start] as number;
    const timeUs = times[start] as number;
    let index = start;
    for (;;) {
      const first = arity * index + 1;
      if (first >= length) break;
      // The earliest of up to four children.
      let child = first;
      let childId = ids[first] as number;
      let childTimeUs = times[first] as number;
      const last = Math.min(first + arity, length);
      for (let other = first + 1; other < last; other += 1) {
        const otherTimeUs = times[other] as number;
        const otherId = ids[other] as number;
        if (otherTimeUs < childTimeUs || (otherTimeUs === childTimeUs && otherId < childId)) {
          child = other;
          childId = otherId;
          childTimeUs = otherTimeUs;
        }
      }
      if (timeUs < childTimeUs || (timeUs === childTimeUs && id < childId)) break;
      ids[index] = childId;
      times[index] = childTimeUs;
      index = child;
    }
    ids[index] = id;
    times[index] = timeUs;
  }
}
