/**
 * The copies a `duplicate` fault delivered twice (faults.csv), for the export: such a copy's
 * second receive is no break of happens-before but the fault's doing, and gets its own arrow.
 * Each recorded duplicate allows exactly one more receive of that copy by that receiver.
 */
import type { RunFaults } from '../logs/run-faults.js';

export class DuplicateCopies {
  /** msg_id → extra copies of the send. */
  readonly #perSend = new Map<string, number>();
  /** `<msg_id>><receiver>` → extra receives still allowed. */
  readonly #perCopy = new Map<string, number>();

  constructor(faults: RunFaults) {
    for (const copy of faults.copies) {
      if (copy.action !== 'duplicate') continue;
      this.#perSend.set(copy.msgId, (this.#perSend.get(copy.msgId) ?? 0) + 1);
      const key = `${copy.msgId}>${copy.receiver}`;
      this.#perCopy.set(key, (this.#perCopy.get(key) ?? 0) + 1);
    }
  }

  /** How many extra copies the send `msgId` made. */
  extraCopies(msgId: string): number {
    return this.#perSend.get(msgId) ?? 0;
  }

  /** Whether one more receive of `msgId` by `receiver` was recorded as a duplicate; uses it. */
  take(msgId: string, receiver: number): boolean {
    const key = `${msgId}>${receiver}`;
    const left = this.#perCopy.get(key) ?? 0;
    if (left <= 0) return false;
    this.#perCopy.set(key, left - 1);
    return true;
  }
}
