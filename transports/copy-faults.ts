/**
 * The per-copy fault decisions of issue 18, shared by the two routers that take them: the
 * virtual network's (virtual/fault-router.ts, at each send of the simulator) and the TCP
 * router's (tcp/router.ts, at each frame it forwards). One place decides, so a copy meets the
 * same rules on real sockets as in virtual time:
 *
 * - corrupt-clock (ClockLies): a send of a machine inside one of its lie windows, within its
 *   count, carries an altered clock;
 * - the per-copy faults in list order (CopyFaultTable.decide): each loss and duplicate whose link
 *   and window match tosses its coin exactly once, from its own stream, whether or not an
 *   earlier fault dropped the copy; a duplicate whose coin came up also draws its second copy's
 *   latency from its stream (constant latency: no draw); delays add up; a partition drops a
 *   copy across its groups (oneWay: only from an earlier group to a later one). The first drop
 *   wins; a dropped copy's delays and duplicates take no effect.
 *
 * Hot in the simulator: the tests a copy makes are typed-array lookups, and what `decide` found
 * is left in fields and reused arrays, so a copy allocates nothing.
 */
import {
  assert,
  type Coin,
  carriedClock,
  coinOf,
  type MachineId,
  type Rng,
  remainderOfU32,
  tossCoin,
} from '../core/index.js';
import type { ClockChange, FaultConfig } from './fault-config.js';
import type { RngFactory } from './seeded-rng.js';

export const codeLoss = 0;
export const codeDuplicate = 1;
export const codeDelay = 2;
export const codePartition = 3;

/** A per-copy fault prepared for the send path: its tests as typed-array lookups. */
export interface CopyFault {
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

/** Up to this many machines, each link gets its list of the faults acting on it (decide). */
const linkListsMachinesMax = 64;

/** Whether a partition drops a copy from `senderId` to `receiverId` (across its groups). */
function cuts(partition: CopyFault, senderId: number, receiverId: number): boolean {
  const fromGroup = partition.groupOf[senderId] as number;
  const toGroup = partition.groupOf[receiverId] as number;
  return partition.oneWay ? fromGroup < toGroup : fromGroup !== toGroup;
}

/** The per-copy faults of a run (loss, duplicate, delay, partition), ready to decide copies. */
export class CopyFaultTable {
  readonly #machineCount: number;
  /** The per-copy faults in list order; `decide` names them by position here. */
  readonly faults: readonly CopyFault[];
  readonly #latencyUsFrom: (rng: Rng) => number;
  /** [0]: the send time of the copy to decide (a slot, not an argument: see `decide`). */
  readonly #nowUs: Float64Array;
  readonly #codes: Int8Array;
  readonly #atUs: Float64Array;
  readonly #untilUs: Float64Array;
  /** Per fault, a row per machine: 1 when in the link's `from` (a partition: none, see cuts). */
  readonly #from: Uint8Array;
  /** Per fault, a row per machine: 1 when in the link's `to`. */
  readonly #to: Uint8Array;
  /**
   * What the last `decide` found besides the drop: how many delays and duplicates act on the
   * copy (their positions in `actedAt[0..acted)`, a duplicate's latency in `actedLatencyUs`),
   * and the copy's total delay. Reused: a copy allocates nothing for them.
   */
  acted = 0;
  extraUs = 0;
  readonly actedAt: Int32Array;
  readonly actedLatencyUs: Float64Array;
  /**
   * The positions of the faults whose window holds the time of the last copy, in list order
   * (the first #openCount slots), so a copy tests only those. Recomputed when a copy's time
   * leaves [#windowsFromUs, #windowsChangeUs): the simulator's send times never go back, the
   * TCP router's (frames from different machines) may, a little.
   */
  readonly #open: Int32Array;
  #openCount = 0;
  /**
   * The same per link, among up to linkListsMachinesMax machines: the open faults that act on a
   * copy from s to r, in list order, at ops[starts[s·n + r] .. starts[s·n + r + 1]) (a partition
   * only where it cuts that link). A copy then reads its own short list instead of testing every
   * open fault's link (the every-kind bench's copy went through three; a decision alone took
   * 39-57 ns before these lists and the unpacked coins, 29-38 after: docs/PERFORMANCE.md). Null
   * among more machines, where the lists would be too large: `decide` then matches the open
   * faults for each copy.
   */
  readonly #linkStarts: Int32Array | null;
  readonly #linkOps: Int32Array | null;
  /** Without link lists: the list of the copy being decided (reused). */
  readonly #copyOps: Int32Array;
  /**
   * The coins of loss and duplicate, unpacked (tossCoin's arithmetic on these, without reading
   * the coin through its objects); heads 0 for the other faults. `#coinWide`: a coin of more
   * than 2^32 sides, tossed by tossCoin.
   */
  readonly #coinRngs: readonly Rng[];
  readonly #coinHeads: Float64Array;
  readonly #coinSize: Float64Array;
  readonly #coinInverse: Float64Array;
  readonly #coinLimit: Float64Array;
  readonly #coinWide: Uint8Array;
  /** Per fault, its delay in µs (0 for the others). */
  readonly #extraUs: Float64Array;
  readonly #windows = Float64Array.of(Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY);

