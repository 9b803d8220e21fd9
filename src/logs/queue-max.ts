/**
 * The most messages ever waiting in a machine's queue, from what the log rows show. A row holds
 * the queue's length after its event, and a receive has just taken one message, so the length
 * just before a take is the row's + 1. Between events the queue only grows (arrivals), so its
 * largest length over the run is the largest of those and the length at the end: it is never
 * below the final queue (the rows alone gave "max 0, final 1").
 */
import type { RowKind } from '../../core/index.js';

/** The queue's length just before an event, from the row's (after the event). */
export function queueLengthBefore(kind: RowKind, queueLength: number): number {
  return kind === 'receive' ? queueLength + 1 : queueLength;
}

/**
 * From a manifest's per-machine figures: `queueLengthMax` is the largest length a receive row
 * shows (after its take), `receives` how many there were, `queuedAtEnd` the final length.
 */
export function mostMessagesWaiting(machine: {
  readonly queueLengthMax: number;
  readonly events: { readonly receive: number };
  readonly queuedAtEnd: number;
}): number {
  const beforeTakes = machine.events.receive > 0 ? machine.queueLengthMax + 1 : 0;
  return Math.max(beforeTakes, machine.queuedAtEnd);
}
