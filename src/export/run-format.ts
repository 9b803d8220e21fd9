/**
 * What an export format sees of a run: its rows by kind, and the calls a format answers.
 */
import type { ParsedLogRow } from '../logs/log-row.js';

export type SendRow = Extract<ParsedLogRow, { kind: 'send' }>;
export type ReceiveRow = Extract<ParsedLogRow, { kind: 'receive' }>;
/** An internal event, or a restart row (a fault; issue 18): a point on the machine's line. */
export type InternalRow = Extract<ParsedLogRow, { kind: 'internal' | 'restart' }>;

/**
 * How one output format spells a run. Rows come in causal order, each machine's in its own order.
 * `nextTimeUs` is the time of the same machine's next row (null for its last), so a format can
 * size what it draws without looking ahead itself. `send` returns what a receive of that message
 * needs from its send (a vector clock, a flow id); `receive` gets it back with the index of this
 * copy in the send's receivers (a duplicated copy, a fault, after them: receivers + k).
 */
export interface RunFormat<SendNote> {
  begin(): void;
  internal(row: InternalRow, machineId: number, nextTimeUs: number | null): void;
  /** `extraCopies`: copies a duplicate fault added (0 without faults), received after the rest. */
  send(row: SendRow, machineId: number, nextTimeUs: number | null, extraCopies: number): SendNote;
  receive(
    row: ReceiveRow,
    machineId: number,
    nextTimeUs: number | null,
    sent: SendNote,
    copyIndex: number,
  ): void;
  end(): void;
}
