/**
 * Per-machine figures read back from a machine log: for runs whose events happened in other
 * processes (TCP mode), where the launcher saw none of them. The same figures the virtual run
 * gathers while it goes (run-stats.ts).
 */
import { assertNever, type EventKind } from '../../core/index.js';
import { LogReader } from './log-reader.js';

export interface LogSummary {
  readonly events: Record<EventKind, number> & { readonly total: number };
  readonly finalClock: number;
  readonly clockJumpMax: number;
  readonly queueLengthMax: number;
  /** Restart rows (a run with faults); `events.total` counts them too. */
  readonly restarts: number;
  readonly lastTimeUs: number;
  /** Message copies sent: a broadcast to k peers counts k. */
  readonly copiesSent: number;
  /** copiesSentTo[id]: the copies sent to machine id (0 or absent for none). */
  readonly copiesSentTo: readonly number[];
  readonly sha256: string;
  readonly bytes: number;
}

export function summarizeMachineLog(path: string): LogSummary {
  const reader = new LogReader(path);
  const events = { internal: 0, send: 0, receive: 0 };
  let clock = 0;
  let clockJumpMax = 0;
  let queueLengthMax = 0;
  let restarts = 0;
  let lastTimeUs = 0;
  let copiesSent = 0;
  const copiesSentTo: number[] = [];
  try {
    for (let row = reader.next(); row !== undefined; row = reader.next()) {
      switch (row.kind) {
        case 'internal':
          events.internal += 1;
          break;
        case 'send':
          events.send += 1;
          copiesSent += row.receiverIds.length;
          for (const id of row.receiverIds) copiesSentTo[id] = (copiesSentTo[id] ?? 0) + 1;
          break;
        case 'receive':
          events.receive += 1;
          clockJumpMax = Math.max(clockJumpMax, row.clock - clock - 1);
          queueLengthMax = Math.max(queueLengthMax, row.queueLength);
          break;
        case 'restart':
          restarts += 1;
          break;
        default:
          assertNever(row, 'row');
      }
      clock = row.clock;
      lastTimeUs = row.timeUs;
    }
  } finally {
    reader.close();
  }
  const total = events.internal + events.send + events.receive + restarts;
  return {
    events: { ...events, total },
    finalClock: clock,
    clockJumpMax,
    queueLengthMax,
    restarts,
    lastTimeUs,
    copiesSent,
    copiesSentTo,
    sha256: reader.sha256(),
    bytes: reader.bytes,
  };
}
