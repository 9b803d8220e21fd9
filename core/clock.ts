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
 * clock (a lease restart, like a persisted one, never makes the clock go down).
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
      assert(Number.isSafeInteger(after), 'a lease restart must stay a safe integer');
      return after;
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

/** The largest clock a `set` may carry: far below 2^53, so receivers can still add to it. */
export const lieClockMax = 2 ** 52;

/**
 * The clock a send's copies carry when its sender lies about `clock` (the true clock after
 * the send). add: clock + K; set: V; sub: max(1, clock − K), `clamped` when clock − K < 1 —
 * a message clock is never below 1 (its send incremented it), so the lie cannot go lower.
 */
export function carriedClock(
  clock: number,
  lie: ClockLie,
): { readonly carried: number; readonly clamped: boolean } {
  assert(Number.isSafeInteger(clock) && clock >= 1, 'a sent clock is at least 1');
  switch (lie.kind) {
    case 'add': {
      const carried = clock + lie.by;
      assert(Number.isSafeInteger(carried), 'an added lie must stay a safe integer');
      return { carried, clamped: false };
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