  /**
   * `latencyUsFrom` draws a latency of the run's model from a duplicate's stream (the virtual
   * network's; the TCP router draws the same to keep the stream in step, and ignores it).
   */
  constructor(parts: {
    readonly faults: readonly FaultConfig[];
    readonly machineCount: number;
    readonly rngFor: RngFactory;
    readonly latencyUsFrom: (rng: Rng) => number;
    /** [0]: the send time of the copy `decide` takes (the caller's instant). */
    readonly nowUs: Float64Array;
    /** Per-link lists (see #linkStarts); default: up to linkListsMachinesMax machines. */
    readonly linkLists?: boolean;
  }) {
    const machineCount = parts.machineCount;
    this.#nowUs = parts.nowUs;
    this.#machineCount = machineCount;
    this.#latencyUsFrom = parts.latencyUsFrom;
    const copyFaults: CopyFault[] = [];
    for (const fault of parts.faults) {
      const prepared = prepare(fault, machineCount, parts.rngFor);
      if (prepared !== null) copyFaults.push(prepared);
    }
    this.faults = copyFaults;
    // The tests every copy makes, side by side in typed arrays: a copy reads bytes and
    // doubles, not the fields of objects scattered in the heap.
    const count = copyFaults.length;
    this.#codes = Int8Array.from(copyFaults, (fault) => fault.code);
    this.#atUs = Float64Array.from(copyFaults, (fault) => fault.atUs);
    this.#untilUs = Float64Array.from(copyFaults, (fault) => fault.untilUs);
    this.#from = new Uint8Array(count * machineCount);
    this.#to = new Uint8Array(count * machineCount);
    copyFaults.forEach((fault, at) => {
      const row = at * machineCount;
      if (fault.code === codePartition) return;
      this.#from.set(fault.from, row);
      this.#to.set(fault.to, row);
    });
    this.actedAt = new Int32Array(count);
    this.actedLatencyUs = new Float64Array(count);
    this.#open = new Int32Array(count);
    const lists = parts.linkLists ?? machineCount <= linkListsMachinesMax;
    this.#linkStarts = lists ? new Int32Array(machineCount * machineCount + 1) : null;
    this.#linkOps = lists ? new Int32Array(machineCount * machineCount * count) : null;
    this.#copyOps = new Int32Array(count);
    const noStream: Rng = { nextU32: () => 0 };
    this.#coinRngs = copyFaults.map((fault) => fault.rng ?? noStream);
    const rangeOf = (fault: CopyFault) => fault.coin?.range;
    this.#coinHeads = Float64Array.from(copyFaults, (fault) => fault.coin?.heads ?? 0);
    this.#coinSize = Float64Array.from(copyFaults, (fault) => rangeOf(fault)?.size ?? 1);
    this.#coinInverse = Float64Array.from(copyFaults, (fault) => rangeOf(fault)?.inverse ?? 1);
    this.#coinLimit = Float64Array.from(copyFaults, (fault) => rangeOf(fault)?.limit ?? 1);
    this.#coinWide = Uint8Array.from(copyFaults, (fault) => (rangeOf(fault)?.wide ? 1 : 0));
    this.#extraUs = Float64Array.from(copyFaults, (fault) => fault.extraUs);
  }

