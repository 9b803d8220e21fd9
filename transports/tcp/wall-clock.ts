/**
 * Real time, for the TCP mode only: the one place besides the TCP transport that reads clocks.
 * `nowMs` is monotonic (performance.now); `epochMs` is the wall clock, used only to agree on a
 * common start instant between processes. Timers are part of the clock so that the tick timer,
 * the greeting and the router run under a fake clock in tests (test/helpers/fake-clock.ts).
 */
import { performance } from 'node:perf_hooks';

/** A pending callback of `WallClock.after`. */
export interface Timer {
  /** The callback will not run (nothing happens if it already has). */
  cancel(): void;
  /** The timer alone does not keep the process alive. */
  unref(): void;
}

export interface WallClock {
  nowMs(): number;
  epochMs(): number;
  /** Calls `callback` once, `delayMs` from now on the monotonic clock (or a little later). */
  after(delayMs: number, callback: () => void): Timer;
}

export const systemClock: WallClock = {
  nowMs: () => performance.now(),
  // Not Date.now(): its whole ms put two processes' mappings of one start instant up to 1 ms
  // apart, and a router's drop at a crashed machine must not be timed before the send it drops.
  epochMs: () => performance.timeOrigin + performance.now(),
  after: (delayMs, callback) => {
    const handle = setTimeout(callback, Math.max(0, delayMs));
    return {
      cancel: () => clearTimeout(handle),
      unref: () => {
        handle.unref();
      },
    };
  },
};

/** The monotonic time at which the wall clock will read `epochMs`. */
export function monotonicAt(clock: WallClock, epochMs: number): number {
  return clock.nowMs() + (epochMs - clock.epochMs());
}

/** Calls `callback` every `periodMs` until cancelled (each call arms the next). */
export function every(clock: WallClock, periodMs: number, callback: () => void): Timer {
  let cancelled = false;
  let unref = false;
  let pending: Timer;
  const arm = () => {
    pending = clock.after(periodMs, () => {
      if (cancelled) return;
      arm();
      callback();
    });
    if (unref) pending.unref();
  };
  arm();
  return {
    cancel: () => {
      cancelled = true;
      pending.cancel();
    },
    unref: () => {
      unref = true;
      pending.unref();
    },
  };
}
