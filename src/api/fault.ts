/**
 * The entries of a scenario's `faults` list, one interface per kind, as the scenario file holds
 * them (docs/FAULTS.md). Times are model seconds with at most 6 decimals (µs resolution); every
 * window is `[atSec, untilSec)`; machine ids are 0-based. Written out by hand so that an editor
 * shows each field's meaning; a type test holds them equal to what the validator accepts.
 */

/** Which copies a per-copy fault applies to: by sender, receiver and the time they are sent. */
export interface LinkWindow {
  /** Senders whose copies it applies to (default: every machine). */
  from?: number[] | undefined;
  /** Receivers whose copies it applies to (default: every machine). */
  to?: number[] | undefined;
  /** Start of the window, in model seconds (default 0). */
  atSec?: number | undefined;
  /** End of the window (excluded), in model seconds; absent or null: never closes. */
  untilSec?: number | null | undefined;
}

/** Each copy on a matching link sent in the window is dropped with probability `p`. */
export interface LossFault extends LinkWindow {
  kind: 'loss';
  /** Probability of dropping a copy, 0..1 with at most 6 decimals. */
  p: number;
}

/** Each copy on a matching link sent in the window is delivered twice with probability `p`. */
export interface DuplicateFault extends LinkWindow {
  kind: 'duplicate';
  /** Probability of delivering a copy twice, 0..1 with at most 6 decimals. */
  p: number;
}

/** Each copy on a matching link sent in the window is held longer (held, not lost). */
export interface DelayFault extends LinkWindow {
  kind: 'delay';
  /** Extra latency in ms, >= 0, with at most 3 decimals (µs resolution). */
  extraMs: number;
}

/** Copies sent from one group to another in the window are dropped. */
export interface PartitionFault {
  kind: 'partition';
  /** Lists of machine ids; the machines no group lists are one more group, the last. */
  groups: number[][];
  /** Only copies from an earlier group to a later one are dropped (default false). */
  oneWay?: boolean | undefined;
  /** Start of the partition, in model seconds (required). */
  atSec: number;
  /** When it heals, in model seconds; absent or null: never. */
  untilSec?: number | null | undefined;
}

/** The machine stops at `atSec`: no events, and copies arriving while it is down are dropped. */
export interface CrashFault {
  kind: 'crash';
  /** The machine's id. */
  machine: number;
  /** When it crashes, in model seconds. */
  atSec: number;
  /** What becomes of its queue: `drop` (default) or `keep`. */
  inbox?: 'drop' | 'keep' | undefined;
}

/** How a restarted machine's clock starts: `(floor(c / lease) + 1) · lease` for a lease. */
export type RestartClock = 'persisted' | 'reset' | { lease: number };

/** A crashed machine resumes at `atSec`, with one `restart` event. */
export interface RestartFault {
  kind: 'restart';
  /** The machine's id (it must be down at `atSec`). */
  machine: number;
  /** When it restarts, in model seconds. */
  atSec: number;
  /** Its clock: its last (`persisted`, the default), 0 (`reset`), or `{ lease: K }`, K >= 1. */
  clock?: RestartClock | undefined;
}

/** The machine makes no ticks in the window; at its end the missed ticks run at once. */
export interface PauseFault {
  kind: 'pause';
  /** The machine's id. */
  machine: number;
  /** Start of the pause, in model seconds. */
  atSec: number;
  /** End of the pause, in model seconds. */
  untilSec: number;
}

/** The machine's tick rate steps to `rateHz` from `atSec`. */
export interface RateFault {
  kind: 'rate';
  /** The machine's id. */
  machine: number;
  /** When the rate changes, in model seconds. */
  atSec: number;
  /** The new rate in Hz, > 0 and <= 1 000 000, with at most 3 decimals. */
  rateHz: number;
}

/**
 * The machine's sends in the window carry an altered clock (the log keeps the true one).
 * Exactly one of `add`, `set` and `sub` is given.
 */
export interface CorruptClockFault {
  kind: 'corrupt-clock';
  /** The machine's id. */
  machine: number;
  /** Start of the window, in model seconds (default 0). */
  atSec?: number | undefined;
  /** End of the window (excluded); absent or null: never closes. */
  untilSec?: number | null | undefined;
  /** Only the first `count` sends in the window (default, or null: every one). */
  count?: number | null | undefined;
  /** Carry the clock plus this, at most the larger of 2^52 and the clock (a whole number >= 1). */
  add?: number | undefined;
  /** Carry this clock (a whole number 1..2^52). */
  set?: number | undefined;
  /** Carry the clock minus this, at least 1 (a whole number >= 1). */
  sub?: number | undefined;
}

/** One entry of a scenario's `faults`, told apart by `kind`. */
export type Fault =
  | LossFault
  | DuplicateFault
  | DelayFault
  | PartitionFault
  | CrashFault
  | RestartFault
  | PauseFault
  | RateFault
  | CorruptClockFault;

/** The kinds of fault: `loss`, `duplicate`, `delay`, `partition`, `crash`, ... */
export type FaultKind = Fault['kind'];
