/**
 * What the viewer knows about the selected event: its critical chain (at once: one step per
 * clock value), its direct neighbours (at once), and, computed in slices by `step`, its full
 * causal past and future, then what needs the full past: the events Lamport order ranks
 * earlier that are not in it, and its vector clock. The concurrent-earlier set and the vector
 * clock always come from the full past, whichever cone mode the page shows. Pure (no DOM).
 */
import { type ConcurrentEarlier, concurrentEarlier } from '../model/concurrent-earlier.js';
import { ConeSearch, type ConeMode, causalCone } from '../model/cone.js';
import { type ChainStep, criticalChain } from '../model/critical-chain.js';
import type { RunView } from '../model/run-view.js';
import { vectorClockOf } from '../model/vector-clock.js';

/** How many concurrent-earlier indices are kept (the count is exact; the page lists a sample). */
export const concurrentSampleLimit = 100_000;

export class Selection {
  readonly event: number;
  readonly chain: readonly ChainStep[];
  readonly directPast: Int32Array;
  readonly directFuture: Int32Array;
  readonly #view: RunView;
  readonly #pastSearch: ConeSearch;
  readonly #futureSearch: ConeSearch;
  #conePast: Int32Array | null = null;
  #coneFuture: Int32Array | null = null;
  #concurrent: ConcurrentEarlier | null = null;
  #vectorClock: Float64Array | null = null;

  constructor(view: RunView, event: number) {
    this.#view = view;
    this.event = event;
    this.chain = criticalChain(view, event);
    this.directPast = causalCone(view, event, 'past', 'direct');
    this.directFuture = causalCone(view, event, 'future', 'direct');
    this.#pastSearch = new ConeSearch(view, event, 'past', 'cone');
    this.#futureSearch = new ConeSearch(view, event, 'future', 'cone');
  }

  /** About `budget` units of the remaining work; true when everything is known. */
  step(budget: number): boolean {
    if (this.#conePast === null) {
      if (this.#pastSearch.step(budget)) this.#conePast = this.#pastSearch.result();
      return false;
    }
    if (this.#coneFuture === null) {
      if (this.#futureSearch.step(budget)) this.#coneFuture = this.#futureSearch.result();
      return false;
    }
    if (this.#concurrent === null) {
      // One pass over the run (a few ms at 1 M events): not worth slicing further.
      this.#concurrent = concurrentEarlier(
        this.#view,
        this.event,
        this.#conePast,
        concurrentSampleLimit,
      );
      this.#vectorClock = vectorClockOf(this.#view, this.event, this.#conePast);
    }
    return true;
  }

  get done(): boolean {
    return this.#concurrent !== null;
  }

  /** The highlighted past in `mode`, or null while the full cone is still being computed. */
  past(mode: ConeMode): Int32Array | null {
    return mode === 'direct' ? this.directPast : this.#conePast;
  }

  future(mode: ConeMode): Int32Array | null {
    return mode === 'direct' ? this.directFuture : this.#coneFuture;
  }

  get concurrent(): ConcurrentEarlier | null {
    return this.#concurrent;
  }

  get vectorClock(): Float64Array | null {
    return this.#vectorClock;
  }

  /** The chain's event indices, the event first. */
  chainIndices(): number[] {
    return this.chain.map((step) => step.index);
  }
}
