/**
 * The per-copy faults of a run (issue 18): where a send goes when the run has faults. Every
 * send goes copy by copy (ascending receiver id for a broadcast), and each copy meets the
 * per-copy faults in list order, all decided at the send, from the send's time:
 *
 * - corrupt-clock has already altered the clock the copies carry (see `lie`): each copy
 *   gets a `corrupt` row first;
 * - loss and duplicate whose link and window match toss their coin, exactly once per copy,
 *   from their own stream, whether or not an earlier fault dropped the copy; a duplicate whose
 *   coin came up also draws the second copy's latency from its stream (constant: no draw), so
 *   every fault's stream depends only on the copies it matched, never on the other faults;
 * - delay adds its extraUs (delays add up); partition drops a copy across its groups.
 *
 * The first drop wins: a dropped copy's only row is its drop (after any corrupt row); the
 * duplicates and delays decided for it take no effect and leave no row. Otherwise its delay
 * and duplicate rows follow in list order, and the copy (then each duplicate, at the send
 * time + its own latency + the same total delay) goes on the wire. The sender's own latency
 * stream draws for every copy, dropped or not, as without faults.
 */
import { type MachineId, type StepEvent, toEveryPeer } from '../../core/index.js';
import { ClockLies, type CopyFault, CopyFaultTable, codeDelay, codeLoss } from '../copy-faults.js';
import type { Network } from '../drive-step.js';
import type { FaultConfig, FaultRecorder } from '../fault-config.js';
import type { RngFactory } from '../seeded-rng.js';
import type { FaultCounter } from './fault-tally.js';
import type { VirtualNetwork } from './virtual-network.js';

export class FaultRouter implements Network {
  readonly #network: VirtualNetwork;
  readonly #recorder: FaultRecorder;
  /**
   * When no one reads the rows (a run without faults.csv), the per-copy rows are only counted
   * here: no evidence object per copy. Null: every row goes to #recorder.
   */
  readonly #counter: FaultCounter | null;
  readonly #nowUs: Float64Array;
  readonly #machineCount: number;
  /** The per-copy decisions (shared with the TCP router: copy-faults.ts). */
  readonly #table: CopyFaultTable;
  readonly #copyFaults: readonly CopyFault[];
  readonly #lies: ClockLies;
  /** Per machine, the span of its lie windows: its sends inside go through `lie` first. */
  readonly lieFromUs: Float64Array;
  readonly lieUntilUs: Float64Array;
  // What `lie` did to the send being routed (read by route, for the copies' rows).
  #lieIndex = -1;
  #lieTrueClock = 0;
  #lieClamped = false;

