/**
 * The per-copy faults of a TCP run (issue 19), applied by the router to whole frames, never to
 * bytes (cutting a frame would only test the framing): each `msg` frame is one send; each of its
 * receivers one copy. The decisions are the virtual network's own (copy-faults.ts), from the same
 * streams (the run's seed, each fault's stream named from its content), in the same order per
 * copy: a corrupt row first (the router rewrites the clock the frame carries), then the faults in
 * list order, the first drop winning. Times are the SEND's: the machine stamps each frame with
 * its row's time (µs since the run's start barrier, `atUs`), so a copy's row is at its send's
 * time and a window holds exactly the sends the logs show in it.
 *
 * What differs from virtual time is only what a real network does anyway: the copy's latency is
 * the network's (a duplicate's latency is still drawn from its stream, to keep the stream where
 * virtual time has it, and then not used: the second copy follows the first at once); a delay
 * holds the copy `extraUs` on the router's monotonic clock from when the frame reached it; with
 * `fifo` every later copy of the channel waits behind a held one, without it later copies
 * overtake. The draws happen in the order frames reach the router, which for sends of different
 * machines within a few ms of each other need not be the send order: `replay` therefore takes the
 * router's decisions from faults.csv, as it takes the order of arrivals from the logs.
 *
 * At the end (every fin in) the copies still held are not sent: they are in flight at the end,
 * counted per receiver, as in virtual time.
 */
import type { Rng } from '../../core/index.js';
import { ClockLies, CopyFaultTable, codeDelay, codeLoss } from '../copy-faults.js';
import type { FaultConfig, FaultRecorder } from '../fault-config.js';
import { drawLatencyUs, type LatencyModel } from '../latency.js';
import { seededRngFactory } from '../seeded-rng.js';
import type { Frame } from './framing.js';
import type { Timer, WallClock } from './wall-clock.js';

export type MsgFrame = Extract<Frame, { kind: 'msg' }>;

/** What the router needs to apply a run's faults (the launcher sends it, in exact units). */
export interface RouterFaultPlan {
  readonly faults: readonly FaultConfig[];
  readonly seed: number;
  /** The scenario's model: only a duplicate's draw uses it (see the file comment). */
  readonly latency: LatencyModel;
  readonly fifo: boolean;
  readonly durationUs: number;
}

/** A partition's start or heal, written once the run's time has reached it. */
interface StateRow {
  readonly timeUs: number;
  readonly faultIndex: number;
  readonly action: 'partition-start' | 'partition-heal';
}

/** A copy held by a delay (or behind one, with fifo) until `releaseMs` (monotonic). */
interface Held {
  readonly releaseMs: number;
  readonly receiverId: number;
  readonly frame: MsgFrame;
  /** The same copy again right after it: its duplicates. */
  readonly copies: number;
}

export class FrameFaults {
  readonly #plan: RouterFaultPlan;
  readonly #machineCount: number;
  readonly #recorder: FaultRecorder;
  readonly #clock: WallClock;
  readonly #write: (receiverId: number, frame: MsgFrame) => void;
  readonly #nowUs = new Float64Array(1);
  readonly #table: CopyFaultTable;
  readonly #lies: ClockLies;
  /** Partition rows not yet written, in time order (at one time, in list order). */
  readonly #stateRows: StateRow[];
  /** With fifo: per channel (sender × receiver), the copies held in order. */
  readonly #channels: Held[][];
  /** Without fifo: every held copy with its own timer. */
  readonly #timers = new Set<{ held: Held; timer: Timer }>();
  #channelTimers: (Timer | null)[];
  #ended = false;

