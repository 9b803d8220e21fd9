/**
 * The entry of the router process of `run --mode tcp --topology router` (issue 19). Like
 * machine-main.ts it loads the router alone (launched-router.ts), not the CLI, and takes its
 * configuration over the IPC channel; its command line (`router --ipc --run-id R`) is for ps.
 */
import { exitCodeOf } from '../common/errors.js';
import { exitCodes } from '../common/exit-codes.js';
import { runLaunchedRouter } from './launched-router.js';

const [command, ...flags] = process.argv.slice(2);
if (command !== 'router' || !flags.includes('--ipc') || process.send === undefined) {
  // Not the launcher's child: say what this file is for, as a usage error (exit 2).
  process.stderr.write(
    'router-main: expected to be forked by `lamport-lab run --mode tcp --topology router` as ' +
      '`router --ipc ...` with an IPC channel\n',
  );
  process.exitCode = exitCodes.input;
} else {
  // As machine-main.ts: an error nothing caught ends with the table's code and its message last,
  // the line the launcher quotes for a router that died.
  process.on('uncaughtException', (error) => {
    const message = error instanceof Error ? error.message : String(error);
    const kind = exitCodeOf(error) === exitCodes.internal ? 'internal error: ' : '';
    process.stderr.write(
      `${error instanceof Error ? error.stack : ''}\nrouter: ${kind}${message}\n`,
    );
    process.exit(exitCodeOf(error));
  });
  process.exitCode = await runLaunchedRouter();
}
