/**
 * The messages `check` has seen sent and not yet received by every addressee: what a receive is
 * checked against. A run may legitimately end with millions of them queued (a slow machine backs
 * up forever), so they are kept in typed-array rings per sender (core's SendWindow), about 44
 * bytes a message, not as objects: a map of objects holding the send's parsed row cost ~300 bytes
 * a message and made `check` of a long run grow with the run.
 *
 * Who still has to receive a message: with up to 32 machines, a bit mask in the message's slot.
 * With more, a single addressee is stored as its id, and only a message to several (a broadcast)
 * keeps a list object (Addressees) aside.
 */
import { assert, SendWindow } from '../../core/index.js';
import { Addressees } from './addressees.js';

/** Payload numbers per message: the send's msg_clock, time, log line, and its addressees. */
const clockAt = 0;
const timeAt = 1;
const lineAt = 2;
const receiversAt = 3;
const width = 4;
/** Up to this many machines, addressees are a bit mask (an unsigned 32-bit integer). */
const maskMachinesMax = 32;
/** In a wide run's slot: the addressees are in the side map. */
const listedAside = -1;

/** Where a send was logged and what it carried: read from an open message. */
export interface OpenSend {
  readonly clock: number;
  readonly timeUs: number;
  readonly file: string;
  readonly line: number;
}

export class OpenMessages {
  readonly #machineCount: number;
  readonly #masks: boolean;
  readonly #windows: SendWindow[];
  /** Each sender's log file name, for naming where a send was logged. */
  readonly #files: string[];
  /** Wide runs only: the addressees of open messages sent to several machines, by message key. */
  readonly #aside = new Map<number, Addressees>();
  /** What find() returns, reused: one object per receive was garbage to collect. */
  readonly #found: { -readonly [Field in keyof OpenSend]: OpenSend[Field] } = {
    clock: 0,
    timeUs: 0,
    file: '',
    line: 0,
  };

  constructor(machineCount: number) {
    this.#machineCount = machineCount;
    this.#masks = machineCount <= maskMachinesMax;
    this.#windows = Array.from({ length: machineCount }, () => new SendWindow(width));
    this.#files = new Array<string>(machineCount).fill('');
  }

  /**
   * Opens message senderId-seq, sent to `receivers` (distinct ids of other machines of the run,
   * at least one). A sender's messages open in increasing seq.
   */
  open(
    senderId: number,
    seq: number,
    // The send's fields one by one, not as an OpenSend: an object per send was garbage.
    clock: number,
    timeUs: number,
    file: string,
    line: number,
    receivers: readonly number[],
  ): void {
    assert(receivers.length >= 1, 'a message has an addressee');
    const window = this.#windows[senderId] as SendWindow;
    const offset = window.open(seq, receivers.length);
    const payload = window.payload;
    payload[offset + clockAt] = clock;
    payload[offset + timeAt] = timeUs;
    payload[offset + lineAt] = line;
    this.#files[senderId] = file;
    if (this.#masks) {
      let mask = 0;
      for (const id of receivers) mask |= 1 << id;
      payload[offset + receiversAt] = mask >>> 0;
    } else if (receivers.length === 1) {
      payload[offset + receiversAt] = receivers[0] as number;
    } else {
      payload[offset + receiversAt] = listedAside;
      this.#aside.set(this.#key(senderId, seq), new Addressees([...receivers]));
    }
  }

  /** Whether message senderId-seq was sent and some addressee has not received it yet. */
  isOpen(senderId: number, seq: number): boolean {
    return (this.#windows[senderId] as SendWindow).find(seq) >= 0;
  }

  /**
   * The send of message senderId-seq if it was sent to receiverId and not received by it yet;
   * undefined otherwise. The answer is valid until the next find or open.
   */
  find(senderId: number, seq: number, receiverId: number): OpenSend | undefined {
    const window = this.#windows[senderId] as SendWindow;
    const offset = window.find(seq);
    if (offset < 0) return undefined;
    const payload = window.payload;
    if (!this.#waitsFor(senderId, seq, payload[offset + receiversAt] as number, receiverId)) {
      return undefined;
    }
    const found = this.#found;
    found.clock = payload[offset + clockAt] as number;
    found.timeUs = payload[offset + timeAt] as number;
    found.file = this.#files[senderId] as string;
    found.line = payload[offset + lineAt] as number;
    return found;
  }

  /** receiverId takes its copy of open message senderId-seq (find() returned its send). */
  take(senderId: number, seq: number, receiverId: number): void {
    const window = this.#windows[senderId] as SendWindow;
    const offset = window.find(seq);
    assert(offset >= 0, 'take of a message that is not open');
    const payload = window.payload;
    const receivers = payload[offset + receiversAt] as number;
    if (this.#masks) {
      payload[offset + receiversAt] = (receivers & ~(1 << receiverId)) >>> 0;
    } else if (receivers === listedAside) {
      const key = this.#key(senderId, seq);
      const list = this.#aside.get(key) as Addressees;
      list.take(receiverId);
      if (list.left === 0) this.#aside.delete(key);
    }
    window.take(seq);
  }

  /** Calls `visit` for every copy not received yet: each (sender, seq, addressee). */
  forEachCopy(visit: (senderId: number, seq: number, receiverId: number) => void): void {
    this.#windows.forEach((window, senderId) => {
      const payload = window.payload;
      window.forEachOpen((seq, offset) => {
        const receivers = payload[offset + receiversAt] as number;
        if (this.#masks) {
          for (let id = 0; id < this.#machineCount; id += 1) {
            if (((receivers >>> id) & 1) === 1) visit(senderId, seq, id);
          }
        } else if (receivers === listedAside) {
          this.#aside.get(this.#key(senderId, seq))?.forEachLeft((id) => visit(senderId, seq, id));
        } else {
          visit(senderId, seq, receivers);
        }
      });
    });
  }

  /**
   * Messages held, open or behind an open one in its sender's ring: what the store's memory
   * grows with (about 44 bytes each, plus 4 per event of a sender since its oldest open send).
   */
  heldMessages(): number {
    return this.#windows.reduce((total, window) => total + window.spanSends, 0);
  }

  #waitsFor(senderId: number, seq: number, receivers: number, receiverId: number): boolean {
    if (this.#masks) return receiverId < maskMachinesMax && ((receivers >>> receiverId) & 1) === 1;
    if (receivers !== listedAside) return receivers === receiverId;
    return this.#aside.get(this.#key(senderId, seq))?.has(receiverId) === true;
  }

  #key(senderId: number, seq: number): number {
    return seq * this.#machineCount + senderId;
  }
}