  constructor(parts: {
    readonly faults: readonly FaultConfig[];
    readonly machineCount: number;
    readonly network: VirtualNetwork;
    readonly rngFor: RngFactory;
    readonly recorder: FaultRecorder;
    /** Counts the per-copy rows instead of recording them (see #counter); absent: record. */
    readonly counter?: FaultCounter | null;
    readonly nowUs: Float64Array;
  }) {
    this.#network = parts.network;
    this.#recorder = parts.recorder;
    this.#counter = parts.counter ?? null;
    this.#nowUs = parts.nowUs;
    this.#machineCount = parts.machineCount;
    const network = parts.network;
    this.#table = new CopyFaultTable({
      faults: parts.faults,
      machineCount: parts.machineCount,
      rngFor: parts.rngFor,
      latencyUsFrom: (rng) => network.latencyUsFrom(rng),
      nowUs: parts.nowUs,
    });
    this.#copyFaults = this.#table.faults;
    this.#lies = new ClockLies(parts.faults, parts.machineCount);
    this.lieFromUs = this.#lies.lieFromUs;
    this.lieUntilUs = this.#lies.lieUntilUs;
  }

  /**
   * Corrupt-clock, for a send of `machineId` (inside the span of its lie windows) that was just
   * stepped at nowUs[0], before any sink records it: inside one of its lie windows (and within
   * its count) the send carries the altered clock in `messageClock` from here on — in every
   * sink's row (msg_clock) and in every copy routed — while `clock` (the row's logical_clock)
   * stays true. The faulted step calls it (faulted-step.ts); `route` then writes the copies'
   * corrupt rows and forgets the lie.
   */
  lie(machineId: MachineId, event: StepEvent): void {
    const lies = this.#lies;
    const index = lies.lie(machineId, this.#nowUs[0] as number, event.clock);
    if (index < 0) return;
    this.#lieIndex = index;
    this.#lieTrueClock = event.clock;
    this.#lieClamped = lies.clamped;
    event.messageClock = lies.carried;
  }

  route(senderId: MachineId, event: StepEvent): void {
    // One loop for both kinds of send (a send to one peer runs it once), so `#copy`, with the
    // per-copy decisions it inlines, has one call site to be inlined at, not two.
    const to = event.to;
    const broadcast = to === toEveryPeer;
    const last = broadcast ? this.#machineCount - 1 : to;
    for (let receiverId = broadcast ? 0 : to; receiverId <= last; receiverId += 1) {
      if (receiverId !== senderId)
        this.#copy(senderId, receiverId, event.sendSeq, event.messageClock);
    }
    this.#lieIndex = -1;
  }

  /**
   * One copy of the send at nowUs[0]. Only the common case is here (no lie, not dropped, no
   * delay or duplicate: one copy on the wire), so that the compiler can inline it into the
   * step; the rows and the extra copies are in cold methods. The time is read from the slot,
   * not passed: a double argument to a call V8 does not inline is boxed, a heap number per
   * copy (see VirtualNetwork.deliverByUs).
   */
  #copy(senderId: number, receiverId: number, sendSeq: number, messageClock: number): void {
    if (this.#lieIndex >= 0) this.#corrupted(senderId, receiverId, sendSeq, messageClock);
    const network = this.#network;
    const latencyUs = network.copyLatencyUs(senderId);
    const table = this.#table;
    const dropAt = table.decide(senderId, receiverId);
    if (dropAt >= 0) {
      this.#dropped(dropAt, senderId, receiverId, sendSeq);
      return;
    }
    if (table.acted > 0) {
      this.#putActed(latencyUs, senderId, receiverId, sendSeq, messageClock);
      return;
    }
    network.copyArriveUs[0] = (this.#nowUs[0] as number) + latencyUs;
    network.putCopy(receiverId, senderId, sendSeq, messageClock);
  }

  /** The corrupt row of one copy of a send whose clock was altered (see `lie`). */
  #corrupted(senderId: number, receiverId: number, sendSeq: number, messageClock: number): void {
    const counter = this.#counter;
    if (counter !== null) {
      counter.countFired(this.#lieIndex);
      return;
    }
    this.#recorder.record({
      action: 'corrupt',
      timeUs: this.#nowUs[0] as number,
      faultIndex: this.#lieIndex,
      receiverId,
      senderId,
      sendSeq,
      trueClock: this.#lieTrueClock,
      carriedClock: messageClock,
      clamped: this.#lieClamped,
    });
  }

  /** The drop row of a copy the per-copy fault at `dropAt` dropped (loss or partition). */
  #dropped(dropAt: number, senderId: number, receiverId: number, sendSeq: number): void {
    const fault = this.#copyFaults[dropAt] as CopyFault;
    const reason = fault.code === codeLoss ? 'loss' : 'partition';
    const counter = this.#counter;
    if (counter !== null) {
      counter.countDrop(fault.index, reason);
      return;
    }
    this.#recorder.record({
      action: 'drop',
      timeUs: this.#nowUs[0] as number,
      faultIndex: fault.index,
      receiverId,
      senderId,
      sendSeq,
      reason,
    });
  }

  /**
   * A copy that delays or duplicates act on: their rows in list order, then the copy (at the
   * send time + its latency + the total delay) and each duplicate (+ its own latency).
   */
  #putActed(
    latencyUs: number,
    senderId: number,
    receiverId: number,
    sendSeq: number,
    messageClock: number,
  ): void {
    const timeUs = this.#nowUs[0] as number;
    const table = this.#table;
    const acted = table.acted;
    const extraUs = table.extraUs;
    this.#recordActed(acted, timeUs, senderId, receiverId, sendSeq);
    const network = this.#network;
    const arriveUs = network.copyArriveUs;
    arriveUs[0] = timeUs + latencyUs + extraUs;
    network.putCopy(receiverId, senderId, sendSeq, messageClock);
    for (let at = 0; at < acted; at += 1) {
      const fault = this.#copyFaults[table.actedAt[at] as number] as CopyFault;
      if (fault.code === codeDelay) continue;
      arriveUs[0] = timeUs + (table.actedLatencyUs[at] as number) + extraUs;
      network.putCopy(receiverId, senderId, sendSeq, messageClock);
    }
  }

  /** The delay and duplicate rows of a copy that was not dropped, in list order. */
  #recordActed(
    acted: number,
    timeUs: number,
    senderId: number,
    receiverId: number,
    sendSeq: number,
  ): void {
    const counter = this.#counter;
    for (let at = 0; at < acted; at += 1) {
      const fault = this.#copyFaults[this.#table.actedAt[at] as number] as CopyFault;
      if (counter !== null) {
        if (fault.code === codeDelay) counter.countFired(fault.index);
        else counter.countDuplicate(fault.index);
      } else if (fault.code === codeDelay) {
        this.#recorder.record({
          action: 'delay',
          timeUs,
          faultIndex: fault.index,
          receiverId,
          senderId,
          sendSeq,
          extraUs: fault.extraUs,
        });
      } else {
        this.#recorder.record({
          action: 'duplicate',
          timeUs,
          faultIndex: fault.index,
          receiverId,
          senderId,
          sendSeq,
        });
      }
    }
  }
}
