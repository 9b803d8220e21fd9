/** The generic heap pops in comparator order for any input, ties included. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MinHeap } from '../../transports/heap.js';

describe('MinHeap', () => {
  it('pops items in sorted order for any sequence of pushes', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 20 }), fc.nat()), { maxLength: 300 }),
        (pairs) => {
          const compare = (a: [number, number], b: [number, number]) => a[0] - b[0] || a[1] - b[1];
          const heap = new MinHeap<[number, number]>(compare);
          for (const pair of pairs) heap.push(pair);
          const popped: [number, number][] = [];
          while (heap.size > 0) popped.push(heap.pop());
          expect(popped).toEqual([...pairs].sort(compare));
        },
      ),
    );
  });
});
