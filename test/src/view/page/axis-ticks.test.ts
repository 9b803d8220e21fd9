/** Round tick values across a window, and their labels (time in ms or s, clocks whole). */
import { describe, expect, it } from 'vitest';
import { axisLabel, niceStep, ticks, timeLabel } from '../../../../src/view/page/axis-ticks.js';

describe('axis ticks', () => {
  it('steps by 1, 2 or 5 times a power of ten', () => {
    expect(niceStep(100, 10)).toBe(10);
    expect(niceStep(60_000_000, 6)).toBe(10_000_000);
    expect(niceStep(7, 5)).toBe(2);
    expect(niceStep(0.3, 3)).toBeCloseTo(0.1);
  });

  it('lists the multiples of the step inside the window, rounded', () => {
    expect(ticks(0.1, 0.75, 6, false)).toEqual([0.2, 0.4, 0.6]);
    expect(ticks(3, 9, 3, true)).toEqual([4, 6, 8]);
    expect(ticks(0, 2, 10, true)).toEqual([0, 1, 2]);
    expect(ticks(5, 5, 4, false)).toEqual([]);
  });

  it('labels time in ms under 10 s and in s above, clocks as whole numbers', () => {
    expect(timeLabel(1_500, 500)).toBe('1.5 ms');
    expect(timeLabel(20_000_000, 10_000_000)).toBe('20 s');
    expect(timeLabel(2_000_000, 500_000)).toBe('2000 ms');
    expect(axisLabel('lamport', 41.6, 1)).toBe('42');
  });
});
