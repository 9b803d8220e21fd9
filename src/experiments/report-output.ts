/**
 * An experiments output directory: whether --out may receive it, and writing the report (REPORT.md,
 * report.html, figures/) from the jobs' results. One code path for an unsharded run and for
 * `merge` of its shards, so that both write the same bytes from the same results.
 */
import { existsSync, lstatSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { heatmapSvg } from '../charts/heatmap.js';
import { InputError } from '../common/errors.js';
import {
  entriesBesidesRecord,
  firstUnowned,
  makeOwnedSubdirectory,
  refusalToReplace,
  removeOwnedSubdirectoryOf,
  unownedWithin,
  writeOwnedFile,
} from '../logs/owned-files.js';
import { aggregate, spreadOf } from './aggregate.js';
import type { ExperimentJobs, ExperimentSettings } from './experiment-jobs.js';
import type { JobResult } from './job.js';
import { matrixScenarios, sweepProbabilities, sweepRateRanges } from './matrix.js';
import { experimentsHtml, experimentsMarkdown } from './report.js';

export const sweepFigureNames = ['sweep-queue-growth.svg', 'sweep-max-jump.svg'] as const;

/** What a command writes into its --out: top-level files, figures (or none) and runs. */
export interface OutLayout {
  readonly files: readonly string[];
  readonly figures: readonly string[] | null;
  readonly runNames: readonly string[];
  /** `the experiments report`, `an experiments shard`: what --force would replace. */
  readonly what: string;
}

/** The layout of a whole report (unsharded, or merged from shards). */
export function reportLayout(settings: ExperimentSettings, plan: ExperimentJobs): OutLayout {
  const names = matrixScenarios.map((scenario) => `${scenario}-queue.svg`);
  return {
    files: [settings.reportFile, 'report.html'],
    figures: settings.sweep ? [...names, ...sweepFigureNames] : names,
    runNames: plan.jobs.map((job) => basename(job.outDir)),
    what: 'the experiments report',
  };
}

/**
 * --out may receive the output: new or empty, or with --force, nothing of the user's where a
 * file, a figure or a run goes. Checked before anything is removed or written.
 */
export function checkOutDir(out: string, force: boolean, layout: OutLayout): void {
  if (!existsSync(out)) return;
  if (!statSync(out).isDirectory()) {
    throw new InputError(`--out ${out}: expected a directory, got a file`);
  }
  if (entriesBesidesRecord(out).length === 0) return;
  if (!force) {
    throw new InputError(
      `--out ${out}: the directory is not empty; expected an empty or new directory ` +
        `(pass --force to replace ${layout.what} in it, or choose another with --out)`,
    );
  }
  const refuse = (name: string, why: string) =>
    refusalToReplace(`--out ${out}: ${name}`, why, 'move');
  const top = firstUnowned(out, layout.files);
  if (top !== null) throw refuse(top.name, top.why);
  for (const folder of ['figures', 'runs']) {
    // Unfollowed: through a link, the report would write into the user's directory.
    const stats = lstatSync(join(out, folder), { throwIfNoEntry: false });
    if (stats !== undefined && !stats.isDirectory()) {
      throw refuse(folder, 'a file or link, where lamport-lab makes a directory');
    }
  }
  const figures = firstUnowned(join(out, 'figures'), layout.figures ?? []);
  if (figures !== null) throw refuse(join('figures', figures.name), figures.why);
  for (const name of layout.runNames) {
    // A job's directory is emptied of what lamport-lab wrote; anything else would stay in it.
    const left = unownedWithin(join(out, 'runs'), name);
    if (left.length > 0)
      throw refuse(join('runs', left[0] as string), 'something lamport-lab did not write');
  }
}

/** The command that makes this report again, as the report quotes it. */
export function commandLine(settings: ExperimentSettings, out: string, force: boolean): string {
  return (
    `lamport-lab experiments --seeds ${settings.seeds} --duration ${settings.durationSec}` +
    `${settings.sweep ? ' --sweep' : ''} --out ${out}` +
    `${settings.reportFile === 'REPORT.md' ? '' : ` --report-file ${settings.reportFile}`}` +
    `${settings.keepRuns ? '' : ' --no-keep-runs'}${force ? ' --force' : ''}`
  );
}

/**
 * Writes the report of `results` (one per job of `plan`, in its order) into `out`, which holds
 * the runs already; removes runs/ unless they are kept. Returns the number of experiments.
 */
export function writeExperimentsReport(
  settings: ExperimentSettings,
  plan: ExperimentJobs,
  results: readonly JobResult[],
  output: { readonly out: string; readonly force: boolean },
): number {
  const { out } = output;
  const byExperiment = groupBy(results.slice(0, plan.matrixCount));
  const rows = [...byExperiment.entries()].map(([experiment, group]) =>
    aggregate(experiment, group),
  );
  const figuresDir = makeOwnedSubdirectory(out, 'figures', '--out');
  const figures = [...byExperiment.entries()].map(([experiment, group]) => ({
    fileName: `${experiment}-queue.svg`,
    caption: `${experiment}: queue length over time (seed ${group[0]?.job.seed})`,
    svg: group[0]?.queueSvg ?? '',
  }));
  const sweepSvgs = settings.sweep ? sweepHeatmaps(results.slice(plan.matrixCount)) : [];
  for (const figure of figures) writeOwnedFile(join(figuresDir, figure.fileName), figure.svg);
  sweepSvgs.forEach((svg, index) => {
    writeOwnedFile(join(figuresDir, sweepFigureNames[index] as string), svg);
  });
  const report = {
    command: commandLine(settings, out, output.force),
    rows,
    figures,
    sweep: settings.sweep
      ? { growthFigure: sweepFigureNames[0] as string, jumpFigure: sweepFigureNames[1] as string }
      : null,
  };
  writeOwnedFile(join(out, settings.reportFile), experimentsMarkdown(report));
  writeOwnedFile(join(out, 'report.html'), experimentsHtml(report, sweepSvgs));
  if (!settings.keepRuns) removeOwnedSubdirectoryOf(out, 'runs');
  return rows.length;
}

function groupBy(results: readonly JobResult[]): Map<string, JobResult[]> {
  const groups = new Map<string, JobResult[]>();
  for (const result of results) {
    const group = groups.get(result.job.experiment) ?? [];
    group.push(result);
    groups.set(result.job.experiment, group);
  }
  return groups;
}

/** Heatmaps of the sweep: the fastest queue growth and the largest jump, means over seeds. */
function sweepHeatmaps(results: readonly JobResult[]): string[] {
  const groups = groupBy(results);
  const cell = (pick: (group: JobResult[]) => number[]) =>
    sweepRateRanges.map((range) =>
      sweepProbabilities.map((p) => {
        const group = groups.get(`sweep-rates${range.min}-${range.max}-p${p}`) ?? [];
        return group.length === 0 ? null : spreadOf(pick(group)).mean;
      }),
    );
  const common = {
    xLabel: 'probability of an internal event',
    yLabel: 'rate range (Hz)',
    xValues: sweepProbabilities,
    yValues: sweepRateRanges.map((range) => `${range.min}..${range.max}`),
  };
  const growth = cell((group) =>
    group.map((r) => Math.max(0, ...r.summary.machines.map((m) => m.queue.growthPerSec))),
  );
  const jumps = cell((group) =>
    group.map((r) => Math.max(0, ...r.summary.machines.map((m) => m.jumps.max))),
  );
  return [
    heatmapSvg({
      title: 'Fastest queue growth (messages/s, mean over seeds)',
      ...common,
      cells: growth,
      valueLabel: 'messages/s',
      format: (v) => v.toFixed(2),
    }),
    heatmapSvg({
      title: 'Largest clock jump (mean over seeds)',
      ...common,
      cells: jumps,
      valueLabel: 'clock units',
      format: (v) => v.toFixed(1),
    }),
  ];
}
