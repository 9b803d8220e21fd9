import { assert } from '../assert.js';

/**
 * Above this many values (1 MB of counts) the counts are kept in pages by value instead of a
 * ring. The ring needs a slot for every value between the lowest counted one and the highest:
 * one corrupt-clock `set` to 2^52 asked for a 2^53-slot array (a RangeError, and `run` stopped
 * half-written), and explore's trials, whose lies are large and whose runs are short, allocated
 * rings of megabytes to count a few hundred events.
 */
export const clockCountsRingLengthMax = 1 << 18;

/**
 * Values per page past the ring: 4 KB of counts. Pages, not a Map entry per value: a Map of
 * values cost about 150 bytes per value, and the values it holds grow with the run whenever low
 * cannot move (a machine that crashed for good keeps the lowest latest clock; after a 2^52 lie the
 * span is so large that no value ever fails to fit), so `check` of a 2M-event run with one such
 * lie, or one such crash, took 100 to 300 MB more than without. A page costs 4 bytes per value,
 * as the ring did, and only the pages that hold a value exist, so a lie's gap costs nothing.
 */
const pageValues = 1024;

/**
 * Events per Lamport clock value, for the values that can still be repeated: those in
 * [low, low + span). A machine's clock only rises, so no later event has a value at or below every
 * machine's latest one, and `makeRoom` drops those counts when a value falls outside the span.
 *
 * When `low` moves is part of the figures: a machine whose clock went back (a `reset` restart)
 * is counted again only at values at or above `low` (CausalityTracker). So the span grows the
 * same way in both storages (doubling until the new value fits in half of it), and the pages
 * only change where the counts are kept, never which are kept.
 */
export class ClockCounts {
  /** A power of two; the values counted are [#low, #low + #span). */
  #span: number;
  #low = 0;
  /** The counts by value modulo #span while #span <= #ringLengthMax, else null. */
  #ring: Uint32Array | null;
  /** Once #span is past #ringLengthMax: counts by page (value / pageValues), values not seen 0. */
  #pages: Map<number, Uint32Array> | null = null;
  readonly #ringLengthMax: number;

  /** `ringLengthMax`: where the pages take over (tests make it small to reach them). */
  constructor(spanInitial: number, ringLengthMax = clockCountsRingLengthMax) {
    assert(
      spanInitial >= 1 && (spanInitial & (spanInitial - 1)) === 0,
      'span must be a power of two',
    );
    this.#span = spanInitial;
    this.#ringLengthMax = ringLengthMax;
    this.#ring = spanInitial <= ringLengthMax ? new Uint32Array(spanInitial) : null;
    if (this.#ring === null) this.#pages = new Map();
  }

  /** The lowest value still counted. */
  get low(): number {
    return this.#low;
  }

  /** Whether `value` (at or above `low`) has its count without `makeRoom`. */
  fits(value: number): boolean {
    return value < this.#low + this.#span;
  }

  /** The events counted at `value` so far (which `fits`); then counts one more. */
  countThenAdd(value: number): number {
    const ring = this.#ring;
    if (ring !== null) {
      const slot = value & (this.#span - 1);
      const count = ring[slot] as number;
      ring[slot] = count + 1;
      return count;
    }
    const counts = this.#pageOf(value);
    const slot = value % pageValues;
    const count = counts[slot] as number;
    counts[slot] = count + 1;
    return count;
  }

  /** The page that holds `value`'s count, made when it is the first value counted there. */
  #pageOf(value: number): Uint32Array {
    const pages = this.#pages as Map<number, Uint32Array>;
    const page = Math.floor(value / pageValues);
    let counts = pages.get(page);
    if (counts === undefined) {
      counts = new Uint32Array(pageValues);
      pages.set(page, counts);
    }
    return counts;
  }

  /**
   * Drops the counts below `lowest + 1` (no later event can add to them; `lowest` is every
   * machine's latest clock but the one counting `value`), never past `value`; then doubles the
   * span until `value` fits in half of it.
   */
  makeRoom(lowest: number, value: number): void {
    const lowBefore = this.#low;
    const low = Math.max(lowBefore, Math.min(lowest + 1, value));
    this.#low = low;
    this.#dropBelow(lowBefore, low);
    const needed = value - low + 1;
    if (2 * needed <= this.#span) return;
    const spanBefore = this.#span;
    let span = spanBefore * 2;
    while (span < 2 * needed) span *= 2;
    this.#span = span;
    const ring = this.#ring;
    if (ring === null) return;
    // The values held: [low, low + spanBefore), and none at or above `value` (it did not fit).
    const end = Math.min(low + spanBefore, value);
    const maskBefore = spanBefore - 1;
    if (span <= this.#ringLengthMax) {
      const grown = new Uint32Array(span);
      for (let at = low; at < end; at += 1)
        grown[at & (span - 1)] = ring[at & maskBefore] as number;
      this.#ring = grown;
      return;
    }
    this.#pages = new Map();
    for (let at = low; at < end; at += 1) {
      const count = ring[at & maskBefore] as number;
      if (count > 0) (this.#pageOf(at) as Uint32Array)[at % pageValues] = count;
    }
    this.#ring = null;
  }

  #dropBelow(lowBefore: number, low: number): void {
    if (low === lowBefore) return;
    const ring = this.#ring;
    if (ring === null) {
      // Only whole pages below low go: a value below low is never counted or asked again, and a
      // page, unlike a ring slot, never holds another value, so the rest need not be zeroed.
      const pages = this.#pages as Map<number, Uint32Array>;
      for (const page of pages.keys()) if ((page + 1) * pageValues <= low) pages.delete(page);
      return;
    }
    const mask = this.#span - 1;
    for (let value = lowBefore; value < low && value - lowBefore <= mask; value += 1) {
      ring[value & mask] = 0;
    }
  }
}
