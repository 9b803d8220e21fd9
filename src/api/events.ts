/**
 * One event of a run, as plain readonly data: one row of a machine log (machine-N.csv), with
 * time in integer µs and the message named as the log names it.
 */

/** What every event has. */
export interface RunEventBase {
  /** The machine's id, 0..N-1. */
  readonly machine: number;
  /** The machine's event number, 1, 2, 3 ... */
  readonly seq: number;
  /** Model time of the event, in µs since the run started. */
  readonly timeUs: number;
  /** The machine's Lamport clock after the event. */
  readonly clock: number;
  /** The machine's queue length after the event. */
  readonly queueLength: number;
}

/**
 * One event: an internal event, a send (one event for all its copies), a receive, or the
 * restart of a crashed machine (a fault).
 */
export type RunEvent =
  | (RunEventBase & { readonly kind: 'internal' })
  | (RunEventBase & { readonly kind: 'restart' })
  | (RunEventBase & {
      readonly kind: 'send';
      /** The receivers' ids, ascending. */
      readonly to: readonly number[];
      /** `<sender>-<seq>`: the same for every copy. */
      readonly messageId: string;
      /** The clock the copies carry (the sender's clock, unless a fault corrupts it). */
      readonly messageClock: number;
    })
  | (RunEventBase & {
      readonly kind: 'receive';
      /** The sender's id. */
      readonly from: number;
      readonly messageId: string;
      /** The clock the message carried. */
      readonly messageClock: number;
    });
