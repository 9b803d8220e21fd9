/**
 * When a machine ticks. Tick k (k = 1, 2, ...) of a machine with rate r is at exactly
 * floor(k / r seconds) in integer microseconds. Rates have millihertz resolution, so with
 * R = r·1000 the time is floor(k·10^9 / R) µs. We step it with an exact integer
 * remainder (like Bresenham's line) instead of summing float periods, so it never drifts
 * and never overflows, however long the run.
 */
import { assert } from './assert.js';

export const microsPerSecondTimesMilli = 1_000_000_000;

/** Rates are given in Hz with up to three decimals; this is the exact integer form. */
export function rateHzToMilliHz(rateHz: number): number {
  const rateMilliHz = Math.round(rateHz * 1000);
  assert(rateMilliHz >= 1, `rate must be at least 0.001 Hz, got ${rateHz}`);
  assert(rateMilliHz / 1000 === rateHz, `rate must have at most 3 decimals, got ${rateHz}`);
  return rateMilliHz;
}

/**
 * How many ticks a machine of `rateMilliHz` makes in a run of `durationUs`: the largest k with
 * floor(k·10^9 / R) <= D, i.e. k·10^9 <= (D + 1)·R - 1. In BigInt: (D + 1)·R passes 2^53 for
 * long runs of fast machines.
 */
export function ticksWithin(rateMilliHz: number, durationUs: number): number {
  const k =
    ((BigInt(durationUs) + 1n) * BigInt(rateMilliHz) - 1n) / BigInt(microsPerSecondTimesMilli);
  return Number(k);
}

/** The time of tick k (k >= 1) of a machine of `rateMilliHz`: floor(k·10^9 / R) µs, exact. */
export function tickTimeUs(rateMilliHz: number, tick: number): number {
  return Number((BigInt(tick) * BigInt(microsPerSecondTimesMilli)) / BigInt(rateMilliHz));
}

export class TickSchedule {
  /** Time of the current tick in µs (0 before the first). */
  timeUs = 0;
  /** Number of the current tick (0 before the first). */
  tickCount = 0;
  readonly #periodWholeUs: number;
  readonly #periodRemainder: number;
  readonly #rateMilliHz: number;
  #remainder = 0;

  constructor(rateMilliHz: number) {
    assert(Number.isSafeInteger(rateMilliHz) && rateMilliHz >= 1, 'rate must be >= 1 mHz');
    this.#rateMilliHz = rateMilliHz;
    this.#periodWholeUs = Math.floor(microsPerSecondTimesMilli / rateMilliHz);
    this.#periodRemainder = microsPerSecondTimesMilli % rateMilliHz;
  }

  /** Moves to the next tick and returns its time in µs. */
  advance(): number {
    this.tickCount += 1;
    this.timeUs += this.#periodWholeUs;
    this.#remainder += this.#periodRemainder;
    if (this.#remainder >= this.#rateMilliHz) {
      this.#remainder -= this.#rateMilliHz;
      this.timeUs += 1;
    }
    return this.timeUs;
  }
}
