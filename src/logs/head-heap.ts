/**
 * A min-heap of machine ids ordered by each machine's current head row: earliest time first, a
 * tie won by the lower id, so the order is total and never depends on insertion history. It
 * knows where every id sits, so an id can be removed or re-sifted after its head changed in
 * O(log n): the causal merge moves heads between its "may go" and "must wait" heaps that way.
 */
import { assert } from '../../core/index.js';
import type { ParsedLogRow } from './log-row.js';

export class HeadHeap {
  /** heads[id] is the row that orders machine id; shared with the owner, read only here. */
  readonly #heads: readonly (ParsedLogRow | undefined)[];
  readonly #ids: Int32Array;
  /** positionOf[id] is the index of id in #ids, or -1 when id is not in this heap. */
  readonly #positionOf: Int32Array;
  #size = 0;

  readonly #restartFirst: boolean;

  /** `restartFirst`: within an instant a restart row goes first (see #before). */
  constructor(heads: readonly (ParsedLogRow | undefined)[], restartFirst = false) {
    this.#restartFirst = restartFirst;
    this.#heads = heads;
    this.#ids = new Int32Array(heads.length);
    this.#positionOf = new Int32Array(heads.length).fill(-1);
  }

  get size(): number {
    return this.#size;
  }

  /** The id whose head comes first, or -1 when empty. */
  peek(): number {
    return this.#size > 0 ? (this.#ids[0] as number) : -1;
  }

  has(id: number): boolean {
    return this.#positionOf[id] !== -1;
  }

  push(id: number): void {
    assert(!this.has(id), 'a machine is in the heap at most once');
    const index = this.#size;
    this.#size += 1;
    this.#place(id, index);
    this.#siftUp(index);
  }

  remove(id: number): void {
    const index = this.#positionOf[id] as number;
    assert(index >= 0, 'remove of a machine that is not in the heap');
    this.#positionOf[id] = -1;
    this.#size -= 1;
    if (index === this.#size) return;
    this.#place(this.#ids[this.#size] as number, index);
    this.#resift(index);
  }

  /** Restores the order after the head of id changed (its time may have moved either way). */
  update(id: number): void {
    const index = this.#positionOf[id] as number;
    assert(index >= 0, 'update of a machine that is not in the heap');
    this.#resift(index);
  }

  #resift(index: number): void {
    if (index > 0 && this.#before(index, (index - 1) >> 1)) this.#siftUp(index);
    else this.#siftDown(index);
  }

  #siftUp(start: number): void {
    let index = start;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (!this.#before(index, parent)) return;
      this.#swap(index, parent);
      index = parent;
    }
  }

  #siftDown(start: number): void {
    let index = start;
    for (;;) {
      const left = 2 * index + 1;
      if (left >= this.#size) return;
      const right = left + 1;
      const child = right < this.#size && this.#before(right, left) ? right : left;
      if (!this.#before(child, index)) return;
      this.#swap(index, child);
      index = child;
    }
  }

  /**
   * Whether the head at heap index a comes before the one at heap index b: by time, then by
   * machine id; with restartFirst, a restart row first within its instant (the virtual driver
   * changes a machine's state before any tick of the instant, and the causality statistics
   * depend on that order where a restart repeats or lowers a clock).
   */
  #before(a: number, b: number): boolean {
    const aId = this.#ids[a] as number;
    const bId = this.#ids[b] as number;
    const aHead = this.#heads[aId] as ParsedLogRow;
    const bHead = this.#heads[bId] as ParsedLogRow;
    const aTimeUs = aHead.timeUs;
    const bTimeUs = bHead.timeUs;
    if (aTimeUs !== bTimeUs) return aTimeUs < bTimeUs;
    if (!this.#restartFirst) return aId < bId;
    const aRestart = aHead.kind === 'restart';
    return aRestart === (bHead.kind === 'restart') ? aId < bId : aRestart;
  }

  #swap(a: number, b: number): void {
    const aId = this.#ids[a] as number;
    this.#place(this.#ids[b] as number, a);
    this.#place(aId, b);
  }

  #place(id: number, index: number): void {
    this.#ids[index] = id;
    this.#positionOf[id] = index;
  }
}
