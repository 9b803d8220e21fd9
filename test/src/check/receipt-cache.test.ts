/**
 * The receipt cache remembers what a direct-mapped table of receiptSlots slots remembers, before
 * and after its Map gives way to arrays: a later key in a slot evicts the earlier one.
 */
import { describe, expect, it } from 'vitest';
import { ReceiptCache, receiptSlots } from '../../../src/check/receipt-cache.js';

/** The table the cache stands for, as plainly as it can be written. */
function referenceTable() {
  const keys = new Map<number, number>();
  const lines = new Map<number, number>();
  return {
    remember(key: number, line: number) {
      keys.set(key % receiptSlots, key);
      lines.set(key % receiptSlots, line);
    },
    lineOf(key: number) {
      return keys.get(key % receiptSlots) === key ? (lines.get(key % receiptSlots) ?? -1) : -1;
    },
  };
}

describe('ReceiptCache', () => {
  it('answers as the direct-mapped table, across the switch to arrays', () => {
    const cache = new ReceiptCache();
    const reference = referenceTable();
    let state = 12345;
    const next = () => {
      state = (state * 1103515245 + 12345) % 2 ** 31;
      return state;
    };
    // Keys from a small range (collide only past receiptSlots) and a wide one (collide often).
    for (let line = 1; line <= 40_000; line += 1) {
      const key = line % 3 === 0 ? next() % (receiptSlots * 4) : next() % 20_000;
      cache.remember(key, line);
      reference.remember(key, line);
      const probe = next() % (receiptSlots * 4);
      expect(cache.lineOf(probe)).toBe(reference.lineOf(probe));
      expect(cache.lineOf(key)).toBe(line);
    }
  });

  it('forgets a receipt when a later key lands in its slot, and knows no unseen key', () => {
    const cache = new ReceiptCache();
    expect(cache.lineOf(7)).toBe(-1);
    cache.remember(7, 3);
    expect(cache.lineOf(7)).toBe(3);
    cache.remember(7 + receiptSlots, 9);
    expect(cache.lineOf(7)).toBe(-1);
    expect(cache.lineOf(7 + receiptSlots)).toBe(9);
  });
});
