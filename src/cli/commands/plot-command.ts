/**
 * `lamport-lab plot <run-dir>` writes the run's pictures as SVG files; `lamport-lab report
 * <run-dir>` writes report.html, one self-contained page with the tables and the pictures. What
 * they do is in plot-action.ts, loaded when one of them runs.
 */
import type { Command } from 'commander';
import { parseTimeMs } from '../flag-parsers.js';
import type { CliIo } from '../io.js';
import { typedFlagsOf } from '../typed-flags.js';
import type { PlotOptions } from './plot-options.js';

/** What the pictures of a run with faults show (docs/FAULTS.md). */
const faultsDrawn =
  'A run with faults (faults.csv): partitions, pauses and down time are shaded spans, crashes,\n' +
  'restarts and rate steps marks, and in the space-time diagram a dropped copy is an arrow that\n' +
  'ends in a cross.';

export function addPlotCommands(program: Command, io: CliIo): void {
  program
    .command('plot')
    .description("draw a run's pictures as SVG files: clock, queue, drift, jumps, space-time")
    .argument('<run-dir>', 'a run directory')
    .option('--from <ms>', 'space-time diagram: window start (ms)', parseTimeMs)
    .option(
      '--to <ms>',
      'space-time diagram: window end (ms; past the end of the run, cut there)',
      parseTimeMs,
    )
    .option('--out <dir>', 'where the SVG files go (default <run-dir>/charts)')
    .addHelpText(
      'after',
      '\nExamples:\n  $ lamport-lab plot logs/A2-seed3002\n  $ lamport-lab plot logs/A2-seed3002 --from 10000 --to 14000\n' +
        `\n${faultsDrawn}\n`,
    )
    .action(async (runDir: string, options: PlotOptions, command: Command) => {
      const { plotRun } = await import('./plot-action.js');
      plotRun(runDir, options, io, typedFlagsOf(command));
    });
  program
    .command('report')
    .description('write report.html: the scenario, the tables, the pictures and the prediction')
    .argument('<run-dir>', 'a run directory')
    .option('--from <ms>', 'space-time diagram: window start (ms)', parseTimeMs)
    .option(
      '--to <ms>',
      'space-time diagram: window end (ms; past the end of the run, cut there)',
      parseTimeMs,
    )
    .option('--out <file>', 'where the page goes (default <run-dir>/report.html)')
    .option('--force', 'replace the --out file even if lamport-lab did not write it', false)
    .addHelpText(
      'after',
      `\nExamples:\n  $ lamport-lab report logs/default-seed42\n\n${faultsDrawn}\n` +
        'The page also has a table of the faults: kind, when, how often each fired, what it caused.\n',
    )
    .action(async (runDir: string, options: PlotOptions, command: Command) => {
      const { reportRun } = await import('./plot-action.js');
      reportRun(runDir, options, io, typedFlagsOf(command));
    });
}
