/**
 * The interleaved faults measure counts only slices past its warm-up, of both runs, and says so
 * when a run is too short to leave any.
 */
import { describe, expect, it } from 'vitest';
import { measureInterleaved } from '../../bench/faults-interleaved-case.js';

describe('measureInterleaved', () => {
  it('times both runs slice by slice past the warm-up', () => {
    // 20 000 s at 1, 2 and 6 Hz: 180 000 events without faults, fewer with them.
    const result = measureInterleaved(20_000, 10_000, 50_000);
    // Slices start counting once both runs passed 50 000 events, and stop when one ends.
    expect(result.slices).toBeGreaterThanOrEqual(8);
    expect(result.slices).toBeLessThanOrEqual(13);
    expect(result.faultsEvents).toBe(result.slices * 10_000);
    expect(result.faultFreeNsPerEvent).toBeGreaterThan(0);
    expect(result.faultsNsPerEvent).toBeGreaterThan(0);
    expect(result.ratio).toBeGreaterThan(0);
  });

  it('refuses a run that ends before its warm-up does', () => {
    expect(() => measureInterleaved(1_000, 1_000, 1_000_000)).toThrow(
      'faults-interleaved: no slice after the warm-up',
    );
  });
});
