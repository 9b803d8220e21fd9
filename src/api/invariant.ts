/** A user's own invariant over a run's events and their causal structure. */
import { happenedBefore, type WalkedEvent, walkInCausalOrder } from './causal-walk.js';
import type { RunSource } from './check.js';
import type { RunEvent } from './events.js';
import { isEventList, readingRunSource, runEventsOf } from './run-source.js';
import type { RunSourceError } from './run-source-error.js';

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

/** The first event that broke an invariant, with its causal place in the run. */
export interface InvariantViolation {
  /** The event, as the source holds it. */
  readonly event: RunEvent;
  /** What the invariant returned, or `the invariant returned false`. */
  readonly message: string;
  /** The event's vector clock (see {@link CausalContext.vectorClock}). */
  readonly vectorClock: readonly number[];
  /** Events that happened before it, the most recently fed first, at most 20. */
  readonly causalPast: readonly RunEvent[];
}

/** The most events a violation's causalPast lists (20, as the docs say): the nearest. */
export const causalPastMax = 20;

/**
 * The first event, in causal order, that breaks the invariant; null when none does.
 *
 * The events are fed in the order `check` reads a run (every send before its receives, each
 * machine's events in their log's order, otherwise earliest time first), each with its
 * {@link CausalContext}. A receive of a message no event sent is fed when nothing else can go
 * and counts as a local event. `source` is a run directory, a SimulateResult or bare events.
 * The violation's `causalPast` holds the events that happened before it, the most recently fed
 * first, at most 20.
 *
 * Holding every event's vector clock, it takes memory of events × machines numbers.
 *
 * A run that cannot be read (a bad path, a malformed event) throws a {@link RunSourceError}.
 *
 * @throws {@link RunSourceError} when the run cannot be read.
 * @example
 * ```ts
 * import { bundledScenario, findViolation, type RunEvent, simulate } from 'lamport-lab';
 *
 * // Lamport's clock condition: a happened before b ⇒ clock(a) < clock(b).
 * const seen: RunEvent[] = [];
 * const violation = findViolation(simulate(bundledScenario('crash-restart-reset')), (b, context) => {
 *   const a = seen.find((earlier) => context.happenedBefore(earlier, b) && earlier.clock >= b.clock);
 *   seen.push(b);
 *   return a === undefined || `machine ${a.machine} seq ${a.seq} (clock ${a.clock}) happened before it`;
 * });
 * console.log(violation?.event, violation?.message, violation?.vectorClock);
 * ```
 */
export function findViolation(
  source: RunSource | readonly RunEvent[],
  invariant: Invariant,
): InvariantViolation | null {
  const events = readingRunSource(source, runEventsOf);
  const machineCount =
    typeof source === 'object' && !isEventList(source) ? source.manifest.machines.length : 1;
  const walked: WalkedEvent[] = [];
  const seen = new Map<RunEvent, WalkedEvent>();
  const lookUp = (event: RunEvent, name: string): WalkedEvent => {
    const found = seen.get(event);
    if (found === undefined) {
      throw new RangeError(
        `happenedBefore: ${name}: expected an event already fed to the invariant, got machine ${event.machine} seq ${event.seq} (${event.kind})`,
      );
    }
    return found;
  };
  const happened = (a: RunEvent, b: RunEvent): boolean =>
    happenedBefore(lookUp(a, 'a').vector, lookUp(b, 'b').vector);
  let violation: InvariantViolation | null = null;
  walkInCausalOrder(events, machineCount, (step) => {
    walked.push(step);
    seen.set(step.event, step);
    const verdict = invariant(step.event, contextOf(step, happened));
    if (verdict === true) return false;
    violation = {
      event: step.event,
      message: verdict === false ? 'the invariant returned false' : verdict,
      vectorClock: Array.from(step.vector),
      causalPast: causalPastOf(walked),
    };
    return true;
  });
  return violation;
}

/** The context of one event; its vector clock copied only when asked for. */
function contextOf(
  step: WalkedEvent,
  happened: (a: RunEvent, b: RunEvent) => boolean,
): CausalContext {
  let vectorClock: readonly number[] | null = null;
  return {
    get vectorClock(): readonly number[] {
      vectorClock ??= Array.from(step.vector);
      return vectorClock;
    },
    height: step.height,
    happenedBefore: happened,
  };
}

/** The events before the last walked one that happened before it, latest first, capped. */
function causalPastOf(walked: readonly WalkedEvent[]): RunEvent[] {
  const last = walked[walked.length - 1] as WalkedEvent;
  const past: RunEvent[] = [];
  for (let at = walked.length - 2; at >= 0 && past.length < causalPastMax; at -= 1) {
    const step = walked[at] as WalkedEvent;
    if (happenedBefore(step.vector, last.vector)) past.push(step.event);
  }
  return past;
}
