/**
 * The entry of a machine process forked by `run --mode tcp`. It loads the machine alone
 * (launched-machine.ts: core, transport, CSV log), not the CLI: a host starting dozens of machines
 * at once pays the module loading once per machine, and the CLI's commands, commander and zod
 * more than doubled it. Its command line is that of `lamport-lab machine --ipc` (the id and run
 * id for ps); everything else comes over the IPC channel. `lamport-lab machine --ipc` still works.
 */
import { exitCodeOf } from '../common/errors.js';
import { exitCodes } from '../common/exit-codes.js';
import { runLaunchedMachine } from './launched-machine.js';

const [command, ...flags] = process.argv.slice(2);
if (command !== 'machine' || !flags.includes('--ipc') || process.send === undefined) {
  // Not the launcher's child: say what this file is for, as a usage error (exit 2).
  process.stderr.write(
    'machine-main: expected to be forked by `lamport-lab run --mode tcp` as `machine --ipc ...` ' +
      'with an IPC channel; to start a machine by hand use `lamport-lab machine`\n',
  );
  process.exitCode = exitCodes.input;
} else {
  // An error nothing caught (a bad configuration from the launcher, a throw in a socket's
  // callback) would end with Node's code 1, a finding's: it gets the table's code instead, and
  // its message last, the line the launcher quotes for a machine that died.
  process.on('uncaughtException', (error) => {
    const message = error instanceof Error ? error.message : String(error);
    const kind = exitCodeOf(error) === exitCodes.internal ? 'internal error: ' : '';
    process.stderr.write(
      `${error instanceof Error ? error.stack : ''}\nmachine: ${kind}${message}\n`,
    );
    process.exit(exitCodeOf(error));
  });
  // Setting the code instead of exiting lets the last IPC message drain.
  process.exitCode = await runLaunchedMachine();
}
