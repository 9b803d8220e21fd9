/**
 * summary.json as the page's per-machine table: the figures analyze wrote, read defensively
 * (a missing or odd field is "-", a summary without machines gives no table).
 */
import { describe, expect, it } from 'vitest';
import { summaryColumns, summaryRows } from '../../../../src/view/page/summary-table.js';

describe('summaryRows', () => {
  it("reads each machine's figures from summary.json's shape", () => {
    const summary = {
      machines: [
        {
          id: 0,
          rateHz: 6,
          events: { total: 360 },
          finalClock: 360,
          jumps: { max: 0 },
          drift: { max: 0 },
          queue: { max: 1, verdict: 'stable' },
        },
        {
          id: 1,
          rateHz: 1,
          events: { total: 60 },
          finalClock: 280,
          jumps: { max: 12.3456789 },
          drift: { max: 80 },
          queue: { max: 15, verdict: 'grows' },
        },
      ],
    };
    const rows = summaryRows(summary);
    expect(rows).toEqual([
      ['0', '6', '360', '360', '0', '0', '1', 'stable'],
      ['1', '1', '60', '280', '12.3457', '80', '15', 'grows'],
    ]);
    expect(rows?.[0]).toHaveLength(summaryColumns.length);
  });

  it('shows "-" for what is missing or odd, and no table without machines', () => {
    expect(summaryRows({ machines: [{ rateHz: 'fast', events: null }] })).toEqual([
      ['0', 'fast', '-', '-', '-', '-', '-', '-'],
    ]);
    expect(summaryRows({ machines: [] })).toBeNull();
    expect(summaryRows({ mode: 'virtual' })).toBeNull();
    expect(summaryRows(null)).toBeNull();
    expect(summaryRows([1, 2])).toBeNull();
  });
});
