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
import {
  assert,
  type Coin,
  carriedClock,
  coinOf,
  type MachineId,
  type Rng,
  type StepEvent,
  toEveryPeer,
  tossCoin,
} from '../../core/index.js';
import type { Network } from '../drive-step.js';
import type { ClockChange, FaultConfig, FaultRecorder } from '../fault-config.js';
import type { EventSink } from '../run-config.js';
import type { RngFactory } from '../seeded-rng.js';
import type { FaultCounter } from './fault-tally.js';
import type { VirtualNetwork } from './virtual-network.js';

const codeLoss = 0;
const codeDuplicate = 1;
const codeDelay = 2;
const codePartition = 3;

/** Slots of FaultRouter's #decided. */
const decidedActed = 0;
const decidedExtraUs = 1;

/** A per-copy fault prepared for the send path: its tests as typed-array lookups. */
interface CopyFault {
  readonly code: number;
  readonly index: number;
  readonly atUs: number;
  readonly untilUs: number;
  /** loss, duplicate, delay: 1 where a machine is in `from` / `to`. */
  readonly from: Uint8Array;
  readonly to: Uint8Array;
  /** partition: each machine's group; oneWay drops only from an earlier group to a later one. */
  readonly groupOf: Int32Array;
  readonly oneWay: boolean;
  readonly coin: Coin | null;
  readonly rng: Rng | null;
  readonly extraUs: number;
}

function membership(machineCount: number, ids: readonly MachineId[]): Uint8Array {
  const member = new Uint8Array(machineCount);
  for (const id of ids) {
    assert(Number.isSafeInteger(id) && id >= 0 && id < machineCount, 'fault machine out of range');
    member[id] = 1;
  }
  return member;
}

function prepare(fault: FaultConfig, machineCount: number, rngFor: RngFactory): CopyFault | null {
  const none = new Uint8Array(0);
  switch (fault.kind) {
    case 'loss':
    case 'duplicate':
    case 'delay':
      return {
        code:
          fault.kind === 'loss' ? codeLoss : fault.kind === 'duplicate' ? codeDuplicate : codeDelay,
        index: fault.index,
        atUs: fault.atUs,
        untilUs: fault.untilUs,
        from: membership(machineCount, fault.from),
        to: membership(machineCount, fault.to),
        groupOf: new Int32Array(0),
        oneWay: false,
        coin: fault.kind === 'delay' ? null : coinOf(fault.p),
        rng: fault.kind === 'delay' ? null : rngFor(fault.stream),
        extraUs: fault.kind === 'delay' ? fault.extraUs : 0,
      };
    case 'partition': {
      const groupOf = new Int32Array(machineCount).fill(-1);
      fault.groups.forEach((group, at) => {
        for (const id of group) {
          assert(id >= 0 && id < machineCount && groupOf[id] === -1, 'partition groups overlap');
          groupOf[id] = at;
        }
      });
      assert(!groupOf.includes(-1), 'a partition puts every machine in a group');
      return {
        code: codePartition,
        index: fault.index,
        atUs: fault.atUs,
        untilUs: fault.untilUs,
        from: none,
        to: none,
        groupOf,
        oneWay: fault.oneWay,
        coin: null,
        rng: null,
        extraUs: 0,
      };
    }
    default:
      return null;
  }
}

