/**
 * The steady-state faults measure times only whole slices past its warm-up, and says so when a
 * run is too short to leave any.
 */
import { describe, expect, it } from 'vitest';
import { measureSteady } from '../../bench/faults-steady-case.js';

describe('measureSteady', () => {
  it.each(['faults', 'fault-free'] as const)(
    'times a %s run slice by slice past the warm-up',
    (mode) => {
      // 20 000 s at 1, 2 and 6 Hz: 180 000 events without faults, fewer with them.
      const result = measureSteady(mode, 20_000, 10_000, 50_000);
      // From the slice starting at 50 000 events to the last whole one before the end.
      expect(result.slices).toBeGreaterThanOrEqual(9);
      expect(result.slices).toBeLessThanOrEqual(13);
      expect(result.events).toBe(result.slices * 10_000);
      expect(result.mode).toBe(mode);
      expect(result.nsPerEvent).toBeGreaterThan(0);
    },
  );

  it('refuses a run that ends before its warm-up does', () => {
    expect(() => measureSteady('faults', 1_000, 1_000, 1_000_000)).toThrow(
      'faults-steady: no slice after the warm-up',
    );
  });
});
