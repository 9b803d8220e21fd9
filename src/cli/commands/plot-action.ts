/** What `lamport-lab plot` and `lamport-lab report` do (their options are in plot-command.ts). */
import { join } from 'node:path';
import {
  type AnalysisResult,
  type AnalyzeOptions,
  analyzeRun,
  type RunAnalysis,
} from '../../analysis/analyze-run.js';
import { reportHtml } from '../../analysis/report-html.js';
import { type ChartWindow, runCharts } from '../../analysis/run-charts.js';
import { writeSummary } from '../../analysis/summary-file.js';
import { failureLines } from '../../analysis/tcp-facts.js';
import { InputError } from '../../common/errors.js';
import { secondsText } from '../../common/number-text.js';
import { refuseRunFile } from '../../logs/out-dir.js';
import {
  checkWritable,
  makeOwnedDirectory,
  makeOwnedSubdirectory,
  outputFilePlace,
  writeOwnedFile,
} from '../../logs/owned-files.js';
import { readRunFiles } from '../../logs/run-manifest.js';
import { ratesText } from '../../scenario/rates-text.js';
import type { CliIo } from '../io.js';
import type { TypedFlags } from '../typed-flags.js';
import type { PlotOptions } from './plot-options.js';

/**
 * `--from 5000 --to 1000` is refused before anything is read. Once the run's length is known, a
 * window that starts at or past the end is refused, naming the length; one that only ends past it
 * is cut at the end with a note, as a window without --to already ends there.
 */
function checkWindowFlags(options: PlotOptions, typed: TypedFlags): void {
  const { from, to } = options;
  if (from !== undefined && to !== undefined && from >= to) {
    throw new InputError(
      `--from, --to: expected --from before --to, got --from ${typed['--from'] ?? from} and --to ${typed['--to'] ?? to}`,
    );
  }
}

function chartWindow(
  options: PlotOptions,
  analysis: AnalysisResult,
  io: CliIo,
  typed: TypedFlags,
): ChartWindow {
  const endMs = analysis.summary.durationSec * 1000;
  const fromMs = options.from ?? null;
  const toMs = options.to ?? null;
  if (fromMs !== null && fromMs >= endMs) {
    throw new InputError(
      `--from: expected a time before the run's end at ${endMs} ms, got ${typed['--from'] ?? fromMs}`,
    );
  }
  if (toMs !== null && toMs > endMs) {
    io.stderr.write(
      `note: --to ${typed['--to'] ?? toMs} is past the run's end; the diagram ends at ${endMs} ms\n`,
    );
    return { fromMs, toMs: endMs };
  }
  return { fromMs, toMs };
}

/**
 * plot and report, like analyze, re-run a virtual run's scenario (when short) to check the
 * manifest whose figures they show, and say so when they did not.
 */
function verifiedAnalysis(io: CliIo): AnalyzeOptions {
  return { rerun: 'auto', onNote: (note) => io.stderr.write(`note: ${note}\n`) };
}

/** `plot`: every picture of the run as an SVG file. */
export function plotRun(
  runDir: string,
  options: PlotOptions,
  io: CliIo,
  typed: TypedFlags = {},
): void {
  checkWindowFlags(options, typed);
  const analysis = analyzeRun(runDir, verifiedAnalysis(io));
  const window = chartWindow(options, analysis, io, typed);
  const outDir = options.out ?? join(runDir, 'charts');
  const charts = runCharts(runDir, analysis, window);
  // Every chart's place is checked before the first is written: a refusal leaves nothing half done.
  const label = (fileName: string) => `--out ${outDir}: ${fileName}`;
  for (const chart of charts) {
    checkWritable(join(outDir, chart.fileName), { label: label(chart.fileName) });
  }
  // The default charts/ is part of the run's output: replacing the run replaces its charts.
  if (options.out === undefined) makeOwnedSubdirectory(runDir, 'charts', '--out');
  else makeOwnedDirectory(outDir, '--out');
  for (const chart of charts) {
    writeOwnedFile(join(outDir, chart.fileName), chart.svg, { label: label(chart.fileName) });
  }
  io.stdout.write(`wrote ${charts.map((chart) => chart.fileName).join(', ')} to ${outDir}/\n`);
}

/** `report`: one self-contained page with the tables and the pictures. */
export function reportRun(
  runDir: string,
  options: PlotOptions,
  io: CliIo,
  typed: TypedFlags = {},
): void {
  checkWindowFlags(options, typed);
  const outPath = options.out ?? join(runDir, 'report.html');
  refuseRunFile(runDir, outPath, '--out');
  const place = outputFilePlace(outPath, options.out !== undefined, options.force === true);
  checkWritable(outPath, place);
  const analysis = analyzeRun(runDir, verifiedAnalysis(io));
  const window = chartWindow(options, analysis, io, typed);
  const note = writeSummary(runDir, analysis.summary);
  if (note !== null) io.stderr.write(note);
  const charts = runCharts(runDir, analysis, window);
  writeOwnedFile(
    outPath,
    reportHtml({
      title: `lamport-lab report: ${runDir}`,
      facts: runFacts(runDir, analysis.summary),
      summary: analysis.summary,
      charts,
    }),
    place,
  );
  io.stdout.write(`wrote ${outPath} (open it in a browser; it needs no network)\n`);
}

function runFacts(runDir: string, summary: RunAnalysis): string[] {
  const { manifest, machineCount, assembled, scenarioKnown } = readRunFiles(runDir);
  if (manifest === null) return [`${machineCount} machines (no manifest.json)`];
  const { scenario } = manifest;
  const source = assembled
    ? 'hand-started machines, assembled from their reports (machine-<id>.json)'
    : `scenario ${scenario.name ?? '?'}`;
  // A TCP run's start is a real time; a virtual run's is a fixed epoch that says nothing.
  const started =
    manifest.mode === 'tcp' && manifest.startTime !== undefined
      ? `, started ${manifest.startTime}`
      : '';
  return [
    `${source}, seed ${scenario.seed ?? '?'}, ${manifest.mode} mode`,
    `${machineCount} machines, ${scenarioKnown ? ratesText(scenario.rates) : 'rates not recorded'}`,
    `internal probability ${scenario.internalProbability ?? '?'}`,
    `${secondsText(manifest.durationUs / 1e6)} s${started}, ${manifest.completed ? 'completed' : 'stopped early'}`,
    ...failureLines(summary.tcp),
  ];
}
