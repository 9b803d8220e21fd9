/**
 * A WallClock whose time moves only when a test says so. `advanceBy` moves time timer by timer,
 * each firing at its own due time (an idle event loop); `jumpBy` moves time first and then fires
 * everything due, late (a busy event loop, or a process that was not scheduled).
 */
import type { Timer, WallClock } from '../../transports/tcp/wall-clock.js';

interface Pending {
  readonly dueMs: number;
  readonly order: number;
  readonly callback: () => void;
  cancelled: boolean;
}

export class FakeClock implements WallClock {
  #nowMs: number;
  readonly #epochOffsetMs: number;
  #pending: Pending[] = [];
  #order = 0;

  constructor(options: { startMs?: number; epochMs?: number } = {}) {
    this.#nowMs = options.startMs ?? 1000;
    this.#epochOffsetMs = (options.epochMs ?? 1_700_000_000_000) - this.#nowMs;
  }

  nowMs(): number {
    return this.#nowMs;
  }

  epochMs(): number {
    return this.#nowMs + this.#epochOffsetMs;
  }

  after(delayMs: number, callback: () => void): Timer {
    const pending: Pending = {
      dueMs: this.#nowMs + Math.max(0, delayMs),
      order: this.#order,
      callback,
      cancelled: false,
    };
    this.#order += 1;
    this.#pending.push(pending);
    return {
      cancel: () => {
        pending.cancelled = true;
      },
      unref: () => {},
    };
  }

  /** Timers armed and not yet fired or cancelled. */
  get pendingCount(): number {
    return this.#pending.filter((pending) => !pending.cancelled).length;
  }

  /** Moves time to each due timer in turn and fires it, up to `ms` from now. */
  advanceBy(ms: number): void {
    this.advanceTo(this.#nowMs + ms);
  }

  /** advanceBy up to the monotonic time `endMs` exactly (no sum of steps to round). */
  advanceTo(endMs: number): void {
    for (;;) {
      const next = this.#nextDue(endMs);
      if (next === null) break;
      this.#nowMs = Math.max(this.#nowMs, next.dueMs);
      this.#fire(next);
    }
    this.#nowMs = Math.max(this.#nowMs, endMs);
  }

  /** Moves time by `ms` at once, then fires every timer now due (late), in due order. */
  jumpBy(ms: number): void {
    this.#nowMs += ms;
    for (;;) {
      const next = this.#nextDue(this.#nowMs);
      if (next === null) break;
      this.#fire(next);
    }
  }

  #nextDue(byMs: number): Pending | null {
    let next: Pending | null = null;
    for (const pending of this.#pending) {
      if (pending.cancelled || pending.dueMs > byMs) continue;
      if (
        next === null ||
        pending.dueMs < next.dueMs ||
        (pending.dueMs === next.dueMs && pending.order < next.order)
      )
        next = pending;
    }
    return next;
  }

  #fire(pending: Pending): void {
    pending.cancelled = true;
    this.#pending = this.#pending.filter((other) => !other.cancelled);
    pending.callback();
  }
}
