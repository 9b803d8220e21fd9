/**
 * `lamport-lab plot <run-dir>` writes the run's pictures as SVG files; `lamport-lab report
 * <run-dir>` writes report.html, one self-contained page with the tables and the pictures.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { analyzeRun } from '../analysis/analyze-run.js';
import { reportHtml } from '../analysis/report-html.js';
import { type ChartWindow, runCharts } from '../analysis/run-charts.js';
import { writeSummary } from '../analysis/summary-file.js';
import { readRunFiles } from '../check/run-manifest.js';
import type { CliIo } from '../cli-io.js';
import { parseNumber } from '../flag-parsers.js';

interface PlotOptions {
  readonly from?: number;
  readonly to?: number;
  readonly out?: string;
}

function chartWindow(options: PlotOptions): ChartWindow {
  return { fromMs: options.from ?? null, toMs: options.to ?? null };
}

export function addPlotCommands(program: Command, io: CliIo): void {
  program
    .command('plot')
    .description("draw a run's pictures as SVG files: clock, queue, drift, jumps, space-time")
    .argument('<run-dir>', 'a run directory')
    .option('--from <ms>', 'space-time diagram: window start (ms)', parseNumber)
    .option('--to <ms>', 'space-time diagram: window end (ms)', parseNumber)
    .option('--out <dir>', 'where the SVG files go (default <run-dir>/charts)')
    .addHelpText(
      'after',
      '\nExamples:\n  $ lamport-lab plot logs/A2-seed3002\n  $ lamport-lab plot logs/A2-seed3002 --from 10000 --to 14000\n',
    )
    .action((runDir: string, options: PlotOptions) => {
      const analysis = analyzeRun(runDir);
      const outDir = options.out ?? join(runDir, 'charts');
      mkdirSync(outDir, { recursive: true });
      const charts = runCharts(runDir, analysis, chartWindow(options));
      for (const chart of charts) writeFileSync(join(outDir, chart.fileName), chart.svg);
      io.stdout.write(`wrote ${charts.map((chart) => chart.fileName).join(', ')} to ${outDir}/\n`);
    });
  program
    .command('report')
    .description('write report.html: the scenario, the tables, the pictures and the prediction')
    .argument('<run-dir>', 'a run directory')
    .option('--from <ms>', 'space-time diagram: window start (ms)', parseNumber)
    .option('--to <ms>', 'space-time diagram: window end (ms)', parseNumber)
    .option('--out <file>', 'where the page goes (default <run-dir>/report.html)')
    .addHelpText('after', '\nExamples:\n  $ lamport-lab report logs/default-seed42\n')
    .action((runDir: string, options: PlotOptions) => {
      const analysis = analyzeRun(runDir);
      writeSummary(runDir, analysis.summary);
      const charts = runCharts(runDir, analysis, chartWindow(options));
      const outPath = options.out ?? join(runDir, 'report.html');
      writeFileSync(
        outPath,
        reportHtml({
          title: `lamport-lab report: ${runDir}`,
          facts: runFacts(runDir),
          summary: analysis.summary,
          charts,
        }),
      );
      io.stdout.write(`wrote ${outPath} (open it in a browser; it needs no network)\n`);
    });
}

function runFacts(runDir: string): string[] {
  const { manifest, machineCount } = readRunFiles(runDir);
  if (manifest === null) return [`${machineCount} machines (no manifest.json)`];
  const { scenario } = manifest;
  return [
    `scenario ${scenario.name ?? '?'}, seed ${scenario.seed ?? '?'}, ${manifest.mode} mode`,
    `${machineCount} machines, rates ${scenario.rates.join(', ')} Hz`,
    `internal probability ${scenario.internalProbability ?? '?'}`,
    `${manifest.durationUs / 1e6} s, ${manifest.completed ? 'completed' : 'stopped early'}`,
  ];
}
