#!/usr/bin/env node
/**
 * The executable: wires the real process into the CLI. This is the only file that reads argv,
 * touches process signals or sets the exit code. Built into dist/src/cli-script.js, which the
 * installed bin (cli/bin.ts) compiles with V8's code cache.
 */
import { randomInt } from 'node:crypto';
import type { CliIo, CliOutput } from './cli/io.js';
import { exitCodeFor, runCli } from './cli/program.js';

// A reader that goes away (`| head`) is not an error: what would have gone to it is dropped and
// the command runs on to its own exit code. Exiting 0 at the first EPIPE made a failing `compare`
// piped into `head` look like success under `set -o pipefail`.
function closablePipe(stream: NodeJS.WriteStream): CliOutput {
  let closed = false;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') {
      closed = true;
      return;
    }
    throw error;
  });
  return {
    isTTY: stream.isTTY,
    write: (text) => (closed || stream.destroyed ? false : stream.write(text)),
  };
}

const io: CliIo = {
  stdout: closablePipe(process.stdout),
  stderr: closablePipe(process.stderr),
  // The global, not node:perf_hooks: importing that module cost ~1 ms of every start.
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
};

// What escapes runCli (a throw in a timer or a stream's callback, a promise nobody awaited)
// would end the process with Node's code 1, which means a finding here: it is an error like
// any other, worded and coded by the same table.
process.on('uncaughtException', (error) => {
  process.exit(exitCodeFor(error, io));
});

// Setting the code instead of exiting lets stdout drain when it is a pipe. Not a top-level await:
// this file is built into a classic script (scripts/bundle.mjs, cli/cli-script.ts), which cannot
// await at its top. The promise is exported for the build, which runs the CLI a few times in one
// process to train V8's code cache (scripts/train-code-cache.mjs) and waits for each run.
export const exitCodeSet: Promise<void> = runCli(process.argv.slice(2), io).then((exitCode) => {
  process.exitCode = exitCode;
});
