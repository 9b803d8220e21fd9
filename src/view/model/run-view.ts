/**
 * A run decoded for the viewer: one typed array per column, no object per event, so a run of
 * 1 M events costs a few tens of MB and every question (a cone, a visible range, a density) is a
 * loop over numbers. The page reads a run only through this class.
 *
 * Derived here, not sent: `sendOf` (each receive's send, found by its msg_id on the sender's
 * machine) and the receives of each send. A receive whose send is not in the data (a window was
 * kept, or the log is someone else's) has sendOf -1; a duplicated copy makes two receives of one
 * send.
 */
import { timeMsText } from './time-ms-text.js';
import {
  type CheckResult,
  type EventKind,
  eventKinds,
  type FaultMark,
  kindCodes,
  parseViewData,
  type ViewData,
  ViewDataError,
  type ViewMode,
  type ViewWindow,
} from './view-data.js';

export type { EventKind, FaultMark } from './view-data.js';

/** The columns of every machine log, in order. */
export const logHeader: readonly string[] = [
  'machine',
  'seq',
  'event',
  'time_ms',
  'logical_clock',
  'queue_length',
  'peers',
  'msg_id',
  'msg_clock',
];

/** Running sums of one delta column, restarting at each machine. */
function undelta(
  deltas: readonly number[],
  machineStart: Int32Array,
  name: string,
  nonNegative: boolean,
): Float64Array {
  const values = new Float64Array(deltas.length);
  for (let m = 0; m + 1 < machineStart.length; m += 1) {
    let value = 0;
    for (let i = machineStart[m] as number; i < (machineStart[m + 1] as number); i += 1) {
      const delta = deltas[i] as number;
      if (!Number.isSafeInteger(delta)) {
        throw new ViewDataError(
          `events.${name}[${i}]: expected a whole number, got ${String(delta)}`,
        );
      }
      value += delta;
      if (nonNegative && value < 0) {
        throw new ViewDataError(`events.${name}[${i}]: the value goes below 0 (${value})`);
      }
      values[i] = value;
    }
  }
  return values;
}

function intColumn(values: readonly number[], name: string): Int32Array {
  const column = new Int32Array(values.length);
  for (let i = 0; i < values.length; i += 1) {
    const value = values[i] as number;
    if (!Number.isInteger(value) || value < -1 || value > 0x7fffffff) {
      throw new ViewDataError(
        `events.${name}[${i}]: expected a whole number, got ${String(value)}`,
      );
    }
    column[i] = value;
  }
  return column;
}

export class RunView {
  readonly eventCount: number;
  readonly machineCount: number;
  readonly ratesHz: readonly number[];
  readonly durationUs: number;
  readonly title: string;
  readonly mode: ViewMode;
  readonly seed: number | null;
  readonly completed: boolean;
  readonly machine: Int32Array;
  readonly seq: Float64Array;
  /** 0 internal, 1 send, 2 receive, 3 restart (kindCodes). */
  readonly kindCode: Uint8Array;
  readonly timeUs: Float64Array;
  readonly clock: Float64Array;
  readonly queue: Int32Array;
  /** A receive's send's index, else -1 (not a receive, or its send is not in the data). */
  readonly sendOf: Int32Array;
  /** Machine m's events are [machineStart[m], machineStart[m + 1]). */
  readonly machineStart: Int32Array;
  /** Per event, its row in the message columns (sends and receives), else -1. */
  readonly messageSlot: Int32Array;
  readonly header: readonly string[] = logHeader;
  readonly faults: readonly FaultMark[];
  readonly summary: unknown | null;
  readonly check: CheckResult | null;
  readonly window: ViewWindow | null;
  /** Per message slot: its peers cell (index into #peerTexts), msg_id parts, msg_clock. */
  readonly #peerTexts: readonly string[];
  readonly #msgPeers: Int32Array;
  readonly #msgSender: Int32Array;
  readonly #msgSeq: Float64Array;
  readonly #msgClock: Float64Array;
  /** The receives of send s are #receives[#receivesStart[s], #receivesStart[s + 1]). */
  readonly #receivesStart: Int32Array;
  readonly #receives: Int32Array;

