/**
 * What the CLI touches in the outside world, passed in so that tests run it in-process with
 * captured output, a fake clock and a scripted Ctrl-C. `cli.ts` wires the real process.
 */
export interface CliOutput {
  readonly isTTY?: boolean;
  write(text: string): unknown;
}

export interface CliIo {
  readonly stdout: CliOutput;
  readonly stderr: CliOutput;
  /** Wall-clock milliseconds, for progress and timing only: never for the model. */
  readonly nowMs: () => number;
  /** Fresh entropy for a seed when neither the scenario nor a flag gives one. */
  readonly randomSeed: () => number;
  /** Registers a handler for Ctrl-C; returns a function that removes it. */
  readonly onInterrupt: (handler: () => void) => () => void;
}