  /**
   * Runs one copy sent at nowUs[0] through the per-copy faults in list order: every matching
   * coin is tossed. Returns the position of the fault that dropped it (-1: none); for a copy
   * not dropped, the delays and duplicates that act on it are in `actedAt` (and
   * `actedLatencyUs`), their count in `acted` and the total delay in `extraUs`. The time is
   * read from the slot, not passed: a double argument to a call V8 does not inline is boxed, a
   * heap number per copy (see VirtualNetwork.deliverByUs).
   */
  decide(senderId: number, receiverId: number): number {
    const timeUs = this.#nowUs[0] as number;
    const windows = this.#windows;
    if (timeUs < (windows[0] as number) || timeUs >= (windows[1] as number))
      this.#openWindows(timeUs);
    const starts = this.#linkStarts;
    let ops: Int32Array;
    let start = 0;
    let end: number;
    if (starts !== null) {
      ops = this.#linkOps as Int32Array;
      const link = senderId * this.#machineCount + receiverId;
      start = starts[link] as number;
      end = starts[link + 1] as number;
    } else {
      ops = this.#copyOps;
      end = this.#matchOpen(ops, 0, senderId, receiverId);
    }
    const codes = this.#codes;
    const actedAt = this.actedAt;
    let acted = 0;
    let dropAt = -1;
    let extraUs = 0;
    for (let op = start; op < end; op += 1) {
      const at = ops[op] as number;
      const code = codes[at] as number;
      if (code === codePartition) {
        if (dropAt < 0) dropAt = at;
      } else if (code === codeDelay) {
        if (dropAt < 0) {
          extraUs += this.#extraUs[at] as number;
          actedAt[acted] = at;
          acted += 1;
        }
      } else if (this.#toss(at)) {
        if (code === codeLoss) {
          if (dropAt < 0) dropAt = at;
        } else {
          // A duplicate: its latency is drawn even for a dropped copy (see the file comment).
          const duplicateLatencyUs = this.#latencyUsFrom(this.#coinRngs[at] as Rng);
          if (dropAt < 0) {
            actedAt[acted] = at;
            this.actedLatencyUs[acted] = duplicateLatencyUs;
            acted += 1;
          }
        }
      }
    }
    this.acted = acted;
    this.extraUs = extraUs;
    return dropAt;
  }

  /**
   * The open faults that act on a copy from `senderId` to `receiverId`, in list order, written
   * into `ops` from `start`; returns where they end.
   */
  #matchOpen(ops: Int32Array, start: number, senderId: number, receiverId: number): number {
    const machineCount = this.#machineCount;
    let end = start;
    for (let slot = 0; slot < this.#openCount; slot += 1) {
      const at = this.#open[slot] as number;
      const row = at * machineCount;
      const acts =
        this.#codes[at] === codePartition
          ? cuts(this.faults[at] as CopyFault, senderId, receiverId)
          : this.#from[row + senderId] === 1 && this.#to[row + receiverId] === 1;
      if (!acts) continue;
      ops[end] = at;
      end += 1;
    }
    return end;
  }

