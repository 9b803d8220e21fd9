#!/usr/bin/env node
/**
 * The executable: wires the real process into the CLI. This is the only file that reads argv,
 * touches process signals or sets the exit code.
 */
import { randomInt } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { runCli } from './cli-program.js';

// A reader that goes away (`| head`) is not an error: stop quietly, as other tools do.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
}

const exitCode = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  nowMs: () => performance.now(),
  randomSeed: () => randomInt(0, 2 ** 32),
  // Ctrl-C and a plain kill both stop a run cleanly, keeping its logs.
  onInterrupt: (handler) => {
    process.on('SIGINT', handler);
    process.on('SIGTERM', handler);
    return () => {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    };
  },
});
// Setting the code instead of exiting lets stdout drain when it is a pipe.
process.exitCode = exitCode;
