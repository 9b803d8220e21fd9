/**
 * A machine's own side of its pauses on real sockets. The launcher SIGSTOPs the process at a
 * pause's start, but its timer can fire late on a loaded host, and a tick the machine runs in
 * between would sit inside the pause window in the log (a CI run saw one 1.25 ms in). So the
 * machine, which knows its pauses' starts, holds every tick that comes at or after a start it
 * has not yet been continued from, and runs the held ticks when the SIGCONT comes: as if the
 * SIGSTOP had landed on time, when the same ticks would have run at the wake-up.
 */
import { assert } from '../../core/assert.js';

export class PauseHold {
  /** This process's pause starts (µs after the run's start), ascending. */
  readonly #startsUs: readonly number[];
  /** The first start this process has not been continued from. */
  #next = 0;
  /** The due times (µs) of the ticks held, in the order they came. */
  #heldDueUs: number[] = [];

  constructor(startsUs: readonly number[]) {
    for (let index = 1; index < startsUs.length; index += 1)
      assert((startsUs[index - 1] as number) < (startsUs[index] as number), 'pause starts ascend');
    this.#startsUs = startsUs;
  }

  /** Whether a tick that runs at `nowUs` must wait: a pause has begun and no SIGCONT came since. */
  holds(nowUs: number): boolean {
    const startUs = this.#startsUs[this.#next];
    return startUs !== undefined && nowUs >= startUs;
  }

  hold(dueUs: number): void {
    this.#heldDueUs.push(dueUs);
  }

  get holding(): boolean {
    return this.#heldDueUs.length > 0;
  }

  /**
   * A SIGCONT at `nowUs`: every pause begun by then is over. Returns the held ticks' due times,
   * to be run now, and holds none any more.
   */
  continued(nowUs: number): number[] {
    while (this.#next < this.#startsUs.length && (this.#startsUs[this.#next] as number) <= nowUs)
      this.#next += 1;
    const held = this.#heldDueUs;
    this.#heldDueUs = [];
    return held;
  }
}
