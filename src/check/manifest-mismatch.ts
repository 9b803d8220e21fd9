/** One figure a manifest states that its logs (or a re-run) contradict. */
export interface ManifestMismatch {
  /** The manifest's field, as a path: `machines[1].finalClock`. */
  readonly field: string;
  /** What must hold, in words. */
  readonly why: string;
  readonly expected: string;
  readonly found: string;
}
