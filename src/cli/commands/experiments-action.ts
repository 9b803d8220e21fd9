/** What `lamport-lab experiments` does (its options are in experiments-command.ts). */

import { existsSync, lstatSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { heatmapSvg } from '../../charts/heatmap.js';
import { InputError } from '../../common/errors.js';
import { aggregate, spreadOf } from '../../experiments/aggregate.js';
import type { JobResult } from '../../experiments/job.js';
import { jobScenario } from '../../experiments/job.js';
import {
  type Job,
  matrixScenarios,
  seedFor,
  sweepProbabilities,
  sweepRateRanges,
} from '../../experiments/matrix.js';
import { runJobs } from '../../experiments/pool.js';
import { experimentsHtml, experimentsMarkdown } from '../../experiments/report.js';
import { addLogEstimates, estimateLogSize, largeLogWarning } from '../../logs/log-size.js';
import {
  entriesBesidesRecord,
  firstUnowned,
  makeOwnedDirectory,
  makeOwnedSubdirectories,
  makeOwnedSubdirectory,
  refusalToReplace,
  removeOwnedFiles,
  removeOwnedSubdirectoryOf,
  unownedWithin,
  writeOwnedFile,
} from '../../logs/owned-files.js';
import { ProgressBar } from '../../run/progress.js';
import { loadScenario } from '../../scenario/load.js';
import type { CliIo } from '../io.js';
import type { ExperimentsOptions } from './experiments-options.js';

function matrixJobs(options: ExperimentsOptions): Job[] {
  return matrixScenarios.flatMap((scenario) => {
    const baseSeed = loadScenario(scenario, { values: {}, flags: {} }).file.seed ?? 1;
    return Array.from({ length: options.seeds }, (_, index) => {
      const seed = seedFor(baseSeed, index);
      const outDir = join(options.out, 'runs', `${scenario}-seed${seed}`);
      return {
        experiment: scenario,
        scenario,
        seed,
        durationSec: options.duration,
        outDir,
        overrides: {},
      };
    });
  });
}

function sweepJobs(options: ExperimentsOptions): Job[] {
  return sweepRateRanges.flatMap((rateRange) =>
    sweepProbabilities.flatMap((internalProbability) =>
      Array.from({ length: options.seeds }, (_, index) => {
        const experiment = `sweep-rates${rateRange.min}-${rateRange.max}-p${internalProbability}`;
        const seed = seedFor(9000, index);
        const outDir = join(options.out, 'runs', `${experiment}-seed${seed}`);
        return {
          experiment,
          scenario: 'default',
          seed,
          durationSec: options.duration,
          outDir,
          overrides: { rateRange, internalProbability },
        };
      }),
    ),
  );
}

/**
 * Everything the options can get wrong, checked before --out is touched: `--duration 0 --force`
 * used to empty the earlier report's directory and then fail in the first worker, with a trace.
 */
function checkOptions(options: ExperimentsOptions): void {
  // The duration is held to the scenario's own rule, in its words, naming the flag.
  loadScenario('default', {
    values: { durationSec: options.duration },
    flags: { durationSec: '--duration' },
  });
  const name = options.reportFile;
  if (!/^[^/\\]+\.md$/.test(name) || name.startsWith('.')) {
    throw new InputError(
      `--report-file: expected a file name ending in .md, without a directory, got "${name}"`,
    );
  }
}

/**
 * --out may receive the report: new or empty, or with --force, nothing of the user's where the
 * report, a figure or a run goes. Checked before anything is removed or written.
 */
function checkOutDirFor(options: ExperimentsOptions, jobs: readonly Job[]): void {
  const { out } = options;
  if (!existsSync(out)) return;
  if (!statSync(out).isDirectory()) {
    throw new InputError(`--out ${out}: expected a directory, got a file`);
  }
  if (entriesBesidesRecord(out).length === 0) return;
  if (!options.force) {
    throw new InputError(
      `--out ${out}: the directory is not empty; expected an empty or new directory ` +
        '(pass --force to replace the experiments report in it, or choose another with --out)',
    );
  }
  const refuse = (name: string, why: string) =>
    refusalToReplace(`--out ${out}: ${name}`, why, 'move');
  const top = firstUnowned(out, [options.reportFile, 'report.html']);
  if (top !== null) throw refuse(top.name, top.why);
  for (const folder of ['figures', 'runs']) {
    // Unfollowed: through a link, the report would write into the user's directory.
    const stats = lstatSync(join(out, folder), { throwIfNoEntry: false });
    if (stats !== undefined && !stats.isDirectory()) {
      throw refuse(folder, 'a file or link, where lamport-lab makes a directory');
    }
  }
  const figures = firstUnowned(join(out, 'figures'), figureFileNames(options));
  if (figures !== null) throw refuse(join('figures', figures.name), figures.why);
  for (const job of jobs) {
    // A job's directory is emptied of what lamport-lab wrote; anything else would stay in it.
    const left = unownedWithin(join(out, 'runs'), basename(job.outDir));
    if (left.length > 0)
      throw refuse(join('runs', left[0] as string), 'something lamport-lab did not write');
  }
}

function figureFileNames(options: ExperimentsOptions): string[] {
  const names = matrixScenarios.map((scenario) => `${scenario}-queue.svg`);
  return options.sweep ? [...names, ...sweepFigureNames] : names;
}

export async function runExperiments(options: ExperimentsOptions, io: CliIo): Promise<void> {
  checkOptions(options);
  const matrix = matrixJobs(options);
  const sweep = options.sweep ? sweepJobs(options) : [];
  const jobs = [...matrix, ...sweep];
  checkOutDirFor(options, jobs);
  makeOwnedDirectory(options.out, '--out');
  if (options.force) removeOwnedFiles(options.out);
  // Made here, before the workers start, so that each directory's record has one writer.
  const runsDir = makeOwnedSubdirectory(options.out, 'runs', '--out');
  makeOwnedSubdirectories(
    runsDir,
    jobs.map((job) => basename(job.outDir)),
    '--out',
  );
  announceRuns(options, jobs, io);
  const progress = new ProgressBar(io.stderr, io.nowMs);
  const results = await runJobs(jobs, options.workers, (done, total) =>
    progress.updateText(`experiments: ${done}/${total} runs`),
  );
  progress.clear();
  const byExperiment = groupBy(results.slice(0, matrix.length));
  const rows = [...byExperiment.entries()].map(([experiment, group]) =>
    aggregate(experiment, group),
  );
  const figuresDir = makeOwnedSubdirectory(options.out, 'figures', '--out');
  const figures = [...byExperiment.entries()].map(([experiment, group]) => ({
    fileName: `${experiment}-queue.svg`,
    caption: `${experiment}: queue length over time (seed ${group[0]?.job.seed})`,
    svg: group[0]?.queueSvg ?? '',
  }));
  const sweepSvgs = options.sweep ? sweepHeatmaps(results.slice(matrix.length)) : [];
  for (const figure of figures) writeOwnedFile(join(figuresDir, figure.fileName), figure.svg);
  sweepSvgs.forEach((svg, index) => {
    writeOwnedFile(join(figuresDir, sweepFigureNames[index] as string), svg);
  });
  const command = commandLine(options);
  const report = {
    command,
    rows,
    figures,
    sweep: options.sweep
      ? { growthFigure: sweepFigureNames[0] as string, jumpFigure: sweepFigureNames[1] as string }
      : null,
  };
  writeOwnedFile(join(options.out, options.reportFile), experimentsMarkdown(report));
  writeOwnedFile(join(options.out, 'report.html'), experimentsHtml(report, sweepSvgs));
  if (!options.keepRuns) removeOwnedSubdirectoryOf(options.out, 'runs');
  io.stdout.write(
    `wrote ${join(options.out, options.reportFile)} and report.html (${rows.length} experiments, ${jobs.length} runs)\n`,
  );
}

/**
 * How many runs, on how many threads, and a warning when their logs will be large. Every run
 * writes its logs, kept or not (--no-keep-runs removes them at the end): say so before a sweep of
 * long runs fills the disk.
 */
function announceRuns(options: ExperimentsOptions, jobs: readonly Job[], io: CliIo): void {
  io.stderr.write(
    `experiments: ${jobs.length} runs of ${options.duration} s on ${options.workers} worker thread${options.workers === 1 ? '' : 's'}\n`,
  );
  const estimate = addLogEstimates(
    jobs.map((job) => {
      const scenario = jobScenario(job);
      return estimateLogSize(scenario.rates, scenario.durationSec);
    }),
  );
  const warning = largeLogWarning(estimate, options.duration, {
    what: `these ${jobs.length} runs`,
    avoid: 'use fewer --seeds, or',
  });
  if (warning !== null) io.stderr.write(warning);
}

/** The command that makes this report again, as the report quotes it. */
function commandLine(options: ExperimentsOptions): string {
  return (
    `lamport-lab experiments --seeds ${options.seeds} --duration ${options.duration}` +
    `${options.sweep ? ' --sweep' : ''} --out ${options.out}` +
    `${options.reportFile === 'REPORT.md' ? '' : ` --report-file ${options.reportFile}`}` +
    `${options.keepRuns ? '' : ' --no-keep-runs'}${options.force ? ' --force' : ''}`
  );
}

const sweepFigureNames = ['sweep-queue-growth.svg', 'sweep-max-jump.svg'] as const;

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
