/**
 * The copies faults.csv has rows about, for `check`: each copy (sender, seq, receiver) by its
 * key, its rows (their indices in faults.csv, in file order), and what the logs did with it so
 * far, in typed arrays. An object and a map entry per copy cost `check` hundreds of bytes for
 * each row of a long run's faults.csv; these cost 25 bytes a copy and 4 a row.
 *
 * Built once, from the rows in file order: the keys are sorted (keeping file order within a key),
 * and a copy is found by a binary search of its key.
 */

/** Flags of a copy. */
export const copySent = 1;
/** Its rows do not all agree with its send row: finish() reports them from the send kept. */
export const copyDisagrees = 2;

export class FaultCopies {
  /** The number of copies. */
  readonly count: number;
  /** Per copy, ascending. */
  readonly #keys: Float64Array;
  /** Copy c's rows are #rows[#starts[c]] .. #rows[#starts[c + 1] - 1]. */
  readonly #starts: Int32Array;
  readonly #rows: Int32Array;
  readonly flags: Uint8Array;
  /** Receives of each copy seen so far. */
  readonly receives: Int32Array;
  /** The line of each copy's first receive (0: none yet; -1: kept apart as text). */
  readonly firstReceiveLine: Int32Array;
  /** Duplicated copies not yet received. */
  readonly duplicatesLeft: Int32Array;

  /**
   * `keys[i]` is the copy of row `rows[i]`, for `length` rows in file order. `isDuplicate` says
   * which rows make a duplicate (each counts in duplicatesLeft).
   */
  constructor(
    keys: Float64Array,
    rows: Int32Array,
    length: number,
    isDuplicate: (row: number) => boolean,
  ) {
    const order = new Int32Array(length);
    for (let at = 0; at < length; at += 1) order[at] = at;
    // Ties keep file order: a copy's rows are read in the order faults.csv has them.
    order.sort((a, b) => (keys[a] as number) - (keys[b] as number) || a - b);
    let count = 0;
    for (let at = 0; at < length; at += 1) {
      if (at === 0 || keys[order[at] as number] !== keys[order[at - 1] as number]) count += 1;
    }
    this.count = count;
    this.#keys = new Float64Array(count);
    this.#starts = new Int32Array(count + 1);
    this.#rows = new Int32Array(length);
    this.flags = new Uint8Array(count);
    this.receives = new Int32Array(count);
    this.firstReceiveLine = new Int32Array(count);
    this.duplicatesLeft = new Int32Array(count);
    let copy = -1;
    for (let at = 0; at < length; at += 1) {
      const from = order[at] as number;
      const key = keys[from] as number;
      if (copy < 0 || this.#keys[copy] !== key) {
        copy += 1;
        this.#keys[copy] = key;
        this.#starts[copy] = at;
      }
      const row = rows[from] as number;
      this.#rows[at] = row;
      if (isDuplicate(row)) this.duplicatesLeft[copy] = (this.duplicatesLeft[copy] as number) + 1;
    }
    this.#starts[count] = length;
  }

  /** The copy of `key`, or -1 when faults.csv has no row about it. */
  find(key: number): number {
    let low = 0;
    let high = this.count - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const at = this.#keys[middle] as number;
      if (at === key) return middle;
      if (at < key) low = middle + 1;
      else high = middle - 1;
    }
    return -1;
  }

  key(copy: number): number {
    return this.#keys[copy] as number;
  }

  /** Where copy `copy`'s rows start in rowAt's order; they end at rowsStart(copy + 1). */
  rowsStart(copy: number): number {
    return this.#starts[copy] as number;
  }

  /** The faults.csv row index at place `at` of the rows by copy. */
  rowAt(at: number): number {
    return this.#rows[at] as number;
  }

  /** The first row (in file order) of copy `copy`. */
  firstRow(copy: number): number {
    return this.#rows[this.#starts[copy] as number] as number;
  }

  has(copy: number, flag: number): boolean {
    return ((this.flags[copy] as number) & flag) !== 0;
  }

  set(copy: number, flag: number, on: boolean): void {
    const flags = this.flags[copy] as number;
    this.flags[copy] = on ? flags | flag : flags & ~flag;
  }
}
