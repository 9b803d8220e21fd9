/**
 * The checker's cache of completed receipts, to name the first one of a duplicate: a receipt is
 * remembered until a later one lands in its slot (its key modulo receiptSlots), so at least the
 * last ~2^18 / N² message ids' receipts of a run of N machines, and every receipt of a short run.
 *
 * The slots start as a Map and become two typed arrays once many are used: the arrays (4 MB,
 * filled) were allocated for every check, which for `explore`'s thousands of small runs was the
 * largest single cost after the run itself, and most of its garbage. The slot of a key is the
 * same either way, so what is remembered is too.
 */
export const receiptSlots = 1 << 18;

/** Slots used before the Map gives way to the arrays (a Map entry costs more than a slot). */
const mapSlotsMax = 1 << 13;

export class ReceiptCache {
  #keys: Float64Array | null = null;
  #lines: Float64Array | null = null;
  readonly #small = new Map<number, { key: number; line: number }>();

  remember(receiptKey: number, line: number): void {
    const slot = receiptKey % receiptSlots;
    if (this.#keys === null || this.#lines === null) {
      this.#small.set(slot, { key: receiptKey, line });
      if (this.#small.size > mapSlotsMax) this.#toArrays();
      return;
    }
    this.#keys[slot] = receiptKey;
    this.#lines[slot] = line;
  }

  /** The log line of a remembered receipt, or -1. */
  lineOf(receiptKey: number): number {
    const slot = receiptKey % receiptSlots;
    if (this.#keys === null || this.#lines === null) {
      const kept = this.#small.get(slot);
      return kept?.key === receiptKey ? kept.line : -1;
    }
    return this.#keys[slot] === receiptKey ? (this.#lines[slot] as number) : -1;
  }

  #toArrays(): void {
    const keys = new Float64Array(receiptSlots).fill(-1);
    const lines = new Float64Array(receiptSlots);
    for (const [slot, { key, line }] of this.#small) {
      keys[slot] = key;
      lines[slot] = line;
    }
    this.#small.clear();
    this.#keys = keys;
    this.#lines = lines;
  }
}
