/** What `lamport-lab experiments` does (its options are in experiments-command.ts). */
import { basename, join } from 'node:path';
import { commandToType } from '../../common/command-to-type.js';
import { InputError } from '../../common/errors.js';
import { type Shard, shardText } from '../../common/shard.js';
import {
  type ExperimentJobs,
  type ExperimentSettings,
  experimentJobs,
} from '../../experiments/experiment-jobs.js';
import { jobScenario } from '../../experiments/job.js';
import type { Job } from '../../experiments/matrix.js';
import { runJobs } from '../../experiments/pool.js';
import {
  checkOutDir,
  reportLayout,
  writeExperimentsReport,
} from '../../experiments/report-output.js';
import {
  experimentShardFile,
  shardJobs,
  shardLayout,
  writeExperimentShard,
} from '../../experiments/shard.js';
import { addLogEstimates, estimateLogSize, largeLogWarning } from '../../logs/log-size.js';
import {
  makeOwnedDirectory,
  makeOwnedSubdirectories,
  makeOwnedSubdirectory,
  removeOwnedFiles,
} from '../../logs/owned-files.js';
import { ProgressBar } from '../../run/progress.js';
import { loadScenario } from '../../scenario/load.js';
import type { CliIo } from '../io.js';
import type { TypedFlags } from '../typed-flags.js';
import type { ExperimentsOptions } from './experiments-options.js';

/**
 * Everything the options can get wrong, checked before --out is touched: `--duration 0 --force`
 * used to empty the earlier report's directory and then fail in the first worker, with a trace.
 */
function checkOptions(options: ExperimentsOptions, typed: TypedFlags): void {
  // The duration is held to the scenario's own rule, in its words, naming the flag.
  loadScenario('default', {
    values: { durationSec: options.duration },
    flags: { durationSec: '--duration' },
    typed,
  });
  const name = options.reportFile;
  if (!/^[^/\\]+\.md$/.test(name) || name.startsWith('.')) {
    throw new InputError(
      `--report-file: expected a file name ending in .md, without a directory, got "${name}"`,
    );
  }
}

export function settingsOf(options: ExperimentsOptions): ExperimentSettings {
  return {
    seeds: options.seeds,
    durationSec: options.duration,
    sweep: options.sweep,
    reportFile: options.reportFile,
    keepRuns: options.keepRuns,
  };
}

export async function runExperiments(
  options: ExperimentsOptions,
  io: CliIo,
  typed: TypedFlags = {},
): Promise<void> {
  checkOptions(options, typed);
  const settings = settingsOf(options);
  const shard = options.shard ?? null;
  const plan = experimentJobs(settings, options.out);
  const mine =
    shard === null ? plan.jobs.map((job, index) => ({ index, job })) : shardJobs(plan, shard);
  checkOutDir(
    options.out,
    options.force,
    shard === null ? reportLayout(settings, plan) : shardLayout(plan, shard),
  );
  makeOwnedDirectory(options.out, '--out');
  if (options.force) removeOwnedFiles(options.out);
  // Made here, before the workers start, so that each directory's record has one writer.
  const runsDir = makeOwnedSubdirectory(options.out, 'runs', '--out');
  makeOwnedSubdirectories(
    runsDir,
    mine.map(({ job }) => basename(job.outDir)),
    '--out',
  );
  const jobs = mine.map(({ job }) => job);
  announceRuns(options, jobs, shard === null ? null : { shard, plan }, io);
  const progress = new ProgressBar(io.stderr, io.nowMs);
  const results = await runJobs(jobs, options.workers, (done, total) =>
    progress.updateText(`experiments: ${done}/${total} runs`),
  );
  progress.clear();
  if (shard === null) {
    const output = { out: options.out, force: options.force };
    const experiments = writeExperimentsReport(settings, plan, results, output);
    io.stdout.write(
      `wrote ${join(options.out, options.reportFile)} and report.html (${experiments} experiments, ${jobs.length} runs)\n`,
    );
    return;
  }
  const done = mine.map(({ index }, at) => ({ index, result: results[at] as (typeof results)[0] }));
  writeExperimentShard(options.out, experimentShardFile(settings, shard), settings, done);
  io.stdout.write(
    `wrote shard ${shardText(shard)} of the experiments (${jobs.length} of ${plan.jobs.length} runs) to ${options.out}; ` +
      `once all ${shard.count} are done: ${commandToType('merge <their dirs> --out <dir>')}\n`,
  );
}

/**
 * How many runs, on how many threads, and a warning when their logs will be large. Every run
 * writes its logs, kept or not (--no-keep-runs removes them at the end): say so before a sweep of
 * long runs fills the disk.
 */
function announceRuns(
  options: ExperimentsOptions,
  jobs: readonly Job[],
  sharded: { readonly shard: Shard; readonly plan: ExperimentJobs } | null,
  io: CliIo,
): void {
  const count =
    sharded === null
      ? `${jobs.length}`
      : `shard ${shardText(sharded.shard)}: ${jobs.length} of ${sharded.plan.jobs.length}`;
  io.stderr.write(
    `experiments: ${count} runs of ${options.duration} s on ${options.workers} worker thread${options.workers === 1 ? '' : 's'}\n`,
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
