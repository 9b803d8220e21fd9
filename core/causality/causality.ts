/**
 * Causality of a run, streamed event by event: the height of every event (the length of the
 * longest causal chain ending at it) and the statistics that show the price of a scalar clock.
 *
 * Heights come from the structure alone (which receive took which message), never from logged
 * clocks, so comparing a logged Lamport clock with its height is a real check: with the clock
 * starting at 0 and Lamport's rules, L(e) equals height(e) for every event, and that equality
 * implies the clock condition a → b ⇒ L(a) < L(b) for every pair at once.
 *
 * Pair counts use vector clocks: event b has Σ_j V_b[j] - 1 causal predecessors, so the number of
 * ordered (comparable) pairs is exact in one pass. With more than `vectorMachinesMax` machines
 * the vectors keep a fixed, evenly spaced sample of components and the count is scaled up: the
 * result says so (`method: 'sampled'`).
 */
import { assert } from '../assert.js';
import { ClockCounts } from './clock-counts.js';
import { OwnClocks } from './own-clocks.js';
import { SendWindow } from './send-window.js';

export const vectorMachinesMax = 512;

const predecessorSumAt = 0;
const equalClockPairsAt = 1;

export interface CausalityStats {
  readonly events: number;
  readonly longestChain: number;
  /** Pairs of events with a → b or b → a. */
  readonly orderedPairs: number;
  /** Pairs with neither a → b nor b → a. */
  readonly concurrentPairs: number;
  /** Concurrent pairs that Lamport's clock nevertheless puts in order (L(a) != L(b)). */
  readonly lamportOrderedConcurrentPairs: number;
  /** Pairs on different machines with the same Lamport clock (always concurrent). */
  readonly equalClockPairs: number;
  readonly method: 'exact' | 'sampled';
  /** How many machines' vector components were tracked (all, when exact). */
  readonly vectorMachines: number;
}

export class CausalityTracker {
  readonly #machineCount: number;
  /** slotOf[machine] is its vector component, or -1 when it is not sampled. */
  readonly #slotOf: Int32Array;
  readonly #slotCount: number;
  /**
   * Plain arrays, not typed arrays: one is copied into every message sent, and small plain
   * arrays are several times cheaper to allocate than typed arrays in V8.
   */
  readonly #vectors: number[][];
  /**
   * Per machine, the sum of its vector's components, kept as they change: an internal event or a
   * send raises one component, so its predecessor count costs O(1), not a pass over up to
   * `vectorMachinesMax` components (at 10 000 machines that pass was most of a logged run).
   */
  readonly #vectorSums: Float64Array;
  readonly #heights: Float64Array;
  readonly #eventCounts: Float64Array;
  /** Open messages per sender; each payload is [height, vector components...]. */
  readonly #open: SendWindow[];
  #copiesOpen = 0;
  /**
   * Events per Lamport clock value, for the values that can still be repeated (clock-counts.ts).
   * Indexed by value from 0, the array grew with the run (4 bytes per clock value: 256 MB for a
   * long run) even when nothing was in flight.
   */
  readonly #clockCounts: ClockCounts;
  /** Per machine, the clock of its latest event (0 before its first). */
  readonly #lastClocks: Float64Array;
  /**
   * Equal-clock pairs are pairs of two machines (one machine's events are ordered): the counts
   * at a value include the machine's own earlier events there, which are taken off. Without
   * restarts a machine's clock only rises, so it has no earlier event at its clock but the ones
   * right before it: #sameClockRun counts those (more than one only in a broken log). A run that
   * restarts machines (`restarts`) can repeat its own values (a `persisted` restart row keeps
   * the clock; after a `reset` the clock climbs through them again): #ownClocks then keeps each
   * machine's counted values (own-clocks.ts).
   */
  readonly #sameClockRun: Float64Array;
  readonly #ownClocks: OwnClocks[] | null;
  #events = 0;
  #longestChain = 0;
  /**
   * [Σ predecessors, equal-clock pairs]: sums that pass 2^30 early, kept in a typed array
   * because V8 boxes a double held in a field, which cost one allocation per event.
   */
  readonly #sums = new Float64Array(2);
  /**
   * Per machine, the factor that scales the sampled others' sum up to all N-1 others: the same
   * division as ever, made once here instead of at every event.
   */
  readonly #othersScale: Float64Array;

