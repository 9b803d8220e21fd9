/**
 * An event's causal past or future (happened-before), computed in slices so the page can run it
 * between frames without freezing.
 *
 * The past is closed downwards on each machine: if the k-th event of a machine is in it, so are
 * the machine's earlier events (a machine's events are ordered, restarts included: a restarted
 * machine is the same process, its log goes on). So the past is, per machine, a prefix of its
 * events, held as one number (its bound: the highest index in it), and every event is looked at
 * once: when a receive's send lies above its machine's bound, the bound rises and only the new
 * part of that machine is scanned. The future is the mirror image: per machine a suffix, and a
 * send's receives lower the other machines' bounds. The result is the machines' ranges in
 * order: sorted with no sort. Work is counted in events scanned, so step(budget) is a slice of
 * bounded time whatever the cone's shape.
 *
 * 'direct' is the event's own neighbours only: its machine's previous (past) or next (future)
 * event and its message partners (the send of a receive; the receives of a send).
 *
 * A receive whose send is not in the data (sendOf -1: outside a kept window) adds nothing: the
 * cone is what the data can show.
 */

import type { RunView } from './run-view.js';
import { kindCodes } from './view-data.js';

export type ConeDirection = 'past' | 'future';
export type ConeMode = 'direct' | 'cone';

export class ConeSearch {
  readonly #view: RunView;
  readonly #event: number;
  readonly #direction: ConeDirection;
  readonly #mode: ConeMode;
  /**
   * Past: per machine, the highest index in the cone (start - 1 when none); every event below
   * #scanned[m] has been looked at (scans go upwards). Future: the lowest index in the cone (end
   * when none); every event above #scanned[m] has been looked at (scans go downwards).
   */
  readonly #bound: Int32Array;
  readonly #scanned: Int32Array;
  /** Machines with events in the cone not yet scanned, as a stack, with a flag per machine. */
  readonly #pending: number[] = [];
  readonly #isPending: Uint8Array;
  #result: Int32Array | null = null;

  constructor(view: RunView, event: number, direction: ConeDirection, mode: ConeMode) {
    if (!Number.isInteger(event) || event < 0 || event >= view.eventCount) {
      throw new RangeError(`event ${event}: expected 0..${view.eventCount - 1}`);
    }
    this.#view = view;
    this.#event = event;
    this.#direction = direction;
    this.#mode = mode;
    const machines = view.machineCount;
    this.#bound = new Int32Array(machines);
    this.#scanned = new Int32Array(machines);
    this.#isPending = new Uint8Array(machines);
    const past = direction === 'past';
    for (let m = 0; m < machines; m += 1) {
      const start = view.machineStart[m] as number;
      const end = view.machineStart[m + 1] as number;
      this.#bound[m] = past ? start - 1 : end;
      this.#scanned[m] = past ? start : end - 1;
    }
    // The event itself is in the bound (its send or its receives lead on), not in the result.
    this.#widen(view.machine[event] as number, event);
  }

  /** Takes `index` into the cone on its machine, if it lies beyond the machine's bound. */
  #widen(machine: number, index: number): void {
    const beyond =
      this.#direction === 'past'
        ? index > (this.#bound[machine] as number)
        : index < (this.#bound[machine] as number);
    if (!beyond) return;
    this.#bound[machine] = index;
    if (this.#isPending[machine] === 0) {
      this.#isPending[machine] = 1;
      this.#pending.push(machine);
    }
  }

  /** Does up to about `budget` events' work; true when the search is done. */
  step(budget: number): boolean {
    if (this.#result !== null) return true;
    if (this.#mode === 'direct') {
      this.#result = this.#direct();
      return true;
    }
    let left = Math.max(1, Math.floor(budget));
    while (left > 0 && this.#pending.length > 0) {
      const machine = this.#pending[this.#pending.length - 1] as number;
      const work =
        this.#direction === 'past'
          ? this.#scanPast(machine, left)
          : this.#scanFuture(machine, left);
      left -= work;
      if (this.#scanDone(machine)) {
        // Scanning it may have stacked other machines above it: take it out where it is.
        this.#pending.splice(this.#pending.lastIndexOf(machine), 1);
        this.#isPending[machine] = 0;
      }
    }
    if (this.#pending.length > 0) return false;
    this.#result = this.#collect();
    return true;
  }

  #scanDone(machine: number): boolean {
    return this.#direction === 'past'
      ? (this.#scanned[machine] as number) > (this.#bound[machine] as number)
      : (this.#scanned[machine] as number) < (this.#bound[machine] as number);
  }

  /** Scans the machine upwards through its bound: each receive takes its send into the cone. */
  #scanPast(machine: number, budget: number): number {
    const view = this.#view;
    let work = 0;
    let i = this.#scanned[machine] as number;
    for (; i <= (this.#bound[machine] as number) && work < budget; i += 1, work += 1) {
      if (view.kindCode[i] !== kindCodes.receive) continue;
      const send = view.sendOf[i] as number;
      if (send >= 0) this.#widen(view.machine[send] as number, send);
    }
    this.#scanned[machine] = i;
    return work;
  }

  /** Scans the machine downwards through its bound: each send takes its receives into the cone. */
  #scanFuture(machine: number, budget: number): number {
    const view = this.#view;
    let work = 0;
    let i = this.#scanned[machine] as number;
    for (; i >= (this.#bound[machine] as number) && work < budget; i -= 1, work += 1) {
      if (view.kindCode[i] !== kindCodes.send) continue;
      const count = view.receiveCount(i);
      for (let j = 0; j < count; j += 1) {
        const receive = view.receiveAt(i, j);
        this.#widen(view.machine[receive] as number, receive);
      }
    }
    this.#scanned[machine] = i;
    return work;
  }

  #direct(): Int32Array {
    const view = this.#view;
    const event = this.#event;
    const own = view.machine[event] as number;
    const { start, end } = view.machineRange(own);
    const found: number[] = [];
    if (this.#direction === 'past') {
      if (event > start) found.push(event - 1);
      const send = view.sendOf[event] as number;
      if (send >= 0) found.push(send);
    } else {
      if (event + 1 < end) found.push(event + 1);
      const count = view.receiveCount(event);
      for (let j = 0; j < count; j += 1) found.push(view.receiveAt(event, j));
    }
    return Int32Array.from(new Set(found)).sort();
  }

  #collect(): Int32Array {
    const view = this.#view;
    const past = this.#direction === 'past';
    let size = 0;
    for (let m = 0; m < view.machineCount; m += 1) {
      const bound = this.#bound[m] as number;
      size += past
        ? bound + 1 - (view.machineStart[m] as number)
        : (view.machineStart[m + 1] as number) - bound;
    }
    const result = new Int32Array(size - 1);
    let at = 0;
    for (let m = 0; m < view.machineCount; m += 1) {
      const bound = this.#bound[m] as number;
      const from = past ? (view.machineStart[m] as number) : bound;
      const until = past ? bound + 1 : (view.machineStart[m + 1] as number);
      for (let i = from; i < until; i += 1) if (i !== this.#event) result[at++] = i;
    }
    return result;
  }

  /** The cone, sorted, the event itself excluded; call once step() has returned true. */
  result(): Int32Array {
    if (this.#result === null) throw new Error('ConeSearch.result(): the search is not done');
    return this.#result;
  }
}

/** The whole cone at once (for tests and small runs). */
export function causalCone(
  view: RunView,
  event: number,
  direction: ConeDirection,
  mode: ConeMode,
): Int32Array {
  const search = new ConeSearch(view, event, direction, mode);
  while (!search.step(1 << 20)) {
    // each step does a slice of the work
  }
  return search.result();
}
