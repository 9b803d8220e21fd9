/**
 * Real time, for the TCP mode only: the one place besides the TCP transport that reads clocks.
 * `nowMs` is monotonic (performance.now); `epochMs` is the wall clock, used only to agree on a
 * common start instant between processes.
 */
import { performance } from 'node:perf_hooks';

export interface WallClock {
  nowMs(): number;
  epochMs(): number;
}

export const systemClock: WallClock = {
  nowMs: () => performance.now(),
  epochMs: () => Date.now(),
};

/** The monotonic time at which the wall clock will read `epochMs`. */
export function monotonicAt(clock: WallClock, epochMs: number): number {
  return clock.nowMs() + (epochMs - clock.epochMs());
}
