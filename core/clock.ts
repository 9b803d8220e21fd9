/**
 * Lamport's clock rules as pure functions of numbers. `machine.ts` is their only caller in the
 * model; the checker (a later concern) recomputes them from logs to verify a run.
 */
import { assert, assertNever } from './assert.js';

/** Internal events and sends: the clock advances by exactly one. */
export function clockAfterLocalEvent(clock: number): number {
  assert(Number.isSafeInteger(clock) && clock >= 0, 'clock must be a natural number');
  return clock + 1;
}

/** Receives: the clock jumps past both its own value and the message's, by exactly one. */
export function clockAfterReceive(clock: number, messageClock: number): number {
  assert(Number.isSafeInteger(clock) && clock >= 0, 'clock must be a natural number');
  assert(
    Number.isSafeInteger(messageClock) && messageClock >= 1,
    'a message clock is at least 1 (its send incremented it)',
  );
  return Math.max(clock, messageClock) + 1;
}

/**
 * The largest clock a `set` may carry, and where an `add` lie and a lease restart stop: far
 * below 2^53, so a clock still rises one per event for 2^52 events before it leaves the safe
 * integers. Without the stop, lies compound (each `add` starts from a clock an earlier lie
 * raised) and leases add up: a second `add` of 2^52, or a lease of 2^52 after a `set` of 2^52,
 * passed 2^53 and the run ended in an internal error.
 */
export const lieClockMax = 2 ** 52;

/**
 * What a machine restarted after a crash takes as its clock (issue 18): the clock it had saved
 * (`persisted`), nothing (`reset`), or a bound saved every `every` increments (`lease`), which
 * it must assume it may have reached, so it starts one whole lease past the last saved one.
 */
export type RestartRule =
  | { readonly kind: 'persisted' }
  | { readonly kind: 'reset' }
  | { readonly kind: 'lease'; readonly every: number };

/**
 * The clock of a restarted machine whose last event before the crash had `clock`:
 * persisted → clock; reset → 0; lease K → (floor(clock / K) + 1) · K, so never below the
 * clock (a lease restart, like a persisted one, never makes the clock go down). A lease past
 * `lieClockMax` stops there, or at the clock if that is higher: a lease of 2^52 after a lie of
 * 2^52 gave 2^53, where a double no longer tells c from c + 1.
 */
export function clockAfterRestart(clock: number, rule: RestartRule): number {
  assert(Number.isSafeInteger(clock) && clock >= 0, 'clock must be a natural number');
  switch (rule.kind) {
    case 'persisted':
      return clock;
    case 'reset':
      return 0;
    case 'lease': {
      assert(Number.isSafeInteger(rule.every) && rule.every >= 1, 'a lease is a whole number >= 1');
      const after = (Math.floor(clock / rule.every) + 1) * rule.every;
      return after <= lieClockMax ? after : Math.max(clock, lieClockMax);
    }
    default:
      return assertNever(rule, 'restart rule');
  }
}

/** How a lying sender alters the clock its copies carry (corrupt-clock, issue 18). */
export type ClockLie =
  | { readonly kind: 'add'; readonly by: number }
  | { readonly kind: 'set'; readonly to: number }
  | { readonly kind: 'sub'; readonly by: number };

/**
 * The clock a send's copies carry when its sender lies about `clock` (the true clock after
 * the send). add: clock + K, but at most max(clock, 2^52) (`lieClockMax`), `clamped` when it
 * stopped there; set: V; sub: max(1, clock − K), `clamped` when clock − K < 1 — a message clock
 * is never below 1 (its send incremented it), so the lie cannot go lower.
 */
export function carriedClock(
  clock: number,
  lie: ClockLie,
): { readonly carried: number; readonly clamped: boolean } {
  assert(Number.isSafeInteger(clock) && clock >= 1, 'a sent clock is at least 1');
  switch (lie.kind) {
    case 'add': {
      assert(Number.isSafeInteger(lie.by) && lie.by >= 1, 'an add lie is a whole number >= 1');
      const carried = clock + lie.by;
      if (carried <= lieClockMax) return { carried, clamped: false };
      return { carried: Math.max(clock, lieClockMax), clamped: true };
    }
    case 'set':
      assert(
        Number.isSafeInteger(lie.to) && lie.to >= 1 && lie.to <= lieClockMax,
        'a set lie is a whole number in 1..2^52',
      );
      return { carried: lie.to, clamped: false };
    case 'sub': {
      const lowered = clock - lie.by;
      return lowered < 1 ? { carried: 1, clamped: true } : { carried: lowered, clamped: false };
    }
    default:
      return assertNever(lie, 'clock lie');
  }
}
