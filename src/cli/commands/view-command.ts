/**
 * `lamport-lab view <run-dir>`: write view.html, an interactive space-time viewer of the whole
 * run in one self-contained file (docs/VIEW.md). What it does is in view-action.ts, loaded
 * when it runs.
 */
import { type Command, InvalidArgumentError } from 'commander';
import { InputError } from '../../common/errors.js';
import { type ExitCode, exitCodes } from '../../common/exit-codes.js';
import type { CliIo } from '../io.js';
import { typedFlagsOf } from '../typed-flags.js';
import type { ViewOptions } from './view-options.js';

const numberPattern = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/** A time in seconds from the start of a run: `view --from 12.5`. */
export function parseTimeSec(text: string): number {
  const value = numberPattern.test(text.trim()) ? Number(text) : Number.NaN;
  if (!Number.isFinite(value) || value < 0) {
    throw new InvalidArgumentError(`expected a finite time in seconds >= 0, got "${text}"`);
  }
  return value;
}

const examples = `
Examples:
  $ lamport-lab view logs/default-seed42
  $ lamport-lab view logs/A2-seed3002 --out /tmp/a2.html
  $ lamport-lab view logs/long-run --from 120 --to 180
  $ lamport-lab view --playground
  $ lamport-lab view --playground --out /tmp/playground.html

The page opens from disk in a browser, with no network and no server: the run and the viewer's
code are inside it. It draws the whole run on one canvas (drag to pan, wheel to zoom, a switch
between time and Lamport clock); click an event for its row, vector clock, causal past and
future, and the critical chain that set its Lamport clock. docs/VIEW.md has every control.

A run of more than 2,000,000 events is not inlined whole: view keeps a window of about that many
events from --from (default: the start), says so on stderr and in the page; --from and --to
choose the part.

--playground writes playground.html (default: in the current directory) instead: the simulator
itself in one page. Pick a bundled scenario, change machines, rates, internal probability,
latency, faults, duration and seed; the run is made in the page and shown in the same viewer,
the URL's hash keeps the settings (a link reproduces the run), and "download logs" gives the
files that "lamport-lab run <scenario> --seed S --out D" writes, byte for byte.

Default output: <run-dir>/view.html (replaced if lamport-lab wrote it; a file of yours there is
refused, --force or not; one at a path --out names is replaced with --force).

Exit codes: 0 written, 2 bad input (the run cannot be read, a bad flag, a file of yours in the
way), 3 an internal error, 130 interrupted.`;

/** The run directory `view` needs unless it writes the playground. */
function requiredRunDir(runDir: string | undefined): string {
  if (runDir === undefined) {
    throw new InputError('view: expected a run directory (or --playground), got none');
  }
  return runDir;
}

export function addViewCommand(
  program: Command,
  io: CliIo,
  setExitCode: (code: ExitCode) => void,
): void {
  program
    .command('view')
    .description('write view.html: an interactive space-time viewer of a run, in one file')
    .argument('[run-dir]', 'a run directory (machine-<id>.csv files and manifest.json)')
    .option(
      '--out <file>',
      'where to write the page (default <run-dir>/view.html, or playground.html)',
    )
    .option('--playground', 'write the playground (the simulator in a page) instead', false)
    .option('--from <sec>', 'keep the run from this time (seconds from its start)', parseTimeSec)
    .option('--to <sec>', 'keep the run until this time (seconds from its start)', parseTimeSec)
    .option('--force', 'replace the file at --out even if lamport-lab did not write it', false)
    .addHelpText('after', examples)
    .action(async (runDir: string | undefined, options: ViewOptions, command: Command) => {
      if (options.playground === true) {
        const { writePlayground } = await import('./playground-action.js');
        writePlayground(runDir, options, io);
      } else {
        const { viewRun } = await import('./view-action.js');
        viewRun(requiredRunDir(runDir), options, io, typedFlagsOf(command));
      }
      setExitCode(exitCodes.ok);
    });
}
