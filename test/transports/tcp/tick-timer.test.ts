/**
 * Goal: the TCP tick timer ticks when a virtual run would (tick k at start + floor(k / rate) µs,
 * never early, never drifting), makes exactly a virtual run's number of ticks, and measures how
 * late each tick ran. Method: a fake clock (test/helpers/fake-clock.ts) that fires timers at
 * their due time (advanceBy) or late, all at once (jumpBy), with rates whose period is not a
 * whole number of ms or µs.
 */
import { describe, expect, it } from 'vitest';
import { TickSchedule, ticksWithin } from '../../../core/tick-schedule.js';
import { TickTimer } from '../../../transports/tcp/tick-timer.js';
import { FakeClock } from '../../helpers/fake-clock.js';

function startTimer(clock: FakeClock, rateMilliHz: number, durationUs: number) {
  const ticks: { tick: number; nowMs: number }[] = [];
  const startMs = clock.nowMs();
  const timer = new TickTimer({
    clock,
    startMs,
    rateMilliHz,
    durationUs,
    onTick: (tick, nowMs) => ticks.push({ tick, nowMs }),
  });
  return { timer, ticks, startMs };
}

describe('TickTimer under a fake clock', () => {
  it('ticks at the virtual tick times, exactly, and stops after the last one', async () => {
    const clock = new FakeClock();
    // 3 Hz: a period of 333 333.3 µs, so floor(k / rate) differs from k × a rounded period.
    const rateMilliHz = 3000;
    const durationUs = 2_000_000;
    const { timer, ticks, startMs } = startTimer(clock, rateMilliHz, durationUs);
    clock.advanceBy(10_000);
    await timer.done;
    const schedule = new TickSchedule(rateMilliHz);
    const expected = Array.from({ length: ticksWithin(rateMilliHz, durationUs) }, (_, index) => ({
      tick: index + 1,
      nowMs: startMs + schedule.advance() / 1000,
    }));
    expect(expected).toHaveLength(6);
    expect(ticks).toEqual(expected);
    expect(timer.ticks).toBe(6);
    expect(timer.lateness()).toEqual({ p50Ms: 0, p99Ms: 0, maxMs: 0, lateTicks: 0 });
    expect(clock.pendingCount).toBe(0);
  });

  it('makes a tick due exactly at the end of the run, and none after it', async () => {
    const clock = new FakeClock();
    // 4 Hz over 1 s: tick 4 is due at exactly 1 000 000 µs.
    const { timer, ticks } = startTimer(clock, 4000, 1_000_000);
    clock.advanceBy(5000);
    await timer.done;
    expect(ticks.map((tick) => tick.tick)).toEqual([1, 2, 3, 4]);
    // One µs shorter, and tick 4 is past the end.
    const shortClock = new FakeClock();
    const short = startTimer(shortClock, 4000, 999_999);
    shortClock.advanceBy(5000);
    await short.timer.done;
    expect(short.ticks.map((tick) => tick.tick)).toEqual([1, 2, 3]);
  });

  it('does not tick before a deadline, whatever the time short of it', () => {
    const clock = new FakeClock();
    const { ticks } = startTimer(clock, 10_000, 1_000_000);
    clock.advanceBy(99.999);
    expect(ticks).toEqual([]);
    clock.advanceBy(0.001);
    expect(ticks).toHaveLength(1);
  });

  it('runs a late tick at once and measures its lateness', () => {
    const clock = new FakeClock();
    // 10 Hz: due at 100, 200, 300 ms...
    const { timer, ticks, startMs } = startTimer(clock, 10_000, 1_000_000);
    clock.jumpBy(130);
    expect(ticks).toEqual([{ tick: 1, nowMs: startMs + 130 }]);
    // Tick 2 is still due at 200 ms: lateness does not push the later deadlines.
    clock.advanceBy(70);
    expect(ticks[1]).toEqual({ tick: 2, nowMs: startMs + 200 });
    clock.jumpBy(160);
    // At 360 ms tick 3 runs (60 ms late); tick 4 (due 400) waits for its time.
    expect(ticks.map((tick) => tick.tick)).toEqual([1, 2, 3]);
    expect(ticks[2]?.nowMs).toBe(startMs + 360);
    const lateness = timer.lateness();
    expect(lateness.maxMs).toBeCloseTo(60, 9);
    expect(lateness.lateTicks).toBe(2);
    expect(timer.achievedRateHz()).toBeCloseTo(3 / 0.36, 9);
  });

  it('stops before the next tick and resolves done', async () => {
    const clock = new FakeClock();
    const { timer, ticks } = startTimer(clock, 10_000, 1_000_000);
    clock.advanceBy(250);
    timer.stop();
    // The armed timer is cancelled, not left to fire into a stopped ticker.
    expect(clock.pendingCount).toBe(0);
    await timer.done;
    clock.advanceBy(10_000);
    expect(ticks).toHaveLength(2);
    expect(clock.pendingCount).toBe(0);
  });

  it('switches its grid at a rate step: the old grid ends there, the new one starts there', async () => {
    const clock = new FakeClock();
    const startMs = clock.nowMs();
    const times: number[] = [];
    // 10 Hz, then 4 Hz from 250 ms: 100, 200, then 250 + 250 = 500, 750, 1000 (the end).
    const timer = new TickTimer({
      clock,
      startMs,
      rateMilliHz: 10_000,
      durationUs: 1_000_000,
      rateSteps: [{ atUs: 250_000, rateMilliHz: 4000 }],
      onTick: (_tick, nowMs) => times.push(nowMs - startMs),
    });
    clock.advanceBy(5000);
    await timer.done;
    expect(times).toEqual([100, 200, 500, 750, 1000]);
    expect(timer.ticks).toBe(5);
  });

  it('a step exactly at an old tick takes that instant: the old tick never comes', async () => {
    const clock = new FakeClock();
    const startMs = clock.nowMs();
    const times: number[] = [];
    const timer = new TickTimer({
      clock,
      startMs,
      rateMilliHz: 10_000,
      durationUs: 700_000,
      rateSteps: [
        { atUs: 200_000, rateMilliHz: 5000 },
        { atUs: 400_000, rateMilliHz: 10_000 },
      ],
      onTick: (_tick, nowMs) => times.push(nowMs - startMs),
    });
    clock.advanceBy(5000);
    await timer.done;
    // 100; the step at 200 (old tick 2 gone): 400 is the new grid's first tick, but the next
    // step is at 400 too, so that one never comes either: 500, 600, 700.
    expect(times).toEqual([100, 500, 600, 700]);
  });

  it('a restarted machine starts at its grid tick strictly after the restart', async () => {
    const clock = new FakeClock();
    const startMs = clock.nowMs();
    // Its process came up at 430 ms: the tick due since the restart (300 ms), 400, runs at once.
    clock.advanceBy(430);
    const times: number[] = [];
    const timer = new TickTimer({
      clock,
      startMs,
      rateMilliHz: 10_000,
      durationUs: 600_000,
      firstAfterUs: 300_000,
      onTick: (_tick, nowMs) => times.push(nowMs - startMs),
    });
    clock.advanceBy(5000);
    await timer.done;
    expect(times).toEqual([430, 500, 600]);
  });

  it('after a stop of its process (SIGSTOP) runs every missed tick at once, then the grid', () => {
    const clock = new FakeClock();
    const { ticks, startMs } = startTimer(clock, 10_000, 1_000_000);
    clock.advanceBy(150);
    // Stopped from 150 to 480 ms: ticks 2, 3, 4 (200, 300, 400) were missed; the resume runs
    // them all, late, without waiting for the next deadline (absolute deadlines).
    clock.jumpBy(330);
    expect(ticks.map((tick) => [tick.tick, tick.nowMs - startMs])).toEqual([
      [1, 100],
      [2, 480],
      [3, 480],
      [4, 480],
    ]);
    clock.advanceBy(20);
    expect(ticks.map((tick) => tick.nowMs - startMs).slice(4)).toEqual([500]);
  });
});
