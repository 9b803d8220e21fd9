/**
 * How far a corrupted clock pushed the others up: each event's clock beside the clock it would
 * have had if every copy had carried its sender's true clock (a "shadow" clock, replayed with
 * Lamport's rules over the same events in causal order). An event whose clock exceeds its shadow
 * was inflated by the difference: that is what the report says a corrupt-clock fault caused
 * ("inflated 37 events by up to 1000000").
 *
 * Only sends whose carried clock differs from their shadow are remembered (a corrupted send, or
 * one made by an already inflated machine): every other copy carries its shadow already. In a
 * TCP run the router rewrites the clock after the send row was written (msg_clock is the true
 * clock there): the sends faults.csv names in `corrupt` rows are remembered too.
 */
import { clockAfterRestart } from '../../core/index.js';
import type { FaultMark } from '../logs/fault-timeline.js';

/** A restart the replay follows: its machine and its clock rule (`persisted`, `reset`, `lease:K`). */
export interface RestartRule {
  readonly machine: number;
  readonly rule: string;
}

/** The restarts among faults.csv's marks, in time order. */
export function restartRulesOf(marks: readonly FaultMark[]): RestartRule[] {
  const rules: RestartRule[] = [];
  for (const mark of marks) if (mark.kind === 'restart') rules.push(mark);
  return rules;
}

/** What the replay reads of a log row (ParsedLogRow has these fields). */
export interface InflationRow {
  readonly kind: string;
  readonly seq: number;
  readonly clock: number;
  readonly msgSender?: number;
  readonly msgSeq?: number;
  readonly msgClock?: number;
}

export interface InflationFigures {
  /** Events whose clock is above its shadow. */
  readonly events: number;
  /** The largest clock − shadow. */
  readonly maxBy: number;
}

export class ClockInflation {
  readonly #shadow: Float64Array;
  readonly #machineCount: number;
  /** Sends whose copies carried a clock other than their shadow: key seq × machines + sender. */
  readonly #sendShadow = new Map<number, number>();
  /** Each machine's restarts (rule), in time order, for the shadow to follow. */
  readonly #restarts: Map<number, string[]>;
  #events = 0;
  #maxBy = 0;

  /** Sends with a `corrupt` row (key as #sendShadow's): their copies may carry another clock. */
  readonly #corrupted: ReadonlySet<number>;

  /**
   * `restarts`: the run's restarts in time order (faults.csv's marks, or the fault list's).
   * `corruptedSends`: a TCP run's sends that faults.csv says were corrupted (their rows keep the
   * true clock); a virtual run's send rows carry the corrupted clock themselves.
   */
  constructor(
    machineCount: number,
    restarts: readonly RestartRule[],
    corruptedSends: readonly { readonly sender: number; readonly seq: number }[] = [],
  ) {
    this.#machineCount = machineCount;
    this.#corrupted = new Set(corruptedSends.map((send) => send.seq * machineCount + send.sender));
    this.#shadow = new Float64Array(machineCount);
    this.#restarts = new Map();
    for (const restart of restarts) {
      const rules = this.#restarts.get(restart.machine) ?? [];
      rules.push(restart.rule);
      this.#restarts.set(restart.machine, rules);
    }
  }

  accept(row: InflationRow, machineId: number): void {
    const before = this.#shadow[machineId] as number;
    let shadow: number;
    switch (row.kind) {
      case 'receive': {
        const key = (row.msgSeq ?? 0) * this.#machineCount + (row.msgSender ?? 0);
        const carried = this.#sendShadow.get(key) ?? row.msgClock ?? 0;
        shadow = Math.max(before, carried) + 1;
        break;
      }
      case 'restart':
        shadow = this.#restartShadow(machineId, before, row.clock);
        break;
      default:
        shadow = before + 1;
    }
    this.#shadow[machineId] = shadow;
    if (row.kind === 'send') {
      const key = row.seq * this.#machineCount + machineId;
      if (row.msgClock !== shadow || this.#corrupted.has(key)) this.#sendShadow.set(key, shadow);
    }
    const by = row.clock - shadow;
    if (by > 0) {
      this.#events += 1;
      if (by > this.#maxBy) this.#maxBy = by;
    }
  }

  figures(): InflationFigures {
    return { events: this.#events, maxBy: this.#maxBy };
  }

  /** The shadow after a restart, by the same rule the machine's clock followed. */
  #restartShadow(machineId: number, before: number, clock: number): number {
    const rule = this.#restarts.get(machineId)?.shift();
    if (rule === 'persisted') return before;
    if (rule === 'reset') return 0;
    const lease = /^lease:(\d+)$/.exec(rule ?? '');
    if (lease !== null) {
      const every = Number(lease[1]);
      // The machine's own rule, its stop at 2^52 included; a lease no run writes changes nothing.
      const usable = Number.isSafeInteger(every) && every >= 1 && Number.isSafeInteger(before);
      return usable ? clockAfterRestart(before, { kind: 'lease', every }) : before;
    }
    // No record of the rule: the restart's own clock, so nothing after it reads as inflated by it.
    return clock;
  }
}
