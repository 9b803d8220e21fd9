/**
 * One machine's network queue in the simulator: the messages sent to it alone, in its own ring,
 * merged with the broadcasts of the shared BroadcastLog from its cursor on, skipping its own.
 * Every message carries the ordinal of its delivery (the simulator counts deliveries), so the
 * merge gives exactly the order in which messages reached this machine: the order a single
 * FIFO queue holding a copy of each broadcast would give.
 *
 * `length` is O(1): messages of its own, plus broadcasts past the cursor, less its own
 * broadcasts among them (counted as they are delivered).
 */
import {
  assert,
  grownRing,
  type MachineId,
  type NetworkQueue,
  type StepEvent,
} from '../../core/index.js';
import {
  type BroadcastLog,
  entryClock,
  entryOrdinal,
  entrySenderId,
  entrySendSeq,
} from './broadcast-log.js';

const capacityInitial = 16;
/** senderId, sendSeq, clock, delivery ordinal. */
const fieldsPerSlot = 4;

export class MergedQueue implements NetworkQueue {
  readonly #machineId: MachineId;
  readonly #broadcasts: BroadcastLog;
  /** Absolute index of the next broadcast this machine has not taken or stepped over. */
  #cursor: number;
  /** This machine's own broadcasts at or past the cursor: not for it, but in the log. */
  #ownAhead = 0;
  #slots = new Float64Array(capacityInitial * fieldsPerSlot);
  #capacity = capacityInitial;
  #head = 0;
  #length = 0;

  constructor(machineId: MachineId, broadcasts: BroadcastLog) {
    this.#machineId = machineId;
    this.#broadcasts = broadcasts;
    this.#cursor = broadcasts.end;
  }

  get length(): number {
    return this.#length + (this.#broadcasts.end - this.#cursor - this.#ownAhead);
  }

  /** The oldest broadcast this queue may still read. */
  get cursor(): number {
    return this.#cursor;
  }

  /** A message sent to this machine alone reached it. */
  push(senderId: number, sendSeq: number, clock: number, ordinal: number): void {
    assert(senderId !== this.#machineId, 'a machine never sends to itself');
    if (this.#length === this.#capacity) this.#grow();
    const base = ((this.#head + this.#length) & (this.#capacity - 1)) * fieldsPerSlot;
    const slots = this.#slots;
    slots[base] = senderId;
    slots[base + 1] = sendSeq;
    slots[base + 2] = clock;
    slots[base + 3] = ordinal;
    this.#length += 1;
  }

  /** This machine's own broadcast was just appended to the log. */
  noteOwnBroadcast(): void {
    this.#ownAhead += 1;
  }

  shiftInto(event: StepEvent): void {
    const log = this.#broadcasts;
    const end = log.end;
    const entries = log.entries;
    const machineId = this.#machineId;
    // Step over this machine's own broadcasts; `at` is the next broadcast for it, or -1.
    let cursor = this.#cursor;
    let at = cursor < end ? log.slotOf(cursor) : -1;
    while (at >= 0 && entries[at + entrySenderId] === machineId) {
      cursor += 1;
      this.#ownAhead -= 1;
      at = cursor < end ? log.slotOf(cursor) : -1;
    }
    this.#cursor = cursor;
    const base = this.#head * fieldsPerSlot;
    const slots = this.#slots;
    if (
      at >= 0 &&
      (this.#length === 0 || (entries[at + entryOrdinal] as number) < (slots[base + 3] as number))
    ) {
      event.senderId = entries[at + entrySenderId] as number;
      event.sendSeq = entries[at + entrySendSeq] as number;
      event.messageClock = entries[at + entryClock] as number;
      this.#cursor = cursor + 1;
      return;
    }
    assert(this.#length > 0, 'shift from an empty queue');
    event.senderId = slots[base] as number;
    event.sendSeq = slots[base + 1] as number;
    event.messageClock = slots[base + 2] as number;
    this.#head = (this.#head + 1) & (this.#capacity - 1);
    this.#length -= 1;
  }

  #grow(): void {
    this.#slots = grownRing(this.#slots, this.#head, fieldsPerSlot);
    this.#capacity *= 2;
    this.#head = 0;
  }
}
