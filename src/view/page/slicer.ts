/**
 * Runs long work (a causal cone over 1 M events) in slices of a few ms between frames, so the
 * page never freezes: a slice runs `step` until it returns true (done) or its time is up, then
 * yields to the browser with setTimeout and goes on. Starting new work cancels the old.
 */

export type SliceStep = (budget: number) => boolean;

/** Work units a step is given; it is asked again while the slice has time left. */
const unitsPerStep = 20_000;
const sliceMs = 8;

export class Slicer {
  #generation = 0;
  #timer: ReturnType<typeof setTimeout> | null = null;
  readonly #onError: (error: unknown) => void;

  constructor(onError: (error: unknown) => void) {
    this.#onError = onError;
  }

  /** Runs `step` in slices; `onSlice` after each slice (to redraw), `onDone` once at the end. */
  start(step: SliceStep, onSlice: () => void, onDone: () => void): void {
    this.cancel();
    const generation = this.#generation;
    const slice = () => {
      this.#timer = null;
      if (generation !== this.#generation) return;
      try {
        const endMs = performance.now() + sliceMs;
        let done = false;
        while (!done && performance.now() < endMs) done = step(unitsPerStep);
        onSlice();
        if (done) onDone();
        else this.#timer = setTimeout(slice, 0);
      } catch (error) {
        this.#onError(error);
      }
    };
    slice();
  }

  cancel(): void {
    this.#generation += 1;
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
  }
}
