/**
 * What the entries of the processes `run --mode tcp` forks (machine-main.ts, router-main.ts)
 * share: they refuse to run when not forked with an IPC channel, and an error nothing caught
 * ends the process with the exit-code table's code and its message last, the line the launcher
 * quotes for a process that died (Node's own code would be 1, a finding's).
 */
import { exitCodeOf } from '../common/errors.js';
import { type ExitCode, exitCodes } from '../common/exit-codes.js';

export async function runForkedEntry(entry: {
  /** The command word its command line starts with (`machine`, `router`). */
  readonly command: string;
  /** What to say when it was not forked so: the usage error's line. */
  readonly usage: string;
  readonly run: () => Promise<ExitCode>;
}): Promise<void> {
  const [command, ...flags] = process.argv.slice(2);
  if (command !== entry.command || !flags.includes('--ipc') || process.send === undefined) {
    process.stderr.write(`${entry.usage}\n`);
    process.exitCode = exitCodes.input;
    return;
  }
  process.on('uncaughtException', (error) => {
    const message = error instanceof Error ? error.message : String(error);
    const kind = exitCodeOf(error) === exitCodes.internal ? 'internal error: ' : '';
    process.stderr.write(
      `${error instanceof Error ? error.stack : ''}\n${entry.command}: ${kind}${message}\n`,
    );
    process.exit(exitCodeOf(error));
  });
  // Setting the code instead of exiting lets the last IPC message drain.
  process.exitCode = await entry.run();
}
