/**
 * The events Lamport's order ranks before an event (a smaller clock) that did not happen before
 * it: concurrent with it (or, after a reset restart, even after it), though a total order by
 * clock would put them first. This is the price of a scalar clock the viewer shows on a click.
 */
import type { RunView } from './run-view.js';

export interface ConcurrentEarlier {
  readonly count: number;
  /** Sorted; at most `limit` of them (the page draws a sample, the count is exact). */
  readonly indices: Int32Array;
}

/**
 * `past` is the event's causal past (sorted, the event excluded). One pass over the run: a few
 * ms for 1 M events, so it needs no slicing.
 */
export function concurrentEarlier(
  view: RunView,
  event: number,
  past: Int32Array,
  limit = Number.POSITIVE_INFINITY,
): ConcurrentEarlier {
  const clock = view.clock[event] as number;
  const found: number[] = [];
  let count = 0;
  let k = 0;
  for (let i = 0; i < view.eventCount; i += 1) {
    while (k < past.length && (past[k] as number) < i) k += 1;
    if (i === event || (view.clock[i] as number) >= clock) continue;
    if (k < past.length && past[k] === i) continue;
    count += 1;
    if (found.length < limit) found.push(i);
  }
  return { count, indices: Int32Array.from(found) };
}
