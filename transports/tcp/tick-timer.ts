/**
 * Ticks on a wall clock with absolute deadlines: tick k is due at start + floor(k / rate) µs, the
 * virtual run's integer tick time (core/tick-schedule.ts), never a sum of float periods and never
 * a sleep after the work, so work and timer jitter do not accumulate into drift. A late tick runs
 * at once and its lateness is recorded.
 */
import { TickSchedule, ticksWithin } from '../../core/tick-schedule.js';
import type { Timer, WallClock } from './wall-clock.js';

export interface Lateness {
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  /** Ticks that ran more than `lateThresholdMs` after their deadline. */
  readonly lateTicks: number;
}

export const lateThresholdMs = 5;

/**
 * Percentiles of how late each tick ran (ms after its deadline). Also used for a killed machine,
 * whose lateness only its log rows can tell (row k's time against k / rate).
 */
export function summarizeLateness(latenessMs: ArrayLike<number>): Lateness {
  const sorted = Float64Array.from(latenessMs).sort();
  const at = (fraction: number): number =>
    sorted.length === 0
      ? 0
      : (sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] as number);
  return {
    p50Ms: at(0.5),
    p99Ms: at(0.99),
    maxMs: sorted.length === 0 ? 0 : (sorted[sorted.length - 1] as number),
    lateTicks: sorted.filter((value) => value > lateThresholdMs).length,
  };
}

export interface TickTimerOptions {
  readonly clock: WallClock;
  /** The common start, in the clock's monotonic ms: tick k is due k / rate after it. */
  readonly startMs: number;
  readonly rateMilliHz: number;
  /** Ticks are made up to this long after the start (the same count as a virtual run's). */
  readonly durationUs: number;
  readonly onTick: (tick: number, nowMs: number) => void;
}

export class TickTimer {
  readonly #clock: WallClock;
  readonly #startMs: number;
  /** When each tick is due, in µs after the start: exactly a virtual run's tick times. */
  readonly #schedule: TickSchedule;
  readonly #tickCountMax: number;
  readonly #onTick: (tick: number, nowMs: number) => void;
  #latenessMs: number[] = [];
  #ticks = 0;
  #lastTickMs = 0;
  #timer: Timer | null = null;
  #stopped = false;
  #resolveDone: () => void = () => {};
  readonly done: Promise<void>;

  constructor(options: TickTimerOptions) {
    this.#clock = options.clock;
    this.#startMs = options.startMs;
    this.#schedule = new TickSchedule(options.rateMilliHz);
    this.#schedule.advance();
    this.#tickCountMax = ticksWithin(options.rateMilliHz, options.durationUs);
    this.#onTick = options.onTick;
    this.done = new Promise((resolve) => {
      this.#resolveDone = resolve;
    });
    this.#arm();
  }

  get ticks(): number {
    return this.#ticks;
  }

  /**
   * Ticks per second actually achieved: ticks made over the time from the start to when the
   * last one really ran (lateness included), so a ticker that falls behind shows it.
   */
  achievedRateHz(): number {
    const spanMs = this.#lastTickMs - this.#startMs;
    return spanMs > 0 ? (this.#ticks * 1000) / spanMs : 0;
  }

  /** Stops before the next tick; `done` resolves. */
  stop(): void {
    this.#stopped = true;
    this.#timer?.cancel();
    this.#timer = null;
    this.#resolveDone();
  }

  lateness(): Lateness {
    return summarizeLateness(this.#latenessMs);
  }

  /** Deadline of the next tick, in the clock's monotonic ms. */
  #nextDeadlineMs(): number {
    return this.#startMs + this.#schedule.timeUs / 1000;
  }

  #arm(): void {
    if (this.#stopped) return;
    if (this.#ticks >= this.#tickCountMax) {
      this.stop();
      return;
    }
    const delayMs = this.#nextDeadlineMs() - this.#clock.nowMs();
    this.#timer = this.#clock.after(Math.max(0, delayMs), () => this.#fire());
  }

  #fire(): void {
    this.#timer = null;
    if (this.#stopped) return;
    const nowMs = this.#clock.nowMs();
    const deadlineMs = this.#nextDeadlineMs();
    if (nowMs < deadlineMs) {
      // Timers may fire a little early; wait for the real deadline rather than tick early.
      this.#timer = this.#clock.after(deadlineMs - nowMs, () => this.#fire());
      return;
    }
    this.#latenessMs.push(nowMs - deadlineMs);
    this.#ticks += 1;
    this.#lastTickMs = nowMs;
    this.#schedule.advance();
    this.#onTick(this.#ticks, nowMs);
    this.#arm();
  }
}
