/**
 * Goal: timestamps become integer µs exactly, in every unit the spec language has: an epoch
 * time with 7 decimals keeps its µs (a double would not), date-times with a comma or a dot,
 * with or without an offset, a time of day on a given date; anything else is refused with why.
 */
import { describe, expect, it } from 'vitest';
import { parseTimeUs } from '../../../src/import/time-values.js';

const us = (
  value: unknown,
  unit: Parameters<typeof parseTimeUs>[1],
  date?: string,
): number | string => {
  const result = parseTimeUs(value, unit, date);
  return result.ok ? result.us : result.why;
};

describe('parseTimeUs', () => {
  it('reads decimal seconds, ms and µs exactly, rounding the 7th decimal', () => {
    expect(us('1795311561.9455066', 's')).toBe(1_795_311_561_945_507);
    expect(us('1795311561.9455064', 's')).toBe(1_795_311_561_945_506);
    expect(us(1795311724.71, 's')).toBe(1_795_311_724_710_000);
    expect(us('12', 's')).toBe(12_000_000);
    expect(us('1500.25', 'ms')).toBe(1_500_250);
    expect(us('42', 'us')).toBe(42);
  });

  it('reads date-times: ISO or with a space, a dot or a comma, offsets', () => {
    const base = Date.UTC(2026, 10, 22, 1, 38, 15) * 1000;
    expect(us('2026-11-22 01:38:15,354', 'datetime')).toBe(base + 354_000);
    expect(us('2026-11-22 01:38:15.354123', 'datetime')).toBe(base + 354_123);
    expect(us('2026-11-22T01:38:15Z', 'datetime')).toBe(base);
    expect(us('2026-11-22T02:38:15+01:00', 'datetime')).toBe(base);
  });

  it('reads a time of day on the spec date', () => {
    const day = Date.UTC(2026, 10, 22) * 1000;
    expect(us('01:38:15,354', 'time-of-day', '2026-11-22')).toBe(
      day + (3600 + 38 * 60 + 15) * 1e6 + 354_000,
    );
    expect(us('00:00:01', 'time-of-day')).toBe(1_000_000);
  });

  it('refuses what is no time of that unit, saying what it expected', () => {
    expect(us('-1', 's')).toBe('expected a time in s >= 0, got "-1"');
    expect(us('soon', 'ms')).toBe('expected a time in ms >= 0, got "soon"');
    expect(us('22/11/2026 01:38', 'datetime')).toMatch(/^expected a date-time like/);
    expect(us('1:2', 'time-of-day')).toMatch(/^expected a time of day like/);
  });
});
