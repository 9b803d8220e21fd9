/**
 * Faults, as a driver takes them (issue 18): the scenario's `faults` list resolved by `src/` into
 * exact integer units (µs, mHz, fractions), every default filled in, and the evidence a driver
 * reports for each fault action it takes (one `faults.csv` row each, written by `src/logs/`).
 *
 * The list keeps the scenario's order: `index` is a fault's position in it, which is how every
 * row of evidence names its cause. Each fault draws only from its own stream (`stream`, named by
 * `src/` from the fault's own content, not its position), so removing or reordering other faults
 * never changes its draws, and the machines' own streams never move.
 */
import type { Fraction, MachineId } from '../core/index.js';

/** `untilUs` of a window that never closes (the scenario left `untilSec` out). */
export const openEndUs = Number.MAX_SAFE_INTEGER;

/** Every window is [atUs, untilUs): a copy sent at untilUs is outside it. */
export interface FaultWindow {
  readonly atUs: number;
  readonly untilUs: number;
}

interface FaultBase {
  /** Position in the scenario's list, 0-based. */
  readonly index: number;
  /** Name of this fault's random stream (see seeded-rng.ts); only loss and duplicate draw. */
  readonly stream: string;
}

/** A per-copy fault's links: copies from a machine in `from` to one in `to` (ascending ids). */
interface LinkFault extends FaultBase, FaultWindow {
  readonly from: readonly MachineId[];
  readonly to: readonly MachineId[];
}

/** A restarted machine's clock: the last event's, 0, or rounded up past a saved bound. */
export type RestartClock =
  | { readonly kind: 'persisted' }
  | { readonly kind: 'reset' }
  | { readonly kind: 'lease'; readonly every: number };

/** What `corrupt-clock` does to the clock a send's copies carry. */
export type ClockChange =
  | { readonly kind: 'add'; readonly by: number }
  | { readonly kind: 'set'; readonly to: number }
  | { readonly kind: 'sub'; readonly by: number };

export type FaultConfig =
  | (LinkFault & { readonly kind: 'loss'; readonly p: Fraction })
  | (LinkFault & { readonly kind: 'duplicate'; readonly p: Fraction })
  | (LinkFault & { readonly kind: 'delay'; readonly extraUs: number })
  | (FaultBase &
      FaultWindow & {
        readonly kind: 'partition';
        /** Every machine in exactly one group; the scenario's unlisted machines are the last. */
        readonly groups: readonly (readonly MachineId[])[];
        /** Only copies from an earlier group to a later one are dropped. */
        readonly oneWay: boolean;
      })
  | (FaultBase & {
      readonly kind: 'crash';
      readonly machine: MachineId;
      readonly atUs: number;
      readonly inbox: 'drop' | 'keep';
    })
  | (FaultBase & {
      readonly kind: 'restart';
      readonly machine: MachineId;
      readonly atUs: number;
      readonly clock: RestartClock;
    })
  | (FaultBase & FaultWindow & { readonly kind: 'pause'; readonly machine: MachineId })
  | (FaultBase & {
      readonly kind: 'rate';
      readonly machine: MachineId;
      readonly atUs: number;
      readonly rateMilliHz: number;
    })
  | (FaultBase &
      FaultWindow & {
        readonly kind: 'corrupt-clock';
        readonly machine: MachineId;
        /** Only the first this-many sends in the window; null: every send in it. */
        readonly countMax: number | null;
        readonly change: ClockChange;
      });

export type FaultKind = FaultConfig['kind'];

/**
 * Every fault kind, in the order the scenario format lists them (docs/FAULTS.md): explore's
 * kinds to draw from, and the order of run's fault flags (one flag per kind, named as it).
 */
export const faultKinds = [
  'loss',
  'duplicate',
  'delay',
  'partition',
  'crash',
  'restart',
  'pause',
  'rate',
  'corrupt-clock',
] as const satisfies readonly FaultKind[];

/** Why a copy was dropped. */
export type DropReason = 'loss' | 'partition' | 'crash';

interface EvidenceBase {
  /** When the action happened, in µs of model time. */
  readonly timeUs: number;
  /** The fault that caused it: its index in the list. */
  readonly faultIndex: number;
}

/** One copy of a message: its receiver (`machine` in faults.csv), its sender (`peer`) and send. */
interface CopyEvidence extends EvidenceBase {
  readonly receiverId: MachineId;
  readonly senderId: MachineId;
  /** The send event's seq: with senderId, the msg_id. */
  readonly sendSeq: number;
}

/**
 * One action a fault took: one row of `faults.csv`, reported by the driver in the order it
 * made them (which is time order). A copy's actions are decided when it is sent (time = the
 * send's), except a drop at a crashed machine (time = its arrival, or the crash for a dropped
 * inbox).
 */
export type FaultEvidence =
  | (EvidenceBase & { readonly action: 'partition-start' | 'partition-heal' })
  | (EvidenceBase & {
      readonly action: 'crash';
      readonly machine: MachineId;
      /** Copies in its queue at the crash (dropped with `inbox: drop`, kept with `keep`). */
      readonly queued: number;
    })
  | (EvidenceBase & {
      readonly action: 'restart';
      readonly machine: MachineId;
      /** Clock of its last event before the crash, and the clock it restarts with. */
      readonly clockBefore: number;
      readonly clockAfter: number;
    })
  | (EvidenceBase & { readonly action: 'pause'; readonly machine: MachineId })
  | (EvidenceBase & {
      readonly action: 'resume';
      readonly machine: MachineId;
      /** Ticks that fell in the pause and run now, at once. */
      readonly missedTicks: number;
    })
  | (EvidenceBase & {
      readonly action: 'rate';
      readonly machine: MachineId;
      readonly fromMilliHz: number;
      readonly toMilliHz: number;
    })
  | (CopyEvidence & { readonly action: 'drop'; readonly reason: DropReason })
  | (CopyEvidence & { readonly action: 'duplicate' })
  | (CopyEvidence & { readonly action: 'delay'; readonly extraUs: number })
  | (CopyEvidence & {
      readonly action: 'corrupt';
      readonly trueClock: number;
      readonly carriedClock: number;
      /** A `sub` that would have gone below 1 carried 1 instead. */
      readonly clamped: boolean;
    });

export type FaultAction = FaultEvidence['action'];

export const faultActions: readonly FaultAction[] = [
  'partition-start',
  'partition-heal',
  'crash',
  'restart',
  'pause',
  'resume',
  'rate',
  'drop',
  'duplicate',
  'delay',
  'corrupt',
];

/** Where a driver reports fault actions (faults.csv, counters, tests). */
export interface FaultRecorder {
  record(evidence: FaultEvidence): void;
}
