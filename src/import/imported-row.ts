/**
 * An event placed in the run: machine ids 0..N-1, seq 1, 2, 3 ... in the order its machine
 * logged it, time in µs since the earliest timestamp of all the files.
 */
import type { EventKind, SourceLine } from './source-event.js';

export interface ImportedRow {
  readonly source: SourceLine;
  readonly machine: number;
  readonly seq: number;
  readonly timeUs: number;
  readonly kind: EventKind;
  readonly clock: number;
  /** The clock of the machine's row before (0 before its first). */
  readonly previousClock: number;
  readonly queue: number | null;
  /** A send's receivers (ids), every other machine, or not stated. */
  readonly receivers: readonly number[] | 'all' | null;
  /** A receive's sender as the log names it (an id), or null. */
  readonly sender: number | null;
  readonly msgClock: number | null;
  readonly msgId: string | null;
}