  constructor(parts: {
    readonly plan: RouterFaultPlan;
    readonly machineCount: number;
    readonly recorder: FaultRecorder;
    readonly clock: WallClock;
    /** Writes one copy to its receiver (the router counts what it cannot write). */
    readonly write: (receiverId: number, frame: MsgFrame) => void;
  }) {
    const { plan, machineCount } = parts;
    this.#plan = plan;
    this.#machineCount = machineCount;
    this.#recorder = parts.recorder;
    this.#clock = parts.clock;
    this.#write = parts.write;
    const latency = plan.latency;
    this.#table = new CopyFaultTable({
      faults: plan.faults,
      machineCount,
      rngFor: seededRngFactory(plan.seed),
      latencyUsFrom: (rng: Rng) => (latency.kind === 'constant' ? 0 : drawLatencyUs(latency, rng)),
      nowUs: this.#nowUs,
    });
    this.#lies = new ClockLies(plan.faults, machineCount);
    this.#stateRows = stateRowsOf(plan.faults);
    this.#channels = Array.from({ length: machineCount * machineCount }, () => []);
    this.#channelTimers = new Array<Timer | null>(machineCount * machineCount).fill(null);
  }

  /**
   * One send: its copies decided, recorded, and written now, later, or never. `timeUs` is the
   * send's time (the frame's `atUs`).
   */
  route(frame: MsgFrame, timeUs: number): void {
    if (this.#ended) return;
    this.#stateRowsUntil(timeUs);
    const senderId = frame.from;
    // A send's clock is at least 1; a frame that says otherwise is not altered (the receiving
    // machine refuses it), rather than taken for a send it cannot be.
    const lie =
      this.#lies.liar[senderId] === 1 && frame.clock >= 1
        ? this.#lies.lie(senderId, timeUs, frame.clock)
        : -1;
    const carried = lie >= 0 ? this.#lies.carried : frame.clock;
    for (const receiverId of frame.to) {
      if (receiverId >= this.#machineCount || receiverId === senderId) continue;
      const sendSeq = frame.seq;
      const copy = { timeUs, receiverId, senderId, sendSeq };
      if (lie >= 0) {
        this.#recorder.record({
          action: 'corrupt',
          ...copy,
          faultIndex: lie,
          trueClock: frame.clock,
          carriedClock: carried,
          clamped: this.#lies.clamped,
        });
      }
      this.#copy({ ...frame, clock: carried, to: [receiverId] }, copy);
    }
  }

  #copy(
    frame: MsgFrame,
    copy: {
      readonly timeUs: number;
      readonly receiverId: number;
      readonly senderId: number;
      readonly sendSeq: number;
    },
  ): void {
    const table = this.#table;
    this.#nowUs[0] = copy.timeUs;
    const dropAt = table.decide(copy.senderId, copy.receiverId);
    if (dropAt >= 0) {
      const fault = table.faults[dropAt];
      const reason = fault?.code === codeLoss ? 'loss' : 'partition';
      this.#recorder.record({ action: 'drop', ...copy, faultIndex: fault?.index ?? -1, reason });
      return;
    }
    let copies = 1;
    for (let at = 0; at < table.acted; at += 1) {
      const fault = table.faults[table.actedAt[at] as number];
      if (fault === undefined) continue;
      if (fault.code === codeDelay) {
        this.#recorder.record({
          action: 'delay',
          ...copy,
          faultIndex: fault.index,
          extraUs: fault.extraUs,
        });
      } else {
        this.#recorder.record({ action: 'duplicate', ...copy, faultIndex: fault.index });
        copies += 1;
      }
    }
    this.#send(copy.senderId, copy.receiverId, frame, copies, table.extraUs);
  }

  /** Writes the copy (and its duplicates) now, or holds it `extraUs` (fifo: behind the channel). */
  #send(senderId: number, receiverId: number, frame: MsgFrame, copies: number, extraUs: number) {
    const channel = senderId * this.#machineCount + receiverId;
    const queue = this.#channels[channel] as Held[];
    const waits = this.#plan.fifo && queue.length > 0;
    if (extraUs === 0 && !waits) {
      for (let at = 0; at < copies; at += 1) this.#write(receiverId, frame);
      return;
    }
    const held: Held = {
      releaseMs: this.#clock.nowMs() + extraUs / 1000,
      receiverId,
      frame,
      copies,
    };
    if (this.#plan.fifo) {
      queue.push(held);
      if (queue.length === 1) this.#armChannel(channel);
      return;
    }
    const entry = {
      held,
      timer: this.#clock.after(extraUs / 1000, () => {
        this.#timers.delete(entry);
        this.#release(held);
      }),
    };
    this.#timers.add(entry);
  }

  /** With fifo: the channel's head goes at its time, then the next (never before its own). */
  #armChannel(channel: number): void {
    const queue = this.#channels[channel] as Held[];
    const head = queue[0];
    if (head === undefined) {
      this.#channelTimers[channel] = null;
      return;
    }
    this.#channelTimers[channel] = this.#clock.after(head.releaseMs - this.#clock.nowMs(), () => {
      queue.shift();
      this.#release(head);
      this.#armChannel(channel);
    });
  }

  #release(held: Held): void {
    for (let at = 0; at < held.copies; at += 1) this.#write(held.receiverId, held.frame);
  }

  /** The partition rows due by `timeUs` (the run's time has reached them). */
  #stateRowsUntil(timeUs: number): void {
    const rows = this.#stateRows;
    while (rows.length > 0 && (rows[0] as StateRow).timeUs <= timeUs) {
      const row = rows.shift() as StateRow;
      this.#recorder.record({ action: row.action, timeUs: row.timeUs, faultIndex: row.faultIndex });
    }
  }

  /**
   * The end of the run at `endUs` (the router's time since the start, at most the duration):
   * the partition rows due by then are written, and every copy still held is dropped from the
   * wire. Returns those, per receiver: the copies in flight at the end.
   */
  end(endUs: number): number[] {
    this.#stateRowsUntil(Math.min(endUs, this.#plan.durationUs));
    const inFlight = new Array<number>(this.#machineCount).fill(0);
    if (this.#ended) return inFlight;
    this.#ended = true;
    const count = (held: Held) => {
      inFlight[held.receiverId] = (inFlight[held.receiverId] as number) + held.copies;
    };
    for (const entry of this.#timers) {
      entry.timer.cancel();
      count(entry.held);
    }
    this.#timers.clear();
    this.#channels.forEach((queue, channel) => {
      this.#channelTimers[channel]?.cancel();
      for (const held of queue) count(held);
      queue.length = 0;
    });
    this.#channelTimers = this.#channelTimers.map(() => null);
    return inFlight;
  }
}

/** Every partition's start and heal row, in time order (at one time in list order). */
function stateRowsOf(faults: readonly FaultConfig[]): StateRow[] {
  const rows: StateRow[] = [];
  for (const fault of faults) {
    if (fault.kind !== 'partition') continue;
    rows.push({ timeUs: fault.atUs, faultIndex: fault.index, action: 'partition-start' });
    rows.push({ timeUs: fault.untilUs, faultIndex: fault.index, action: 'partition-heal' });
  }
  // Stable: at one instant the list's order, as the simulator applies state changes.
  return rows.sort((a, b) => a.timeUs - b.timeUs);
}
