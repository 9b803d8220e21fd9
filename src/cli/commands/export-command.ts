/**
 * `lamport-lab export <run-dir> --format shiviz|perfetto [--out FILE]`: write a run's logs in a
 * format a visualiser opens, and say where it went. Exit 0 when written, 2 when the logs cannot
 * be read or the output cannot be written (one line, nothing left behind).
 */
import { type Command, Option } from 'commander';
import { type ExitCode, exitCodes } from '../../common/exit-codes.js';
import {
  defaultExportFileNames,
  type ExportFormat,
  exportFormats,
} from '../../export/export-formats.js';
import type { ExportResult } from '../../export/export-run.js';
import type { CliIo } from '../io.js';

interface ExportOptions {
  readonly format: ExportFormat;
  readonly out?: string;
  readonly force: boolean;
}

const examples = `
Examples:
  $ lamport-lab export logs/trial4-seed1004 --format shiviz
  $ lamport-lab export logs/default-seed42 --format perfetto --out /tmp/default.json

Formats:
  shiviz    a ShiViz log (GoVector format): vector clocks rebuilt from the logs, one host per
            machine. Upload it at https://distributedclocks.github.io/shiviz/ ; its first line is
            the parser regex ShiViz asks for. ShiViz runs in a browser: export short runs.
  perfetto  Chrome trace-event JSON: a track per machine, a slice per event, an arrow from each
            send to each of its receives. Open it at https://ui.perfetto.dev or chrome://tracing.

A run with faults (faults.csv) shows them too: in ShiViz each fault action is an event of its
host (a dropped copy on its sender, a crash on its machine, a partition on every machine); in
Perfetto a "faults" track of instants and a track per partition, pause or down time.

Default output: <run-dir>/${defaultExportFileNames.shiviz} or <run-dir>/${defaultExportFileNames.perfetto}
(replaced if lamport-lab wrote it; a file of yours there or at --out is refused unless --force
replaces the one named by --out). The same logs always give the same bytes.

Exit codes: 0 written, 2 the logs cannot be read or the output cannot be written.`;

const viewers: Readonly<Record<ExportFormat, string>> = {
  shiviz: 'ShiViz log; upload it at https://distributedclocks.github.io/shiviz/',
  perfetto: 'trace-event JSON; open it at https://ui.perfetto.dev',
};

/** One line: where it went, what is in it, what opens it. */
export function formatExportSummary(result: ExportResult): string {
  return `exported ${result.events} events and ${result.messagesReceived} messages of ${result.machines} machines to ${result.outPath} (${result.bytes} bytes, ${viewers[result.format]})`;
}

export function addExportCommand(
  program: Command,
  io: CliIo,
  setExitCode: (code: ExitCode) => void,
): void {
  program
    .command('export')
    .description("write a run's logs for a visualiser: ShiViz or Perfetto")
    .argument('<run-dir>', 'a run directory (machine-<id>.csv files and manifest.json)')
    .addOption(
      new Option('--format <format>', 'shiviz or perfetto')
        .choices(exportFormats)
        .makeOptionMandatory(),
    )
    .option(
      '--out <file>',
      `where to write (default: <run-dir>/${defaultExportFileNames.shiviz} or <run-dir>/${defaultExportFileNames.perfetto})`,
    )
    .option('--force', 'replace the --out file even if lamport-lab did not write it', false)
    .addHelpText('after', examples)
    .action(async (runDir: string, options: ExportOptions) => {
      const { exportRun } = await import('../../export/export-run.js');
      const result = exportRun(runDir, {
        format: options.format,
        outPath: options.out ?? null,
        force: options.force,
      });
      io.stdout.write(`${formatExportSummary(result)}\n`);
      setExitCode(exitCodes.ok);
    });
}
