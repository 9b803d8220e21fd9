/**
 * FaultCopies indexes faults.csv's copy rows by copy for `check`: each copy found by its key,
 * its rows in file order, its duplicates counted, its flags and tallies apart from others'.
 */
import { describe, expect, it } from 'vitest';
import { copyDisagrees, copySent, FaultCopies } from '../../../src/check/fault-copies.js';

/** The rows of `copy`, as faults.csv row indices. */
function rowsOf(copies: FaultCopies, copy: number): number[] {
  const rows: number[] = [];
  for (let at = copies.rowsStart(copy); at < copies.rowsStart(copy + 1); at += 1) {
    rows.push(copies.rowAt(at));
  }
  return rows;
}

describe('FaultCopies', () => {
  // Rows 3, 5, 6, 9, 12 and 14 of faults.csv; 5 and 12 are duplicates; a key past 2^32 too.
  const keys = [40, 7, 40, 2 ** 40, 7, 40];
  const rows = [3, 5, 6, 9, 12, 14];
  const duplicates = new Set([5, 12]);
  const copies = new FaultCopies(
    Float64Array.from(keys),
    Int32Array.from(rows),
    keys.length,
    (row) => duplicates.has(row),
  );

  it('finds each copy by its key, with its rows in file order, and no other key', () => {
    expect(copies.count).toBe(3);
    const seven = copies.find(7);
    const forty = copies.find(40);
    const far = copies.find(2 ** 40);
    expect(rowsOf(copies, seven)).toEqual([5, 12]);
    expect(rowsOf(copies, forty)).toEqual([3, 6, 14]);
    expect(rowsOf(copies, far)).toEqual([9]);
    expect(copies.firstRow(forty)).toBe(3);
    expect(copies.key(far)).toBe(2 ** 40);
    for (const missing of [0, 8, 41, 2 ** 40 + 1, -1]) expect(copies.find(missing)).toBe(-1);
  });

  it('counts the duplicates still to come, and keeps flags and tallies per copy', () => {
    const seven = copies.find(7);
    const forty = copies.find(40);
    expect(copies.duplicatesLeft[seven]).toBe(2);
    expect(copies.duplicatesLeft[forty]).toBe(0);
    copies.set(seven, copySent, true);
    copies.set(seven, copyDisagrees, true);
    copies.set(seven, copyDisagrees, false);
    expect(copies.has(seven, copySent)).toBe(true);
    expect(copies.has(seven, copyDisagrees)).toBe(false);
    expect(copies.has(forty, copySent)).toBe(false);
  });

  it('holds no copy when faults.csv has no copy row', () => {
    const none = new FaultCopies(new Float64Array(0), new Int32Array(0), 0, () => false);
    expect(none.count).toBe(0);
    expect(none.find(0)).toBe(-1);
  });
});
