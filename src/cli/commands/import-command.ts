/**
 * `lamport-lab import <files or dir...> --format <preset|spec.json|auto> --out <run-dir>`: other
 * programs' logs into a run directory that check, analyze, report, plot and export read
 * (docs/IMPORT.md). Exit 0 when every line was read, 1 when some were not (the run is written
 * anyway, the lines listed), 2 when no format fits or the input cannot be read.
 */
import { type Command, InvalidArgumentError } from 'commander';
import { type ExitCode, exitCodes } from '../../common/exit-codes.js';
import { parseRates, parseTimeMs } from '../flag-parsers.js';
import type { CliIo } from '../io.js';
import { typedFlagsOf } from '../typed-flags.js';

interface ImportOptions {
  readonly format: string;
  readonly out: string;
  readonly force: boolean;
  readonly toleranceMs: number;
  readonly rateHz?: number[];
}

/** The presets' names, for --help (the list itself is loaded only when a command runs). */
const presetList = 'lamport-lab, event-csv, python-logging, global-time, json-events';

const examples = `
Examples:
  $ lamport-lab import their-logs/ --format auto --out logs/theirs
  $ lamport-lab import machine_0.log machine_1.log machine_2.log --format event-csv --out logs/theirs
  $ lamport-lab import run.log --format my-format.json --out logs/theirs --tolerance-ms 50
  $ lamport-lab import logs-by-port/ --format json-events --out logs/theirs --rate-hz 1,3,6
  $ lamport-lab check logs/theirs

Formats: auto (tries every preset and says which read the lines, or why none did), a preset
(${presetList}), or a spec file (a path ending in .json; docs/IMPORT.md has the language with
complete examples).

What is written into --out: machine-<id>.csv (lamport-lab's columns), manifest.json (mode
"imported": the source files with their sha256 and lines, the spec, and per column whether it
was given or inferred), import-sources.csv (the source file:line of every row, so check names
their lines) and import-findings.csv (unread lines, receives that match no send, loose and
ambiguous matches, copies never received).

Receives are matched to sends where the logs do not say which: the earliest unmatched copy, by
time then machine id, of the named sender or any other machine, whose clock is compatible
(a clock that jumped took exactly clock - 1; one that did not took at most the previous clock),
sent no later than the receive plus --tolerance-ms.

Exit codes: 0 every line read, 1 some lines matched nothing (the run is written anyway, the
lines listed), 2 no format fits or the input cannot be read.`;

function toleranceParser(text: string): number {
  return parseTimeMs(text);
}

function ratesParser(text: string): number[] {
  const rates = parseRates(text);
  if (rates.some((rate) => !(rate > 0))) {
    throw new InvalidArgumentError(
      `expected rates in Hz > 0 separated by commas, like 1,2,6; got "${text}"`,
    );
  }
  return rates;
}

export function addImportCommand(
  program: Command,
  io: CliIo,
  setExitCode: (code: ExitCode) => void,
): void {
  program
    .command('import')
    .description("turn other programs' logs into a run directory that check and analyze read")
    .argument('<inputs...>', 'log files, or directories of them')
    .requiredOption('--format <format>', `auto, a preset (${presetList}) or a spec file (.json)`)
    .requiredOption('--out <run-dir>', 'the run directory to write')
    .option('--force', 'replace the run lamport-lab wrote in --out', false)
    .option(
      '--tolerance-ms <ms>',
      'how much later than its receive a send may be logged (clocks of several hosts)',
      toleranceParser,
      0,
    )
    .option(
      '--rate-hz <list>',
      "the machines' tick rates (one for all, or one per machine); default: estimated from the logs",
      ratesParser,
    )
    .addHelpText('after', examples)
    .action(async (inputs: string[], options: ImportOptions, command: Command) => {
      const typed = typedFlagsOf(command);
      const [{ importRun }, { checkDeclaredRates }, { formatImportSummary }, { writingOutput }] =
        await Promise.all([
          import('../../import/import-run.js'),
          import('../../import/rates.js'),
          import('./import-report.js'),
          import('../../logs/unfinished-output-guard.js'),
        ]);
      if (options.rateHz !== undefined) checkDeclaredRates(options.rateHz, typed['--rate-hz']);
      const result = await writingOutput(options.out, null, () =>
        importRun({
          inputs,
          format: options.format,
          outDir: options.out,
          force: options.force,
          toleranceMs: options.toleranceMs,
          ratesHz: options.rateHz ?? null,
        }),
      );
      io.stdout.write(formatImportSummary(result, options.format === 'auto'));
      setExitCode(result.unread.length === 0 ? exitCodes.ok : exitCodes.finding);
    });
}
