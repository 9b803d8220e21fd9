/**
 * `lamport-lab view <run-dir>`: write view.html, an interactive space-time viewer of the whole
 * run in one self-contained file (docs/VIEW.md). What it does is in view-action.ts, loaded
 * when it runs.
 */
import { type Command, InvalidArgumentError } from 'commander';
import { type ExitCode, exitCodes } from '../../common/exit-codes.js';
import type { CliIo } from '../io.js';

export interface ViewOptions {
  readonly out?: string;
  /** Seconds from the start of the run. */
  readonly from?: number;
  readonly to?: number;
  readonly force: boolean;
}

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

The page opens from disk in a browser, with no network and no server: the run and the viewer's
code are inside it. It draws the whole run on one canvas (drag to pan, wheel to zoom, a switch
between time and Lamport clock); click an event for its row, vector clock, causal past and
future, and the critical chain that set its Lamport clock. docs/VIEW.md has every control.

A run of more than 2,000,000 events is not inlined whole: view keeps a window of about that many
events from --from (default: the start), says so on stderr and in the page; --from and --to
choose the part.

Default output: <run-dir>/view.html (replaced if lamport-lab wrote it; a file of yours there or
at --out is refused unless --force).

Exit codes: 0 written, 2 bad input (the run cannot be read, a bad flag, a file of yours in the
way), 3 an internal error, 130 interrupted.`;

export function addViewCommand(
  program: Command,
  io: CliIo,
  setExitCode: (code: ExitCode) => void,
): void {
  program
    .command('view')
    .description('write view.html: an interactive space-time viewer of a run, in one file')
    .argument('<run-dir>', 'a run directory (machine-<id>.csv files and manifest.json)')
    .option('--out <file>', 'where to write the page (default <run-dir>/view.html)')
    .option('--from <sec>', 'keep the run from this time (seconds from its start)', parseTimeSec)
    .option('--to <sec>', 'keep the run until this time (seconds from its start)', parseTimeSec)
    .option('--force', 'replace the output file even if lamport-lab did not write it', false)
    .addHelpText('after', examples)
    .action(async (runDir: string, options: ViewOptions) => {
      const { viewRun } = await import('./view-action.js');
      viewRun(runDir, options, io);
      setExitCode(exitCodes.ok);
    });
}
