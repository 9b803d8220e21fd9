/**
 * Coverage of an exploration: how often each fault kind fired and each notable situation was
 * reached, over the runs counted (0 up to the counterexample, or every run). Summed from the
 * runs' verdicts in index order, with every key present (0 when never) in a fixed order, so
 * explore.json's bytes are a function of the runs alone, whichever worker did which.
 */
import type { FaultKind } from '../../transports/fault-config.js';
import { assert } from '../../core/index.js';
import type { TrialVerdict } from './evaluate-trial.js';
import type { SituationId } from './situations.js';

export interface ExploreCoverage {
  readonly runs: number;
  readonly events: number;
  /** Fault actions (faults.csv rows) of each kind, summed over the runs. */
  readonly faultsFired: Readonly<Record<string, number>>;
  /** Runs in which the kind fired at least once. */
  readonly runsWithFault: Readonly<Record<string, number>>;
  /** Runs that reached each situation. */
  readonly situations: Readonly<Record<string, number>>;
}

/** Adds verdicts one at a time (a long --time run need not keep them all). */
export class CoverageTally {
  readonly #faultKinds: readonly FaultKind[];
  readonly #situationIds: readonly SituationId[];
  #runs = 0;
  #events = 0;
  readonly #fired = new Map<string, number>();
  readonly #runsWithFault = new Map<string, number>();
  readonly #situations = new Map<string, number>();

  constructor(faultKinds: readonly FaultKind[], situationIds: readonly SituationId[]) {
    this.#faultKinds = faultKinds;
    this.#situationIds = situationIds;
  }

  get runs(): number {
    return this.#runs;
  }

  get events(): number {
    return this.#events;
  }

  add(verdict: TrialVerdict): void {
    this.#runs += 1;
    this.#events += verdict.events;
    for (const [kind, count] of Object.entries(verdict.fired)) {
      // A kind the settings left out cannot fire: its scenario has no such fault.
      assert(this.#faultKinds.includes(kind as FaultKind), `run ${verdict.index}: ${kind} fired`);
      if (count === undefined || count === 0) continue;
      this.#fired.set(kind, (this.#fired.get(kind) ?? 0) + count);
      this.#runsWithFault.set(kind, (this.#runsWithFault.get(kind) ?? 0) + 1);
    }
    // A situation counts once per run, however often the run reached it.
    for (const situation of new Set(verdict.situations)) {
      this.#situations.set(situation, (this.#situations.get(situation) ?? 0) + 1);
    }
  }

  coverage(): ExploreCoverage {
    return {
      runs: this.#runs,
      events: this.#events,
      faultsFired: countsOf(this.#faultKinds, this.#fired),
      runsWithFault: countsOf(this.#faultKinds, this.#runsWithFault),
      situations: countsOf(this.#situationIds, this.#situations),
    };
  }
}

/** Every key, in the given order, with its count or 0. */
function countsOf(
  keys: readonly string[],
  counts: ReadonlyMap<string, number>,
): Record<string, number> {
  const result: Record<string, number> = {};
  for (const key of keys) result[key] = counts.get(key) ?? 0;
  return result;
}
