/**
 * One machine's own clock values, for a run whose restarts let a machine repeat them: a
 * `persisted` restart row keeps its clock, and after a `reset` the clock climbs through values
 * it had before. The equal-clock pairs count pairs of two machines, so an event's own earlier
 * events at its value are taken off (CausalityTracker).
 *
 * The values are kept in the order they came, in epochs: a new epoch starts where the clock
 * went down (a reset), and within one the values never go down, so each epoch is sorted and a
 * value's earlier count is a binary search per epoch (a run has few resets). Eight bytes per
 * event, against a Map entry per value (several times that, and the slowest step of a logged
 * run with restarts); values below the tracker's ring are dropped as the array grows, since no
 * later event is counted there.
 */
export class OwnClocks {
  #values = new Float64Array(64);
  #length = 0;
  /** Where each epoch starts in #values, ascending; the first is 0. */
  #epochStarts: number[] = [0];

  /**
   * How many of the values recorded so far equal `value`; then records it. `low`: the lowest
   * value still counted (the tracker's ring), below which values may be forgotten.
   */
  countThenAdd(value: number, low: number): number {
    const values = this.#values;
    const length = this.#length;
    if (length > 0 && value < (values[length - 1] as number)) this.#epochStarts.push(length);
    const starts = this.#epochStarts;
    let count = 0;
    for (let epoch = 0; epoch < starts.length; epoch += 1) {
      const from = starts[epoch] as number;
      const to = epoch + 1 < starts.length ? (starts[epoch + 1] as number) : length;
      if (from >= to || value < (values[from] as number) || value > (values[to - 1] as number))
        continue;
      count += firstAbove(values, from, to, value) - firstAtLeast(values, from, to, value);
    }
    if (this.#length === this.#values.length) this.#makeRoom(low);
    this.#values[this.#length] = value;
    this.#length += 1;
    return count;
  }

  /** Keeps the values at or above `low` (epoch by epoch), then doubles if still over half full. */
  #makeRoom(low: number): void {
    const values = this.#values;
    const starts = this.#epochStarts;
    const kept: number[] = [];
    let length = 0;
    let next = new Float64Array(values.length);
    for (let epoch = 0; epoch < starts.length; epoch += 1) {
      const from = starts[epoch] as number;
      const to = epoch + 1 < starts.length ? (starts[epoch + 1] as number) : this.#length;
      const keepFrom = firstAtLeast(values, from, to, low);
      if (keepFrom === to) continue;
      kept.push(length);
      next.set(values.subarray(keepFrom, to), length);
      length += to - keepFrom;
    }
    if (2 * length > values.length) {
      const grown = new Float64Array(values.length * 2);
      grown.set(next.subarray(0, length));
      next = grown;
    }
    this.#values = next;
    this.#length = length;
    this.#epochStarts = kept.length === 0 ? [0] : kept;
  }
}

/** The first index in [from, to) of sorted `values` whose value is >= `value` (to if none). */
function firstAtLeast(values: Float64Array, from: number, to: number, value: number): number {
  let low = from;
  let high = to;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((values[middle] as number) < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The first index in [from, to) of sorted `values` whose value is > `value` (to if none). */
function firstAbove(values: Float64Array, from: number, to: number, value: number): number {
  let low = from;
  let high = to;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((values[middle] as number) <= value) low = middle + 1;
    else high = middle;
  }
  return low;
}
