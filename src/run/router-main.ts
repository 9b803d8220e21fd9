/**
 * The entry of the router process of `run --mode tcp --topology router` (issue 19). Like
 * machine-main.ts it loads the router alone (launched-router.ts), not the CLI, and takes its
 * configuration over the IPC channel; its command line (`router --ipc --run-id R`) is for ps.
 */
import { runForkedEntry } from './forked-entry.js';
import { runLaunchedRouter } from './launched-router.js';

await runForkedEntry({
  command: 'router',
  usage:
    'router-main: expected to be forked by `lamport-lab run --mode tcp --topology router` as ' +
    '`router --ipc ...` with an IPC channel',
  run: runLaunchedRouter,
});
