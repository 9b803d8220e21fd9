/**
 * Ticks on a wall clock with absolute deadlines: tick k is due at start + k / rate, computed from
 * k (never by adding periods, never by sleeping after the work), so work and timer jitter do not
 * accumulate into drift. A late tick runs at once and its lateness is recorded.
 */
import { assert } from '../../core/index.js';
import type { WallClock } from './wall-clock.js';

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

export class TickTimer {
  readonly #clock: WallClock;
  readonly #startMs: number;
  readonly #periodMs: number;
  readonly #tickCountMax: number;
  readonly #onTick: (tick: number, nowMs: number) => void;
  #latenessMs: number[] = [];
  #ticks = 0;
  #lastTickMs = 0;
  #timer: NodeJS.Timeout | null = null;
  #stopped = false;
  #resolveDone: () => void = () => {};
  readonly done: Promise<void>;

  constructor(options: {
    clock: WallClock;
    startMs: number;
    rateHz: number;
    tickCountMax: number;
    onTick: (tick: number, nowMs: number) => void;
  }) {
    assert(options.rateHz > 0, 'rate must be positive');
    this.#clock = options.clock;
    this.#startMs = options.startMs;
    this.#periodMs = 1000 / options.rateHz;
    this.#tickCountMax = options.tickCountMax;
    this.#onTick = options.onTick;
    this.done = new Promise((resolve) => {
      this.#resolveDone = resolve;
    });
    this.#schedule();
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
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    this.#resolveDone();
  }

  lateness(): Lateness {
    return summarizeLateness(this.#latenessMs);
  }

  /** Deadline of tick k (1-based), in the clock's monotonic ms. */
  deadlineMs(tick: number): number {
    return this.#startMs + tick * this.#periodMs;
  }

  #schedule(): void {
    if (this.#stopped) return;
    if (this.#ticks >= this.#tickCountMax) {
      this.stop();
      return;
    }
    const delayMs = this.deadlineMs(this.#ticks + 1) - this.#clock.nowMs();
    this.#timer = setTimeout(() => this.#fire(), Math.max(0, delayMs));
  }

  #fire(): void {
    this.#timer = null;
    if (this.#stopped) return;
    const tick = this.#ticks + 1;
    const nowMs = this.#clock.nowMs();
    const deadlineMs = this.deadlineMs(tick);
    if (nowMs < deadlineMs) {
      // Timers may fire a little early; wait for the real deadline rather than tick early.
      this.#timer = setTimeout(() => this.#fire(), deadlineMs - nowMs);
      return;
    }
    this.#latenessMs.push(nowMs - deadlineMs);
    this.#ticks = tick;
    this.#lastTickMs = nowMs;
    this.#onTick(tick, nowMs);
    this.#schedule();
  }
}