  static fromData(data: ViewData): RunView {
    return new RunView(parseViewData(data));
  }

  private constructor(data: ViewData) {
    const events = data.events;
    this.eventCount = events.count;
    this.machineCount = data.machineCount;
    this.ratesHz = data.ratesHz;
    this.durationUs = data.durationUs;
    this.title = data.title;
    this.mode = data.mode;
    this.seed = data.seed;
    this.completed = data.completed;
    this.faults = data.faults;
    this.summary = data.summary;
    this.check = data.check;
    this.window = data.window;
    this.machineStart = new Int32Array(this.machineCount + 1);
    this.machine = new Int32Array(this.eventCount);
    for (let m = 0; m < this.machineCount; m += 1) {
      const start = this.machineStart[m] as number;
      const end = start + (events.perMachine[m] as number);
      this.machineStart[m + 1] = end;
      this.machine.fill(m, start, end);
    }
    this.kindCode = new Uint8Array(this.eventCount);
    for (let i = 0; i < this.eventCount; i += 1) {
      const code = events.kinds.charCodeAt(i) - 48;
      if (code < 0 || code > 3) {
        throw new ViewDataError(
          `events.kinds[${i}]: expected a digit 0..3, got ${events.kinds[i]}`,
        );
      }
      this.kindCode[i] = code;
    }
    this.seq = undelta(events.seqDelta, this.machineStart, 'seqDelta', true);
    this.timeUs = undelta(events.timeDeltaUs, this.machineStart, 'timeDeltaUs', true);
    this.clock = undelta(events.clockDelta, this.machineStart, 'clockDelta', true);
    this.queue = intColumn(events.queue, 'queue');
    this.#peerTexts = events.peerTexts;
    this.#msgPeers = intColumn(events.msgPeers, 'msgPeers');
    this.#msgSender = intColumn(events.msgSender, 'msgSender');
    this.#msgSeq = new Float64Array(events.msgSeq);
    this.#msgClock = new Float64Array(events.msgClockDelta.length);
    this.messageSlot = new Int32Array(this.eventCount).fill(-1);
    let slot = 0;
    for (let i = 0; i < this.eventCount; i += 1) {
      const code = this.kindCode[i] as number;
      if (code !== kindCodes.send && code !== kindCodes.receive) continue;
      this.messageSlot[i] = slot;
      if ((this.#msgPeers[slot] as number) >= this.#peerTexts.length) {
        throw new ViewDataError(`events.msgPeers[${slot}]: expected an index into peerTexts`);
      }
      // Stored relative to the row's own seq and clock (see EventColumns).
      if (code === kindCodes.send)
        this.#msgSeq[slot] = (this.seq[i] as number) - (this.#msgSeq[slot] as number);
      this.#msgClock[slot] = (this.clock[i] as number) - (events.msgClockDelta[slot] as number);
      slot += 1;
    }
    this.sendOf = this.#findSends();
    [this.#receivesStart, this.#receives] = this.#receiveLists();
  }

  /** Each receive's send: on the msg_id's sender's machine, the send whose msg_id is the same. */
  #findSends(): Int32Array {
    const sendOf = new Int32Array(this.eventCount).fill(-1);
    for (let i = 0; i < this.eventCount; i += 1) {
      if (this.kindCode[i] !== kindCodes.receive) continue;
      const slot = this.messageSlot[i] as number;
      const sender = this.#msgSender[slot] as number;
      if (sender < 0 || sender >= this.machineCount) continue;
      const msgSeq = this.#msgSeq[slot] as number;
      // A machine's seqs rise, and a send's msg_id seq is its own seq: a binary search finds it.
      let low = this.machineStart[sender] as number;
      let high = (this.machineStart[sender + 1] as number) - 1;
      while (low <= high) {
        const middle = (low + high) >>> 1;
        const value = this.seq[middle] as number;
        if (value < msgSeq) low = middle + 1;
        else if (value > msgSeq) high = middle - 1;
        else {
          const sendSlot = this.messageSlot[middle] as number;
          const isSend = this.kindCode[middle] === kindCodes.send;
          if (isSend && this.#msgSeq[sendSlot] === msgSeq) sendOf[i] = middle;
          break;
        }
      }
    }
    return sendOf;
  }

  #receiveLists(): [Int32Array, Int32Array] {
    const start = new Int32Array(this.eventCount + 1);
    for (let i = 0; i < this.eventCount; i += 1) {
      const send = this.sendOf[i] as number;
      if (send >= 0) start[send + 1] = (start[send + 1] as number) + 1;
    }
    for (let i = 0; i < this.eventCount; i += 1) {
      start[i + 1] = (start[i + 1] as number) + (start[i] as number);
    }
    const receives = new Int32Array(start[this.eventCount] as number);
    const filled = start.slice(0, this.eventCount);
    for (let i = 0; i < this.eventCount; i += 1) {
      const send = this.sendOf[i] as number;
      if (send < 0) continue;
      receives[filled[send] as number] = i;
      filled[send] = (filled[send] as number) + 1;
    }
    return [start, receives];
  }

  /** The receives (in the data) of a send, ascending; empty for any other event. */
  receivesOf(sendIndex: number): readonly number[] {
    const from = this.#receivesStart[sendIndex] as number;
    const until = this.#receivesStart[sendIndex + 1] as number;
    return Array.from(this.#receives.subarray(from, until));
  }

  /** How many receives (in the data) a send has, without making a list. */
  receiveCount(sendIndex: number): number {
    return (
      (this.#receivesStart[sendIndex + 1] as number) - (this.#receivesStart[sendIndex] as number)
    );
  }

  /** The j-th receive of a send (0 <= j < receiveCount), for loops that allocate nothing. */
  receiveAt(sendIndex: number, j: number): number {
    return this.#receives[(this.#receivesStart[sendIndex] as number) + j] as number;
  }

  kind(i: number): EventKind {
    return eventKinds[this.kindCode[i] as number] as EventKind;
  }

  /** [start, end) of the machine's events. */
  machineRange(machine: number): { start: number; end: number } {
    return {
      start: this.machineStart[machine] as number,
      end: this.machineStart[machine + 1] as number,
    };
  }

  /** The message's clock as logged (msg_clock), or NaN for an internal or restart event. */
  msgClock(i: number): number {
    const slot = this.messageSlot[i] as number;
    return slot < 0 ? Number.NaN : (this.#msgClock[slot] as number);
  }

  /** The machine that sent the message (msg_id's sender), or -1 for an internal or restart event. */
  msgSender(i: number): number {
    const slot = this.messageSlot[i] as number;
    return slot < 0 ? -1 : (this.#msgSender[slot] as number);
  }

  /** The CSV row of event i, cell for cell, as the machine's log has it. */
  rowCells(i: number): string[] {
    const slot = this.messageSlot[i] as number;
    const cells = [
      String(this.machine[i]),
      String(this.seq[i]),
      this.kind(i),
      timeMsText(this.timeUs[i] as number),
      String(this.clock[i]),
      String(this.queue[i]),
    ];
    if (slot < 0) return [...cells, '', '', ''];
    return [
      ...cells,
      this.#peerTexts[this.#msgPeers[slot] as number] as string,
      `${this.#msgSender[slot]}-${this.#msgSeq[slot]}`,
      String(this.#msgClock[slot]),
    ];
  }

  /** The highest clock of any event (0 for an empty run): the lamport axis's extent. */
  maxClock(): number {
    let max = 0;
    for (let i = 0; i < this.eventCount; i += 1)
      if ((this.clock[i] as number) > max) max = this.clock[i] as number;
    return max;
  }
}
