/**
 * Feeds the rows of every machine log to a consumer in causal order: always the earliest
 * (time, machine id) row among the logs, except that a receive waits until its sender has
 * logged the send. Memory stays at what is in transit, and logs whose clocks disagree a little
 * (real hosts) still come out sends first. If every log waits, the logs describe a receive
 * before its send; the earliest such receive is fed anyway, for the consumer to report.
 */
import type { LogReader } from './log-reader.js';
import type { ParsedLogRow } from './log-row.js';

export interface CausalConsumer {
  /** True for a receive whose send has not been fed yet. */
  mustWait(row: ParsedLogRow): boolean;
  accept(row: ParsedLogRow, machineId: number): void;
}

export function feedInCausalOrder(readers: readonly LogReader[], consumer: CausalConsumer): void {
  const heads: (ParsedLogRow | undefined)[] = readers.map((reader) => reader.next());
  for (;;) {
    let best = -1;
    let bestWaiting = -1;
    for (let id = 0; id < heads.length; id += 1) {
      const head = heads[id];
      if (head === undefined) continue;
      const blocked = consumer.mustWait(head);
      const pool = blocked ? bestWaiting : best;
      const better = pool < 0 || earlier(head, id, heads[pool] as ParsedLogRow, pool);
      if (better && blocked) bestWaiting = id;
      if (better && !blocked) best = id;
    }
    const next = best >= 0 ? best : bestWaiting;
    if (next < 0) return;
    consumer.accept(heads[next] as ParsedLogRow, next);
    heads[next] = (readers[next] as LogReader).next();
  }
}

function earlier(a: ParsedLogRow, aId: number, b: ParsedLogRow, bId: number): boolean {
  return a.timeUs < b.timeUs || (a.timeUs === b.timeUs && aId < bId);
}
