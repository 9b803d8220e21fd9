/** What `lamport-lab plot` and `lamport-lab report` do (their options are in plot-command.ts). */
import { join } from 'node:path';
import { type AnalysisResult, analyzeRun } from '../analysis/analyze-run.js';
import { reportHtml } from '../analysis/report-html.js';
import { type ChartWindow, runCharts } from '../analysis/run-charts.js';
import { writeSummary } from '../analysis/summary-file.js';
import { readRunFiles } from '../check/run-manifest.js';
import type { CliIo } from '../cli-io.js';
import { InputError } from '../errors.js';
import { secondsText } from '../number-text.js';
import { makeDirectories, refuseRunFile } from '../out-dir.js';
import { writeOutputFile } from '../output-file.js';
import { ratesText } from '../rates-text.js';
import type { PlotOptions } from './plot-command.js';

/**
 * `--from 5000 --to 1000` is refused before anything is read. Once the run's length is known, a
 * window that starts at or past the end is refused, naming the length; one that only ends past it
 * is cut at the end with a note, as a window without --to already ends there.
 */
function checkWindowFlags(options: PlotOptions): void {
  const { from, to } = options;
  if (from !== undefined && to !== undefined && from >= to) {
    throw new InputError(
      `--from, --to: expected --from before --to, got --from ${from} and --to ${to}`,
    );
  }
}

function chartWindow(options: PlotOptions, analysis: AnalysisResult, io: CliIo): ChartWindow {
  const endMs = analysis.summary.durationSec * 1000;
  const fromMs = options.from ?? null;
  const toMs = options.to ?? null;
  if (fromMs !== null && fromMs >= endMs) {
    throw new InputError(
      `--from: expected a time before the run's end at ${endMs} ms, got ${fromMs}`,
    );
  }
  if (toMs !== null && toMs > endMs) {
    io.stderr.write(`note: --to ${toMs} is past the run's end; the diagram ends at ${endMs} ms\n`);
    return { fromMs, toMs: endMs };
  }
  return { fromMs, toMs };
}

/** `plot`: every picture of the run as an SVG file. */
export function plotRun(runDir: string, options: PlotOptions, io: CliIo): void {
  checkWindowFlags(options);
  const analysis = analyzeRun(runDir);
  const window = chartWindow(options, analysis, io);
  const outDir = options.out ?? join(runDir, 'charts');
  makeDirectories(outDir, '--out');
  const charts = runCharts(runDir, analysis, window);
  for (const chart of charts) writeOutputFile(join(outDir, chart.fileName), chart.svg);
  io.stdout.write(`wrote ${charts.map((chart) => chart.fileName).join(', ')} to ${outDir}/\n`);
}

/** `report`: one self-contained page with the tables and the pictures. */
export function reportRun(runDir: string, options: PlotOptions, io: CliIo): void {
  checkWindowFlags(options);
  const outPath = options.out ?? join(runDir, 'report.html');
  refuseRunFile(runDir, outPath, '--out');
  const analysis = analyzeRun(runDir);
  const window = chartWindow(options, analysis, io);
  writeSummary(runDir, analysis.summary);
  const charts = runCharts(runDir, analysis, window);
  writeOutputFile(
    outPath,
    reportHtml({
      title: `lamport-lab report: ${runDir}`,
      facts: runFacts(runDir),
      summary: analysis.summary,
      charts,
    }),
  );
  io.stdout.write(`wrote ${outPath} (open it in a browser; it needs no network)\n`);
}

function runFacts(runDir: string): string[] {
  const { manifest, machineCount } = readRunFiles(runDir);
  if (manifest === null) return [`${machineCount} machines (no manifest.json)`];
  const { scenario } = manifest;
  return [
    `scenario ${scenario.name ?? '?'}, seed ${scenario.seed ?? '?'}, ${manifest.mode} mode`,
    `${machineCount} machines, ${ratesText(scenario.rates)}`,
    `internal probability ${scenario.internalProbability ?? '?'}`,
    `${secondsText(manifest.durationUs / 1e6)} s, ${manifest.completed ? 'completed' : 'stopped early'}`,
  ];
}
