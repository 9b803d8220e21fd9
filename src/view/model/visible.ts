/**
 * Each machine's events in the order of an axis, so the events inside a viewport are one range
 * found by binary search. On the time axis that is the log's order (a machine's times never go
 * down). On the lamport axis it is too, except after a `reset` restart, where a machine's clock
 * goes back to 0 and climbs again: then that machine's events are sorted by clock (ties in log
 * order), and only its own.
 */
import type { RunView } from './run-view.js';
import { type Axis, axisValue, type Viewport } from './viewport.js';

export class AxisOrder {
  readonly axis: Axis;
  /** Event indices; machine m's are at positions [machineStart[m], machineStart[m + 1]). */
  readonly order: Int32Array;
  /** The axis value at each position (values[p] is the value of order[p]). */
  readonly values: Float64Array;
  readonly #machineStart: Int32Array;

  constructor(view: RunView, axis: Axis) {
    this.axis = axis;
    this.#machineStart = view.machineStart;
    this.order = new Int32Array(view.eventCount);
    for (let i = 0; i < view.eventCount; i += 1) this.order[i] = i;
    for (let m = 0; m < view.machineCount; m += 1) {
      const start = view.machineStart[m] as number;
      const end = view.machineStart[m + 1] as number;
      let sorted = true;
      for (let i = start + 1; i < end && sorted; i += 1) {
        sorted = axisValue(view, axis, i) >= axisValue(view, axis, i - 1);
      }
      if (!sorted) {
        const run = Array.from(this.order.subarray(start, end));
        run.sort((a, b) => axisValue(view, axis, a) - axisValue(view, axis, b) || a - b);
        this.order.set(run, start);
      }
    }
    this.values = new Float64Array(view.eventCount);
    for (let p = 0; p < view.eventCount; p += 1) {
      this.values[p] = axisValue(view, axis, this.order[p] as number);
    }
  }

  /** The first position of the machine at or after `value` (binary search). */
  #lowerBound(machine: number, value: number): number {
    let low = this.#machineStart[machine] as number;
    let high = this.#machineStart[machine + 1] as number;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((this.values[middle] as number) < value) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** The first position of the machine after `value`. */
  #upperBound(machine: number, value: number): number {
    let low = this.#machineStart[machine] as number;
    let high = this.#machineStart[machine + 1] as number;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((this.values[middle] as number) <= value) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** Positions [start, end) of the machine's events with from <= value <= to. */
  range(machine: number, from: number, to: number): { start: number; end: number } {
    return { start: this.#lowerBound(machine, from), end: this.#upperBound(machine, to) };
  }

  /** The machine's events inside the viewport, as positions [start, end) into `order`. */
  visibleRange(machine: number, viewport: Viewport): { start: number; end: number } {
    return this.range(machine, viewport.from, viewport.to);
  }
}
