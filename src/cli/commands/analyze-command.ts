/** `lamport-lab analyze <run-dir>`: jumps, drift, queues and delays of a run, and the prediction. */
import type { Command } from 'commander';
import type { CliIo } from '../io.js';

interface AnalyzeOptions {
  readonly json: boolean;
}

const examples = `
Examples:
  $ lamport-lab analyze logs/default-seed42
  $ lamport-lab analyze logs/A2-seed3002 --json

Also writes summary.json into the run directory (every run with logs gets one at its end).
A run with faults (faults.csv) gets a section on them: each fault, when, how often it fired
and what it caused (docs/FAULTS.md).`;

export function addAnalyzeCommand(program: Command, io: CliIo): void {
  program
    .command('analyze')
    .description("a run's clock jumps, drift, queue growth and delays, with the model's prediction")
    .argument('<run-dir>', 'a run directory')
    .option('--json', 'print the summary as JSON', false)
    .addHelpText('after', examples)
    .action(async (runDir: string, options: AnalyzeOptions) => {
      const [{ analyzeRun }, { formatAnalysis }, { writeSummary }] = await Promise.all([
        import('../../analysis/analyze-run.js'),
        import('../../analysis/analysis-text.js'),
        import('../../analysis/summary-file.js'),
      ]);
      const { summary } = analyzeRun(runDir, {
        rerun: 'auto',
        onNote: (note) => io.stderr.write(`note: ${note}\n`),
      });
      const note = writeSummary(runDir, summary);
      if (note !== null) io.stderr.write(note);
      io.stdout.write(
        options.json ? `${JSON.stringify(summary, null, 2)}\n` : `${formatAnalysis(summary)}\n`,
      );
    });
}
