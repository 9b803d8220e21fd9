/**
 * A binary min-heap with an explicit comparator. The comparator must be a total order (every
 * tie broken), because the heap's own order for equal keys depends on insertion history, and
 * a simulator that lets that leak out is not deterministic.
 */
import { assert } from '../core/index.js';

export type Compare<T> = (a: T, b: T) => number;

export class MinHeap<T> {
  readonly #items: T[] = [];
  readonly #compare: Compare<T>;

  constructor(compare: Compare<T>) {
    this.#compare = compare;
  }

  get size(): number {
    return this.#items.length;
  }

  peek(): T | undefined {
    return this.#items[0];
  }

  push(item: T): void {
    this.#items.push(item);
    this.#siftUp(this.#items.length - 1);
  }

  pop(): T {
    const items = this.#items;
    assert(items.length > 0, 'pop from an empty heap');
    const top = items[0] as T;
    const last = items.pop() as T;
    if (items.length > 0) {
      items[0] = last;
      this.#siftDown(0);
    }
    return top;
  }

  #siftUp(start: number): void {
    const items = this.#items;
    const item = items[start] as T;
    let index = start;
    while (index > 0) {
      const parentIndex = (index - 1) >> 1;
      const parent = items[parentIndex] as T;
      if (this.#compare(item, parent) >= 0) break;
      items[index] = parent;
      index = parentIndex;
    }
    items[index] = item;
  }

  #siftDown(start: number): void {
    const items = this.#items;
    const length = items.length;
    const item = items[start] as T;
    let index = start;
    for (;;) {
      const leftIndex = 2 * index + 1;
      if (leftIndex >= length) break;
      const rightIndex = leftIndex + 1;
      let childIndex = leftIndex;
      if (rightIndex < length && this.#compare(items[rightIndex] as T, items[leftIndex] as T) < 0) {
        childIndex = rightIndex;
      }
      const child = items[childIndex] as T;
      if (this.#compare(child, item) >= 0) break;
      items[index] = child;
      index = childIndex;
    }
    items[index] = item;
  }
}
