/**
 * What an injected fault is expected to break (issue 18): listed by `check` apart from the
 * violations, each with the fault that caused it, and not a failure unless `--strict`. One entry
 * per (effect, fault): the first place it shows, and how many events it reached.
 */
import type { FaultKind } from '../../transports/fault-config.js';
import type { RuleId } from './rules.js';

/** Names of the expected breaks: stable, listed in `check --help`. */
export const consequenceEffects = {
  clockReset: 'a reset restart sets the clock back to 0: it goes down',
  clockCorrupted:
    "corrupt-clock: a send's msg_clock is not its logical_clock (TCP: the router rewrote the clock a copy carries, so the receive's msg_clock is not the send's)",
  clockInflated:
    'clocks pushed above the longest causal chain (corrupt-clock, a lease restart): the clock condition L(e) = chain length breaks',
  clockDeflated:
    'clocks pushed below the longest causal chain (a reset restart, a lower corrupt-clock; a persisted or lease restart leaves the clocks after it one below)',
  fifoBroken:
    'a delayed or duplicated copy overtaken on a channel FIFO only by its constant latency or TCP (no fifo option)',
} as const;

export type ConsequenceEffect = keyof typeof consequenceEffects;

/** The fault behind a consequence, as `faults.csv` and the fault list name it. */
export interface ConsequenceCause {
  readonly kind: FaultKind;
  /** Its index in the manifest's fault list (scenario.faults). */
  readonly faultIndex: number;
  /** The machine it concerns; -1 for a link fault. */
  readonly machine: number;
  readonly timeMs: number;
  /** The faults.csv line of the action behind it (e.g. the restart row); 0 when none. */
  readonly faultsLine: number;
}

export interface Consequence {
  readonly effect: ConsequenceEffect;
  /** The rule that would otherwise report it. */
  readonly rule: RuleId;
  /** The first place it shows (file:line). */
  readonly where: string;
  readonly message: string;
  /** How many events (or sends, or receives) it reached. */
  readonly count: number;
  readonly cause: ConsequenceCause;
}
