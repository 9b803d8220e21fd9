/**
 * An internal error that stopped a command half way through writing its output directory: the
 * bug itself (`cause`, reported as any internal error is) and the directory it left behind,
 * which holds part of a run and no manifest to say so. The CLI's edge prints the bug, then one
 * line naming the directory as incomplete and how to remove or replace it; the exit code is the
 * bug's (3). Kept free of imports: the edge loads it on every start.
 */
export class UnfinishedOutputError extends Error {
  override readonly name = 'UnfinishedOutputError';
  readonly directory: string;
  override readonly cause: unknown;

  /** `again`: the command that replaces the directory (with --force), when the caller knows it. */
  constructor(directory: string, cause: unknown, again: string | null) {
    const replace =
      again === null
        ? 'give the same command again with --force to replace it'
        : `replace it with: ${again}`;
    super(
      `${directory}: left incomplete by the internal error above (part of the output, no ` +
        `manifest.json or not every file); remove it, or ${replace} (--force removes only what ` +
        'lamport-lab wrote there)',
    );
    this.directory = directory;
    this.cause = cause;
  }
}
