/**
 * Ticks on a wall clock with absolute deadlines: tick k is due at start + floor(k / rate) µs, the
 * virtual run's integer tick time (core/tick-schedule.ts), never a sum of float periods and never
 * a sleep after the work, so work and timer jitter do not accumulate into drift. A late tick runs
 * at once and its lateness is recorded.
 */
import { TickSchedule } from '../../core/tick-schedule.js';
import type { Lateness } from './lateness.js';
import type { Timer, WallClock } from './wall-clock.js';

export type { Lateness } from './lateness.js';

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

/** A `rate` fault of this machine: from `atUs` on, tick k of its new grid is at atUs + floor(k·10^9 / R) µs. */
export interface RateStep {
  readonly atUs: number;
  readonly rateMilliHz: number;
}

export interface TickTimerOptions {
  readonly clock: WallClock;
  /** The common start, in the clock's monotonic ms: tick k is due k / rate after it. */
  readonly startMs: number;
  readonly rateMilliHz: number;
  /** Ticks are made up to this long after the start (the same count as a virtual run's). */
  readonly durationUs: number;
  /** `dueUs`: when the tick was due, in µs after the start. */
  readonly onTick: (tick: number, nowMs: number, dueUs: number) => void;
  /**
   * The machine's rate steps in time order (faults of kind `rate`): the old grid's ticks at or
   * after a step never come, as in virtual time (docs/FAULTS.md). Absent: one grid all run.
   */
  readonly rateSteps?: readonly RateStep[];
  /** A restarted machine's first tick is its grid's first strictly after this time (µs). */
  readonly firstAfterUs?: number;
}

export class TickTimer {
  readonly #clock: WallClock;
  readonly #startMs: number;
  /** When each tick is due, in µs after the grid's origin: exactly a virtual run's tick times. */
  #schedule: TickSchedule;
  /** Where the current grid starts (µs after the start): 0, or the last rate step's time. */
  #originUs = 0;
  readonly #rateSteps: readonly RateStep[];
  #nextStep = 0;
  /** No tick is due after this (µs after the start): the run's duration. */
  readonly #durationUs: number;
  readonly #onTick: (tick: number, nowMs: number, dueUs: number) => void;
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
    this.#rateSteps = options.rateSteps ?? [];
    this.#durationUs = options.durationUs;
    this.#applyRateSteps();
    const firstAfterUs = options.firstAfterUs ?? -1;
    while (this.#nextDueUs() <= firstAfterUs) this.#advanceGrid();
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

  /** The next tick's time in µs after the start. */
  #nextDueUs(): number {
    return this.#originUs + this.#schedule.timeUs;
  }

  /** Deadline of the next tick, in the clock's monotonic ms. */
  #nextDeadlineMs(): number {
    return this.#startMs + this.#nextDueUs() / 1000;
  }

  #advanceGrid(): void {
    this.#schedule.advance();
    this.#applyRateSteps();
  }

  /** A rate step at or before the next tick starts a new grid there (that tick never comes). */
  #applyRateSteps(): void {
    for (;;) {
      const step = this.#rateSteps[this.#nextStep];
      if (step === undefined || step.atUs > this.#nextDueUs()) return;
      this.#nextStep += 1;
      this.#originUs = step.atUs;
      this.#schedule = new TickSchedule(step.rateMilliHz);
      this.#schedule.advance();
    }
  }

  #arm(): void {
    if (this.#stopped) return;
    // The same count as a virtual run's (ticksWithin): every tick due up to the duration.
    if (this.#nextDueUs() > this.#durationUs) {
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
    const dueUs = this.#nextDueUs();
    this.#advanceGrid();
    this.#onTick(this.#ticks, nowMs, dueUs);
    this.#arm();
  }
}
