/**
 * The entry of a machine process forked by `run --mode tcp`. It loads the machine alone
 * (launched-machine.ts: core, transport, CSV log), not the CLI: a host starting dozens of machines
 * at once pays the module loading once per machine, and the CLI's commands, commander and zod
 * more than doubled it. Its command line is that of `lamport-lab machine --ipc` (the id and run
 * id for ps); everything else comes over the IPC channel. `lamport-lab machine --ipc` still works.
 */
import { runForkedEntry } from './forked-entry.js';
import { runLaunchedMachine } from './launched-machine.js';

await runForkedEntry({
  command: 'machine',
  usage:
    'machine-main: expected to be forked by `lamport-lab run --mode tcp` as `machine --ipc ...` ' +
    'with an IPC channel; to start a machine by hand use `npx lamport-lab machine`',
  run: runLaunchedMachine,
});