/** A corrupt-clock fault of one machine, with the sends it has altered so far. */
interface Lie {
  readonly index: number;
  readonly atUs: number;
  readonly untilUs: number;
  readonly countMax: number | null;
  readonly change: ClockChange;
  used: number;
}

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
  readonly #copyFaults: readonly CopyFault[];
  readonly #codes: Int8Array;
  readonly #atUs: Float64Array;
  readonly #untilUs: Float64Array;
  /** Per fault, a row per machine: 1 when in the link's `from` (a partition: its group). */
  readonly #from: Int32Array;
  /** Per fault, a row per machine: 1 when in the link's `to`. */
  readonly #to: Uint8Array;
  /** Per machine, its corrupt-clock faults (windows of one machine never overlap). */
  readonly #lies: readonly (readonly Lie[])[];
  readonly hasLies: boolean;
  /** 1 for a machine with a corrupt-clock fault: the one test every event pays. */
  readonly #liar: Uint8Array;
  // What the lying step did to the send being driven (read by route, for the copies' rows).
  #lieIndex = -1;
  #lieTrueClock = 0;
  #lieClamped = false;
  // Per copy, the delays and duplicates decided while it was not (yet) dropped: fault position
  // in #copyFaults, and for a duplicate its latency. Reused: a send allocates nothing for them.
  readonly #actedAt: Int32Array;
  readonly #actedLatencyUs: Float64Array;
  /**
   * What #decide found besides the drop: [decidedActed] how many faults act on the copy,
   * [decidedExtraUs] its total delay. A typed array, not fields: a delay is a double.
   */
  readonly #decided = new Float64Array(2);
  /**
   * The positions of the per-copy faults whose window holds the time of the last send, in list
   * order (the first #openCount slots), so a copy tests only those. Recomputed when a send's
   * time reaches #windowsChangeUs[0], the next window start or end: send times never go back.
   */
  readonly #open: Int32Array;
  #openCount = 0;
  readonly #windowsChangeUs = Float64Array.of(Number.NEGATIVE_INFINITY);

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
    const copyFaults: CopyFault[] = [];
    const lies: Lie[][] = [];
    for (let id = 0; id < parts.machineCount; id += 1) lies.push([]);
    for (const fault of parts.faults) {
      const prepared = prepare(fault, parts.machineCount, parts.rngFor);
      if (prepared !== null) copyFaults.push(prepared);
      if (fault.kind === 'corrupt-clock') {
        assert(fault.machine >= 0 && fault.machine < parts.machineCount, 'machine out of range');
        lies[fault.machine]?.push({
          index: fault.index,
          atUs: fault.atUs,
          untilUs: fault.untilUs,
          countMax: fault.countMax,
          change: fault.change,
          used: 0,
        });
      }
    }
    this.#copyFaults = copyFaults;
    // The tests every copy makes, side by side in typed arrays: a copy reads bytes and
    // doubles, not the fields of objects scattered in the heap.
    const count = copyFaults.length;
    const machineCount = parts.machineCount;
    this.#codes = Int8Array.from(copyFaults, (fault) => fault.code);
    this.#atUs = Float64Array.from(copyFaults, (fault) => fault.atUs);
    this.#untilUs = Float64Array.from(copyFaults, (fault) => fault.untilUs);
    this.#from = new Int32Array(count * machineCount);
    this.#to = new Uint8Array(count * machineCount);
    copyFaults.forEach((fault, at) => {
      const row = at * machineCount;
      if (fault.code === codePartition) this.#from.set(fault.groupOf, row);
      else {
        this.#from.set(fault.from, row);
        this.#to.set(fault.to, row);
      }
    });
    this.#lies = lies;
    this.hasLies = lies.some((list) => list.length > 0);
    this.#liar = Uint8Array.from(lies, (list) => (list.length > 0 ? 1 : 0));
    this.#actedAt = new Int32Array(copyFaults.length);
    this.#open = new Int32Array(copyFaults.length);
    this.#actedLatencyUs = new Float64Array(copyFaults.length);
  }

  /**
   * `sink` with corrupt-clock applied between the step and the record: a send of a machine
   * inside one of its lie windows (and within its count) carries the altered clock in
   * `messageClock` from here on — in every sink's row (msg_clock) and in every copy routed —
   * while `clock` (the row's logical_clock) stays true. Wrapping the sink rather than the step
   * keeps the step a direct call the compiler can inline, as without faults.
   */
  lyingSink(sink: EventSink): EventSink {
    const liar = this.#liar;
    return {
      record: (machineId: MachineId, timeUs: number, event: StepEvent): void => {
        this.#lieIndex = -1;
        if (event.kind === 'send' && liar[machineId] === 1) this.#lie(machineId, timeUs, event);
        sink.record(machineId, timeUs, event);
      },
    };
  }

  #lie(machineId: MachineId, timeUs: number, event: StepEvent): void {
    for (const lie of this.#lies[machineId] as readonly Lie[]) {
      if (timeUs < lie.atUs || timeUs >= lie.untilUs) continue;
      if (lie.countMax !== null && lie.used >= lie.countMax) return;
      lie.used += 1;
      const { carried, clamped } = carriedClock(event.clock, lie.change);
      this.#lieIndex = lie.index;
      this.#lieTrueClock = event.clock;
      this.#lieClamped = clamped;
      event.messageClock = carried;
      return;
    }
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
    const dropAt = this.#decide(senderId, receiverId);
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
    const acted = this.#decided[decidedActed] as number;
    const extraUs = this.#decided[decidedExtraUs] as number;
    if (acted > 0) this.#recordActed(acted, timeUs, senderId, receiverId, sendSeq);
    const arriveUs = network.copyArriveUs;
    arriveUs[0] = timeUs + latencyUs + extraUs;
    network.putCopy(receiverId, senderId, sendSeq, messageClock);
    for (let at = 0; at < acted; at += 1) {
      const fault = this.#copyFaults[this.#actedAt[at] as number] as CopyFault;
      if (fault.code !== codeDuplicate) continue;
      arriveUs[0] = timeUs + (this.#actedLatencyUs[at] as number) + extraUs;
      network.putCopy(receiverId, senderId, sendSeq, messageClock);
    }
  }

  /**
   * Runs one copy through the per-copy faults in list order: every matching coin is tossed.
   * Returns the position of the fault that dropped it (-1: none); for a copy not dropped, the
   * delays and duplicates that act on it are in #actedAt (and #actedLatencyUs), their count
   * and the total delay in #decided.
   */
  #decide(senderId: number, receiverId: number): number {
    const timeUs = this.#nowUs[0] as number;
    if (timeUs >= (this.#windowsChangeUs[0] as number)) this.#openWindows(timeUs);
    const faults = this.#copyFaults;
    const codes = this.#codes;
    const open = this.#open;
    const openCount = this.#openCount;
    const from = this.#from;
    const to = this.#to;
    const machineCount = this.#machineCount;
    const actedAt = this.#actedAt;
    let acted = 0;
    let dropAt = -1;
    let extraUs = 0;
    for (let slot = 0; slot < openCount; slot += 1) {
      const at = open[slot] as number;
      const code = codes[at] as number;
      const row = at * machineCount;
      if (code === codePartition) {
        // For a partition, `from` holds each machine's group.
        const fromGroup = from[row + senderId] as number;
        const toGroup = from[row + receiverId] as number;
        const across = (faults[at] as CopyFault).oneWay
          ? fromGroup < toGroup
          : fromGroup !== toGroup;
        if (across && dropAt < 0) dropAt = at;
        continue;
      }
      if (from[row + senderId] !== 1 || to[row + receiverId] !== 1) continue;
      if (code === codeDelay) {
        if (dropAt < 0) {
          extraUs += (faults[at] as CopyFault).extraUs;
          actedAt[acted] = at;
          acted += 1;
        }
        continue;
      }
      const fault = faults[at] as CopyFault;
      if (!tossCoin(fault.rng as Rng, fault.coin as Coin)) continue;
      if (code === codeLoss) {
        if (dropAt < 0) dropAt = at;
        continue;
      }
      // A duplicate: its latency is drawn even for a dropped copy (see the file comment).
      const duplicateLatencyUs = this.#network.latencyUsFrom(fault.rng as Rng);
      if (dropAt < 0) {
        actedAt[acted] = at;
        this.#actedLatencyUs[acted] = duplicateLatencyUs;
        acted += 1;
      }
    }
    this.#decided[decidedActed] = acted;
    this.#decided[decidedExtraUs] = extraUs;
    return dropAt;
  }

  /** The faults whose window holds `timeUs` into #open, and when that set next changes. */
  #openWindows(timeUs: number): void {
    const atUs = this.#atUs;
    const untilUs = this.#untilUs;
    let count = 0;
    let changeUs = Number.POSITIVE_INFINITY;
    for (let at = 0; at < atUs.length; at += 1) {
      const startUs = atUs[at] as number;
      const endUs = untilUs[at] as number;
      if (timeUs >= startUs && timeUs < endUs) {
        this.#open[count] = at;
        count += 1;
      }
      if (startUs > timeUs && startUs < changeUs) changeUs = startUs;
      if (endUs > timeUs && endUs < changeUs) changeUs = endUs;
    }
    this.#openCount = count;
    this.#windowsChangeUs[0] = changeUs;
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
      const fault = this.#copyFaults[this.#actedAt[at] as number] as CopyFault;
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
