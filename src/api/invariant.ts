/** A user's own invariant over a run's events and their causal structure. */
import type { RunSource } from './check.js';
import type { RunEvent } from './events.js';
import { notBuiltYet } from './not-built.js';

/** What an invariant may ask of an event's causal place in the run. */
export interface CausalContext {
  /** The event's vector clock: per machine, how many of its events happened before or are it. */
  readonly vectorClock: readonly number[];
  /** The length of the longest causal chain ending at the event, in events. */
  readonly height: number;
  /** Whether a happened before b (both already seen). */
  happenedBefore(a: RunEvent, b: RunEvent): boolean;
}

/** True when the event keeps the invariant; false or a message when it breaks it. */
export type Invariant = (event: RunEvent, context: CausalContext) => boolean | string;

export interface InvariantViolation {
  readonly event: RunEvent;
  readonly message: string;
  readonly vectorClock: readonly number[];
  /** Events that happened before it, nearest first (capped). */
  readonly causalPast: readonly RunEvent[];
}

/** The first event, in causal order, that breaks the invariant; null when none does. */
export function findViolation(
  _source: RunSource | readonly RunEvent[],
  _invariant: Invariant,
): InvariantViolation | null {
  return notBuiltYet('findViolation');
}
