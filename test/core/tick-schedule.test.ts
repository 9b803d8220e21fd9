/**
 * Tick times are exact: tick k of a machine at R millihertz is floor(k·10^9 / R) µs, checked
 * against BigInt arithmetic for arbitrary rates and far into a run, where summing float periods
 * would have drifted.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TickSchedule, ticksWithin, tickTimeUs } from '../../core/tick-schedule.js';

function exactTickUs(k: number, rateMilliHz: number): number {
  return Number((BigInt(k) * 1_000_000_000n) / BigInt(rateMilliHz));
}

describe('TickSchedule', () => {
  it('puts tick k at exactly floor(k / rate) in µs', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000_000 }), (rateMilliHz) => {
        const schedule = new TickSchedule(rateMilliHz);
        for (let k = 1; k <= 50; k += 1)
          expect(schedule.advance()).toBe(exactTickUs(k, rateMilliHz));
      }),
    );
  });

  it('does not drift over a million ticks of a 3 Hz machine', () => {
    const schedule = new TickSchedule(3000);
    let timeUs = 0;
    for (let k = 1; k <= 1_000_000; k += 1) timeUs = schedule.advance();
    expect(timeUs).toBe(exactTickUs(1_000_000, 3000));
    expect(schedule.tickCount).toBe(1_000_000);
  });

  it('ticks a 1 Hz machine at 1 s, 2 s, 3 s', () => {
    const schedule = new TickSchedule(1000);
    expect([schedule.advance(), schedule.advance(), schedule.advance()]).toEqual([
      1_000_000, 2_000_000, 3_000_000,
    ]);
  });
});

describe('ticksWithin', () => {
  it('counts exactly the ticks the schedule makes up to the duration, for any rate', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6_000_000 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        (rateMilliHz, durationUs) => {
          const schedule = new TickSchedule(rateMilliHz);
          let ticks = 0;
          while (schedule.advance() <= durationUs) ticks += 1;
          expect(ticksWithin(rateMilliHz, durationUs)).toBe(ticks);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('counts a tick that falls exactly on the duration, and not one a microsecond after it', () => {
    // 1 Hz: tick 1 at 1 000 000 µs; 3 Hz: tick 3 at exactly 1 s too.
    expect(ticksWithin(1000, 999_999)).toBe(0);
    expect(ticksWithin(1000, 1_000_000)).toBe(1);
    expect(ticksWithin(3000, 999_999)).toBe(2);
    expect(ticksWithin(3000, 1_000_000)).toBe(3);
  });
});

describe('tickTimeUs', () => {
  it('gives the time the schedule reaches at tick k, for any rate, far into a run', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6_000_000 }),
        fc.integer({ min: 1, max: 2_000 }),
        fc.integer({ min: 0, max: 2 ** 40 }),
        (rateMilliHz, ticks, skipped) => {
          const schedule = new TickSchedule(rateMilliHz);
          for (let k = 1; k <= ticks; k += 1)
            expect(tickTimeUs(rateMilliHz, k)).toBe(schedule.advance());
          expect(tickTimeUs(rateMilliHz, ticks + skipped)).toBe(
            exactTickUs(ticks + skipped, rateMilliHz),
          );
        },
      ),
      { numRuns: 100 },
    );
  });
});
