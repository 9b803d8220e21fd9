/**
 * `replay`, `compare` and `regress`: every run reproducible, every change in behaviour measured.
 * Their options are here; what they do is in regress-action.ts, loaded when one of them runs.
 */
import type { Command } from 'commander';
import type { ExitCode } from '../../common/exit-codes.js';
import { parseFraction } from '../flag-parsers.js';
import type { CliIo } from '../io.js';
import type { CompareOptions, ReplayOptions } from './regress-options.js';

export function addRegressCommands(
  program: Command,
  io: CliIo,
  setExitCode: (code: ExitCode) => void,
): void {
  program
    .command('replay')
    .description('run a virtual run again from its manifest alone; --verify compares every byte')
    .argument('<run-dir>', 'a run directory')
    .option('--out <dir>', 'where the replay goes (default <run-dir>-replay)')
    .option(
      '--force',
      'replace an earlier replay in a non-empty --out (only files lamport-lab wrote)',
      false,
    )
    .option(
      '--verify',
      'exit 0 when every log byte is identical, else 1 naming the first difference',
      false,
    )
    .addHelpText('after', '\nExamples:\n  $ lamport-lab replay logs/A2-seed3002 --verify\n')
    .action(async (runDir: string, options: ReplayOptions) => {
      const { replayCommand } = await import('./regress-action.js');
      setExitCode(await replayCommand(runDir, options, io));
    });

  program
    .command('compare')
    .description('compare two runs, or a run and a baseline, metric by metric')
    .argument('<before>', 'a run directory or a baseline file (scenarios/baselines/<name>.json)')
    .argument('<after>', 'a run directory or a baseline file')
    .option(
      '--tolerance <rel>',
      'relative change allowed per metric, a fraction from 0 to 1 (0.05 is 5 %; hashes must match exactly)',
      parseFraction,
      0,
    )
    .option('--json', 'print the comparison as JSON', false)
    .addHelpText(
      'after',
      '\nExamples:\n  $ lamport-lab compare scenarios/baselines/A2.json logs/A2-seed3002\n  $ lamport-lab compare logs/a logs/b --tolerance 0.05\n',
    )
    .action(async (before: string, after: string, options: CompareOptions) => {
      const { compareCommand } = await import('./regress-action.js');
      setExitCode(compareCommand(before, after, options, io));
    });

  program
    .command('regress')
    .description('run every bundled scenario and compare it with its baseline')
    .option(
      '--update',
      'rewrite the baselines that changed (on purpose) and show what changed',
      false,
    )
    .addHelpText(
      'after',
      '\nExamples:\n  $ lamport-lab regress\n  $ lamport-lab regress --update\n',
    )
    .action(async (options: { update: boolean }) => {
      const { regressCommand } = await import('./regress-action.js');
      setExitCode(await regressCommand(options, io));
    });
}