  /** `restarts`: the run restarts machines (see #ownClocks); eight bytes per event more. */
  constructor(machineCount: number, options: { readonly restarts?: boolean } = {}) {
    assert(Number.isSafeInteger(machineCount) && machineCount >= 1, 'need machines');
    this.#machineCount = machineCount;
    this.#slotOf = new Int32Array(machineCount).fill(-1);
    const slotCount = Math.min(machineCount, vectorMachinesMax);
    for (let slot = 0; slot < slotCount; slot += 1) {
      this.#slotOf[Math.floor((slot * machineCount) / slotCount)] = slot;
    }
    this.#slotCount = slotCount;
    this.#vectors = Array.from({ length: machineCount }, () =>
      new Array<number>(slotCount).fill(0),
    );
    this.#vectorSums = new Float64Array(machineCount);
    this.#heights = new Float64Array(machineCount);
    this.#open = Array.from({ length: machineCount }, () => new SendWindow(1 + slotCount));
    this.#eventCounts = new Float64Array(machineCount);
    this.#lastClocks = new Float64Array(machineCount);
    this.#sameClockRun = new Float64Array(machineCount);
    this.#ownClocks =
      options.restarts === true
        ? Array.from({ length: machineCount }, () => new OwnClocks())
        : null;
    let ringLength = 1024;
    // Room for every machine's clock to differ before the first scan of them.
    while (ringLength < 4 * machineCount) ringLength *= 2;
    this.#clockCounts = new ClockCounts(ringLength);
    this.#othersScale = new Float64Array(machineCount);
    for (let id = 0; id < machineCount; id += 1) {
      const othersSampled = slotCount - ((this.#slotOf[id] as number) >= 0 ? 1 : 0);
      this.#othersScale[id] = othersSampled === 0 ? 0 : (machineCount - 1) / othersSampled;
    }
  }

  /** An internal event (or any event that is neither a send nor a receive); returns its height. */
  local(machineId: number, lamport: number): number {
    return this.#event(machineId, lamport, 0);
  }

  /**
   * A send of `copies` copies of message machineId-sendSeq; returns its height. A machine's
   * sends must come in increasing seq (its log order).
   */
  send(machineId: number, lamport: number, sendSeq: number, copies: number): number {
    const seq = sendSeq;
    const height = this.#event(machineId, lamport, 0);
    const window = this.#open[machineId] as SendWindow;
    const offset = window.open(seq, copies);
    const payload = window.payload;
    payload[offset] = height;
    const vector = this.#vectors[machineId] as number[];
    for (let slot = 0; slot < this.#slotCount; slot += 1)
      payload[offset + 1 + slot] = vector[slot] as number;
    this.#copiesOpen += copies;
    return height;
  }

  /** A copy of open message senderId-sendSeq duplicated by the network: one more receive of it. */
  addCopy(senderId: number, sendSeq: number): void {
    (this.#open[senderId] as SendWindow).addCopy(sendSeq);
    this.#copiesOpen += 1;
  }

  /**
   * A copy of open message senderId-sendSeq that will never be received (a fault dropped it):
   * one copy fewer to deliver. Without it, the sender's window stays open behind the first
   * dropped copy for the rest of the run, growing by a slot per later send: its memory, and
   * the copying each doubling makes, then grow with the run.
   */
  dropCopy(senderId: number, sendSeq: number): void {
    (this.#open[senderId] as SendWindow).take(sendSeq);
    this.#copiesOpen -= 1;
  }

  /** Whether message senderId-sendSeq was sent and still has a copy to deliver. */
  isOpen(senderId: number, sendSeq: number): boolean {
    const window = this.#open[senderId];
    return window !== undefined && window.find(sendSeq) >= 0;
  }

  /** A receive of an open message; returns its height. */
  receive(machineId: number, lamport: number, senderId: number, sendSeq: number): number {
    const window = this.#open[senderId] as SendWindow;
    // take() asserts the message is open; its payload is read before anything else is opened.
    const offset = window.take(sendSeq);
    const payload = window.payload;
    const messageHeight = payload[offset] as number;
    const own = this.#vectors[machineId] as number[];
    let raised = 0;
    for (let slot = 0; slot < this.#slotCount; slot += 1) {
      const other = payload[offset + 1 + slot] as number;
      const mine = own[slot] as number;
      if (other > mine) {
        raised += other - mine;
        own[slot] = other;
      }
    }
    this.#vectorSums[machineId] = (this.#vectorSums[machineId] as number) + raised;
    this.#copiesOpen -= 1;
    return this.#event(machineId, lamport, messageHeight);
  }

  /** Copies sent and not yet received. */
  copiesOpen(): number {
    return this.#copiesOpen;
  }

  stats(): CausalityStats {
    const pairs = (this.#events * (this.#events - 1)) / 2;
    const orderedPairs = Math.round(this.#sums[predecessorSumAt] as number);
    const equalClockPairs = this.#sums[equalClockPairsAt] as number;
    const concurrentPairs = pairs - orderedPairs;
    return {
      events: this.#events,
      longestChain: this.#longestChain,
      orderedPairs,
      concurrentPairs,
      // Every equal-clock pair is concurrent while the clock condition holds. A fault that sets
      // a clock back (a reset restart, a lowering corrupt-clock) can make an equal pair ordered,
      // and the difference then undercounts, down to below 0 (explore found it): a lower bound,
      // never negative (docs/CHECK.md).
      lamportOrderedConcurrentPairs: Math.max(0, concurrentPairs - equalClockPairs),
      equalClockPairs,
      method: this.#slotCount === this.#machineCount ? 'exact' : 'sampled',
      vectorMachines: this.#slotCount,
    };
  }

  #event(machineId: number, lamport: number, messageHeight: number): number {
    const ownHeight = this.#heights[machineId] as number;
    const height = (ownHeight > messageHeight ? ownHeight : messageHeight) + 1;
    this.#heights[machineId] = height;
    if (height > this.#longestChain) this.#longestChain = height;
    const count = (this.#eventCounts[machineId] as number) + 1;
    this.#eventCounts[machineId] = count;
    const ownSlot = this.#slotOf[machineId] as number;
    let vectorSum = this.#vectorSums[machineId] as number;
    if (ownSlot >= 0) {
      const vector = this.#vectors[machineId] as number[];
      vectorSum += count - (vector[ownSlot] as number);
      vector[ownSlot] = count;
      this.#vectorSums[machineId] = vectorSum;
    }
    // Predecessors: Σ_j V[j] - 1, its own machine counted exactly, the others from the sample
    // (scaled up to all machines). Every component is a whole number, so the running sum is
    // exactly the sum a pass over the components gives.
    const othersSum = ownSlot >= 0 ? vectorSum - count : vectorSum;
    const scale = this.#othersScale[machineId] as number;
    const sums = this.#sums;
    // Same association as ever, so sampled (non-integer) sums round exactly as before.
    sums[predecessorSumAt] = (sums[predecessorSumAt] as number) + (count - 1 + othersSum * scale);
    this.#countClock(machineId, lamport);
    this.#events += 1;
    return height;
  }

  #countClock(machineId: number, lamport: number): void {
    if (!Number.isSafeInteger(lamport) || lamport < 0) return;
    const previous = this.#lastClocks[machineId] as number;
    this.#lastClocks[machineId] = lamport;
    // Below the counted values only when a machine's clock went back (a reset restart, or a log
    // that breaks rule 1): not counted, so not its own earlier event for the next one either.
    const counts = this.#clockCounts;
    if (lamport < counts.low) {
      this.#sameClockRun[machineId] = 0;
      return;
    }
    if (!counts.fits(lamport)) counts.makeRoom(this.#lowestOthers(machineId, previous), lamport);
    const own = this.#ownEarlierAt(machineId, lamport, previous);
    // Each earlier event with this clock value on another machine makes one more equal pair.
    this.#sums[equalClockPairsAt] =
      (this.#sums[equalClockPairsAt] as number) + counts.countThenAdd(lamport) - own;
  }

  /** How many of the machine's own counted events had value `lamport`; counts this one. */
  #ownEarlierAt(machineId: number, lamport: number, previous: number): number {
    const ownClocks = this.#ownClocks?.[machineId];
    if (ownClocks !== undefined) return ownClocks.countThenAdd(lamport, this.#clockCounts.low);
    const own = lamport === previous ? (this.#sameClockRun[machineId] as number) : 0;
    this.#sameClockRun[machineId] = own + 1;
    return own;
  }

  /** The lowest latest clock of the machines, this one's taken at `previous` (before its event). */
  #lowestOthers(machineId: number, previous: number): number {
    let lowest = previous;
    for (let id = 0; id < this.#machineCount; id += 1) {
      if (id !== machineId) lowest = Math.min(lowest, this.#lastClocks[id] as number);
    }
    return lowest;
  }
}