  /** One toss of the coin of the fault at `at`: tossCoin's, on the unpacked coin. */
  #toss(at: number): boolean {
    const rng = this.#coinRngs[at] as Rng;
    if (this.#coinWide[at] !== 0) return tossCoin(rng, (this.faults[at] as CopyFault).coin as Coin);
    const limit = this.#coinLimit[at] as number;
    let draw = rng.nextU32();
    while (draw >= limit) draw = rng.nextU32();
    const size = this.#coinSize[at] as number;
    const face = remainderOfU32(draw, size, this.#coinInverse[at] as number);
    return face < (this.#coinHeads[at] as number);
  }

  /** Each link's list of the open faults that act on it (see #linkStarts), from #open. */
  #fillLinkLists(starts: Int32Array, ops: Int32Array): void {
    const machineCount = this.#machineCount;
    let end = 0;
    for (let senderId = 0; senderId < machineCount; senderId += 1) {
      for (let receiverId = 0; receiverId < machineCount; receiverId += 1) {
        starts[senderId * machineCount + receiverId] = end;
        end = this.#matchOpen(ops, end, senderId, receiverId);
      }
    }
    starts[machineCount * machineCount] = end;
  }

  /** The faults whose window holds `timeUs` into #open, and the span over which that holds. */
  #openWindows(timeUs: number): void {
    const atUs = this.#atUs;
    const untilUs = this.#untilUs;
    let count = 0;
    let fromUs = Number.NEGATIVE_INFINITY;
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
      if (startUs <= timeUs && startUs > fromUs) fromUs = startUs;
      if (endUs <= timeUs && endUs > fromUs) fromUs = endUs;
    }
    this.#openCount = count;
    this.#windows[0] = fromUs;
    this.#windows[1] = changeUs;
    if (this.#linkStarts !== null)
      this.#fillLinkLists(this.#linkStarts, this.#linkOps as Int32Array);
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

/** The corrupt-clock faults of a run, per machine (one machine's windows never overlap). */
export class ClockLies {
  readonly #lies: readonly (readonly Lie[])[];
  readonly any: boolean;
  /** 1 for a machine with a corrupt-clock fault: the one test every event pays. */
  readonly liar: Uint8Array;
  /**
   * Per machine, the span from its first lie window's start to its last one's end (+Infinity
   * and -Infinity without one): a send outside it cannot lie, so the simulator asks `lie` only
   * inside it, one comparison of the send time instead of a call per send all run long.
   */
  readonly lieFromUs: Float64Array;
  readonly lieUntilUs: Float64Array;
  /** What the last `lie` that altered a clock did: the clock carried, and a `sub` stopped at 1. */
  carried = 0;
  clamped = false;

  constructor(faults: readonly FaultConfig[], machineCount: number) {
    const lies: Lie[][] = [];
    for (let id = 0; id < machineCount; id += 1) lies.push([]);
    for (const fault of faults) {
      if (fault.kind !== 'corrupt-clock') continue;
      assert(fault.machine >= 0 && fault.machine < machineCount, 'machine out of range');
      lies[fault.machine]?.push({
        index: fault.index,
        atUs: fault.atUs,
        untilUs: fault.untilUs,
        countMax: fault.countMax,
        change: fault.change,
        used: 0,
      });
    }
    this.#lies = lies;
    this.any = lies.some((list) => list.length > 0);
    this.liar = Uint8Array.from(lies, (list) => (list.length > 0 ? 1 : 0));
    this.lieFromUs = Float64Array.from(lies, (list) =>
      Math.min(Number.POSITIVE_INFINITY, ...list.map((lie) => lie.atUs)),
    );
    this.lieUntilUs = Float64Array.from(lies, (list) =>
      Math.max(Number.NEGATIVE_INFINITY, ...list.map((lie) => lie.untilUs)),
    );
  }

  /**
   * A send of `machineId` at `timeUs` with clock `clock`: the index of the corrupt-clock fault
   * that alters the clock its copies carry (`carried`, `clamped`), counting it as one of that
   * fault's sends; -1 when none does.
   */
  lie(machineId: MachineId, timeUs: number, clock: number): number {
    for (const lie of this.#lies[machineId] ?? []) {
      if (timeUs < lie.atUs || timeUs >= lie.untilUs) continue;
      if (lie.countMax !== null && lie.used >= lie.countMax) return -1;
      lie.used += 1;
      const { carried, clamped } = carriedClock(clock, lie.change);
      this.carried = carried;
      this.clamped = clamped;
      return lie.index;
    }
    return -1;
  }
}
