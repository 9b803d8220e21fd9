/**
 * One parsed row of a machine log, as the checker sees it. Times are integer µs (the log's
 * `time_ms` has at most 3 decimals), so comparisons are exact.
 */
import type { RowKind } from '../../core/index.js';

export interface LogRowBase {
  readonly machine: number;
  readonly seq: number;
  readonly timeUs: number;
  readonly clock: number;
  readonly queueLength: number;
  /** The log file's name and the row's line in it, for messages (formatted only when needed). */
  readonly file: string;
  readonly line: number;
}

export type ParsedLogRow =
  | (LogRowBase & { readonly kind: 'internal' })
  /** A machine restarted after a crash (a fault): its clock is the one it restarts with. */
  | (LogRowBase & { readonly kind: 'restart' })
  | (LogRowBase & {
      readonly kind: 'send';
      readonly receiverIds: readonly number[];
      readonly msgSender: number;
      readonly msgSeq: number;
      readonly msgClock: number;
    })
  | (LogRowBase & {
      readonly kind: 'receive';
      readonly peer: number;
      readonly msgSender: number;
      readonly msgSeq: number;
      readonly msgClock: number;
    });

export type ParsedKind = RowKind;

/** Where a violation is: a log row, or a free description (a file, the manifest). */
export type Located = string | { readonly file: string; readonly line: number };

export function formatLocated(at: Located): string {
  return typeof at === 'string' ? at : `${at.file}:${at.line}`;
}
