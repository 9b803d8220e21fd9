/**
 * The per-copy faults of a run (issue 18): where a send goes when the run has faults. Every
 * send goes copy by copy (ascending receiver id for a broadcast), and each copy meets the
 * per-copy faults in list order, all decided at the send, from the send's time:
 *
 * - corrupt-clock has already altered the clock the copies carry (see `lyingSink`): each copy
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
import type { EventSink } from '../run-config.js';
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
  readonly hasLies: boolean;
  // What the lying step did to the send being driven (read by route, for the copies' rows).
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
    this.hasLies = this.#lies.any;
  }

  /**
   * `sink` with corrupt-clock applied between the step and the record: a send of a machine
   * inside one of its lie windows (and within its count) carries the altered clock in
   * `messageClock` from here on — in every sink's row (msg_clock) and in every copy routed —
   * while `clock` (the row's logical_clock) stays true. Wrapping the sink rather than the step
   * keeps the step a direct call the compiler can inline, as without faults.
   */
  lyingSink(sink: EventSink): EventSink {
    const liar = this.#lies.liar;
    return {
      record: (machineId: MachineId, timeUs: number, event: StepEvent): void => {
        this.#lieIndex = -1;
        if (event.kind === 'send' && liar[machineId] === 1) this.#lie(machineId, timeUs, event);
        sink.record(machineId, timeUs, event);
      },
    };
  }

  #lie(machineId: MachineId, timeUs: number, event: StepEvent): void {
    const lies = this.#lies;
    const index = lies.lie(machineId, timeUs, event.clock);
    if (index < 0) return;
    this.#lieIndex = index;
    this.#lieTrueClock = event.clock;
    this.#lieClamped = lies.clamped;
    event.messageClock = lies.carried;
  }

  route(senderId: MachineId, event: StepEvent): void {
    if (event.to !== toEveryPeer) {
      this.#copy(senderId, event.to, event.sendSeq, event.messageClock);
      return;
    }
    for (let receiverId = 0; receiverId < this.#machineCount; receiverId += 1) {
      if (receiverId !== senderId)
        this.#copy(senderId, receiverId, event.sendSeq, event.messageClock);
    }
  }

  /**
   * One copy of the send at nowUs[0]. The time is read here, not passed: a double argument to
   * a call V8 does not inline is boxed, a heap number per copy (see VirtualNetwork.deliverByUs).
   */
  #copy(senderId: number, receiverId: number, sendSeq: number, messageClock: number): void {
    const timeUs = this.#nowUs[0] as number;
    const counter = this.#counter;
    if (this.#lieIndex >= 0) {
      if (counter !== null) counter.countFired(this.#lieIndex);
      else
        this.#recorder.record({
          action: 'corrupt',
          timeUs,
          faultIndex: this.#lieIndex,
          receiverId,
          senderId,
          sendSeq,
          trueClock: this.#lieTrueClock,
          carriedClock: messageClock,
          clamped: this.#lieClamped,
        });
    }
    const network = this.#network;
    const latencyUs = network.copyLatencyUs(senderId);
    const table = this.#table;
    const dropAt = table.decide(senderId, receiverId);
    if (dropAt >= 0) {
      const fault = this.#copyFaults[dropAt] as CopyFault;
      const reason = fault.code === codeLoss ? 'loss' : 'partition';
      if (counter !== null) {
        counter.countDrop(fault.index, reason);
        return;
      }
      this.#recorder.record({
        action: 'drop',
        timeUs,
        faultIndex: fault.index,
        receiverId,
        senderId,
        sendSeq,
        reason,
      });
      return;
    }
    const acted = table.acted;
    const extraUs = table.extraUs;
    if (acted > 0) this.#recordActed(acted, timeUs, senderId, receiverId, sendSeq);
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
