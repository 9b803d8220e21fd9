/**
 * Goal: HeadHeap always offers the machine whose head is earliest by (time, id), through any mix
 * of pushes, removals and heads that change in place. Method: fast-check drives random
 * operations against a sorted list of the same ids.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HeadHeap } from '../../../src/logs/head-heap.js';
import type { ParsedLogRow } from '../../../src/logs/log-row.js';

const machineCount = 12;

function headAt(machine: number, timeUs: number): ParsedLogRow {
  return { kind: 'internal', machine, seq: 1, timeUs, clock: 1, queueLength: 0, file: '', line: 2 };
}

const operation = fc.record({
  id: fc.nat({ max: machineCount - 1 }),
  timeUs: fc.integer({ min: 0, max: 20 }),
  what: fc.constantFrom('push-or-update' as const, 'remove' as const),
});

describe('HeadHeap', () => {
  it('peeks the earliest (time, id) of its ids after every operation', () => {
    fc.assert(
      fc.property(fc.array(operation, { maxLength: 200 }), (operations) => {
        const heads: (ParsedLogRow | undefined)[] = new Array(machineCount).fill(undefined);
        const heap = new HeadHeap(heads);
        const members = new Set<number>();
        for (const { id, timeUs, what } of operations) {
          if (what === 'remove') {
            if (members.has(id)) heap.remove(id);
            members.delete(id);
          } else {
            heads[id] = headAt(id, timeUs);
            if (members.has(id)) heap.update(id);
            else heap.push(id);
            members.add(id);
          }
          const earliest = [...members].sort(
            (a, b) => (heads[a]?.timeUs ?? 0) - (heads[b]?.timeUs ?? 0) || a - b,
          );
          expect(heap.size).toBe(members.size);
          expect(heap.peek()).toBe(earliest[0] ?? -1);
        }
      }),
      { numRuns: 300 },
    );
  });
});
