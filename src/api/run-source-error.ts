/**
 * The one error the library throws for a run it cannot read: a path that is not a readable run
 * directory, a run directory whose files are not lamport-lab's format, or events (from plain
 * JavaScript, where the types do not hold) that are not RunEvents. Thrown at the API boundary,
 * so a caller catches one exported class instead of lamport-lab's internal errors.
 */
export class RunSourceError extends Error {
  override readonly name = 'RunSourceError';
  /**
   * What is wrong, as the CLI names it: the directory's path (`runs/a`), a file in it
   * (`runs/a/manifest.json`), or an event's field (`events[3].to`).
   */
  readonly field: string;
  /** What it must be, without "expected": `an array of machine ids (integers 0 or more)`. */
  readonly expected: string;
  /** What it was: `nothing`, `"0" (string)`, `no such directory`; empty when not known. */
  readonly received: string;

  constructor(message: string, field: string, expected: string, received: string) {
    super(message);
    this.field = field;
    this.expected = expected;
    this.received = received;
  }
}
