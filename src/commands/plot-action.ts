/** What `lamport-lab plot` and `lamport-lab report` do (their options are in plot-command.ts). */
import { join } from 'node:path';
import { analyzeRun } from '../analysis/analyze-run.js';
import { reportHtml } from '../analysis/report-html.js';
import { type ChartWindow, runCharts } from '../analysis/run-charts.js';
import { writeSummary } from '../analysis/summary-file.js';
import { readRunFiles } from '../check/run-manifest.js';
import type { CliIo } from '../cli-io.js';
import { makeDirectories, refuseRunFile } from '../out-dir.js';
import { writeOutputFile } from '../output-file.js';
import type { PlotOptions } from './plot-command.js';

function chartWindow(options: PlotOptions): ChartWindow {
  return { fromMs: options.from ?? null, toMs: options.to ?? null };
}

/** `plot`: every picture of the run as an SVG file. */
export function plotRun(runDir: string, options: PlotOptions, io: CliIo): void {
  const analysis = analyzeRun(runDir);
  const outDir = options.out ?? join(runDir, 'charts');
  makeDirectories(outDir, '--out');
  const charts = runCharts(runDir, analysis, chartWindow(options));
  for (const chart of charts) writeOutputFile(join(outDir, chart.fileName), chart.svg);
  io.stdout.write(`wrote ${charts.map((chart) => chart.fileName).join(', ')} to ${outDir}/\n`);
}

/** `report`: one self-contained page with the tables and the pictures. */
export function reportRun(runDir: string, options: PlotOptions, io: CliIo): void {
  const outPath = options.out ?? join(runDir, 'report.html');
  refuseRunFile(runDir, outPath, '--out');
  const analysis = analyzeRun(runDir);
  writeSummary(runDir, analysis.summary);
  const charts = runCharts(runDir, analysis, chartWindow(options));
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
    `${machineCount} machines, rates ${scenario.rates.join(', ')} Hz`,
    `internal probability ${scenario.internalProbability ?? '?'}`,
    `${manifest.durationUs / 1e6} s, ${manifest.completed ? 'completed' : 'stopped early'}`,
  ];
}
