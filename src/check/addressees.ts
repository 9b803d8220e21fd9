/**
 * The machines a message was sent to that have not received it yet. A receive asks for its own
 * id and takes it: for a broadcast to thousands of machines, a scan and a splice per receive
 * would make checking cost O(N) per receive, so large lists are kept sorted and found by binary
 * search instead, with a flag per copy taken. Small lists (the usual one to three receivers)
 * stay a plain array: cheaper to make than typed arrays, and a scan of a few is the fastest find.
 */

/** Lists longer than this are searched, not scanned. */
const scannedMax = 16;

export class Addressees {
  /** Still to receive (small lists), or every addressee in ascending id (large lists). */
  readonly #ids: number[];
  /** Large lists only: taken[i] is 1 once #ids[i] has received. */
  readonly #taken: Uint8Array | null;
  #left: number;

  /** `ids` must be distinct; the array is kept (and changed), not copied. */
  constructor(ids: number[]) {
    this.#ids = ids;
    this.#left = ids.length;
    if (ids.length <= scannedMax) {
      this.#taken = null;
      return;
    }
    ids.sort((a, b) => a - b);
    this.#taken = new Uint8Array(ids.length);
  }

  /** Addressees that have not received yet. */
  get left(): number {
    return this.#left;
  }

  /** Whether machineId was sent this message and has not received it yet. */
  has(machineId: number): boolean {
    return this.#indexOf(machineId) >= 0;
  }

  /** Marks machineId's copy received; false when it was not waiting for one. */
  take(machineId: number): boolean {
    const index = this.#indexOf(machineId);
    if (index < 0) return false;
    if (this.#taken === null) this.#ids.splice(index, 1);
    else this.#taken[index] = 1;
    this.#left -= 1;
    return true;
  }

  /** Calls `visit` with each addressee still to receive. */
  forEachLeft(visit: (machineId: number) => void): void {
    const taken = this.#taken;
    for (let index = 0; index < this.#ids.length; index += 1) {
      if (taken === null || taken[index] === 0) visit(this.#ids[index] as number);
    }
  }

  #indexOf(machineId: number): number {
    const ids = this.#ids;
    const taken = this.#taken;
    if (taken === null) return ids.indexOf(machineId);
    let low = 0;
    let high = ids.length - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const id = ids[middle] as number;
      if (id === machineId) return taken[middle] === 0 ? middle : -1;
      if (id < machineId) low = middle + 1;
      else high = middle - 1;
    }
    return -1;
  }
}
