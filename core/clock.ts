/**
 * Lamport's clock rules as pure functions of numbers. `machine.ts` is their only caller in the
 * model; the checker (a later concern) recomputes them from logs to verify a run.
 */
import { assert } from './assert.js';

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
