/**
 * `lamport-lab merge` of `experiments` shards: the report one unsharded process would have
 * written into --out, byte for byte. The shards' results, put back in the unsharded job order,
 * go through the very code that writes an unsharded report (report-output.ts); their runs, when
 * kept, are copied into runs/ as the unsharded run would have written them (a run's files do
 * not depend on where it was written).
 */
import { copyFileSync, lstatSync } from 'node:fs';
import { basename, join } from 'node:path';
import { InputError } from '../common/errors.js';
import type { ShardDir } from '../common/shard-file.js';
import { checkOutApart, shardFileName } from '../common/shard-file.js';
import {
  digestFile,
  entriesBesidesRecord,
  firstUnowned,
  makeOwnedDirectory,
  makeOwnedSubdirectories,
  makeOwnedSubdirectory,
  recordOwnedFiles,
  removeOwnedFiles,
} from '../logs/owned-files.js';
import { loadScenario } from '../scenario/load.js';
import { type ExperimentJobs, type ExperimentSettings, experimentJobs } from './experiment-jobs.js';
import type { JobResult } from './job.js';
import { checkOutDir, reportLayout, writeExperimentsReport } from './report-output.js';
import { readExperimentShard, settingsOfShardFile } from './shard.js';

export interface MergeOutput {
  readonly out: string;
  readonly force: boolean;
}

/** What shard.json's settings may hold: the flags' own rules, so a hand-edited file cannot escape --out. */
function checkSettings(settings: ExperimentSettings, path: string): void {
  if (!Number.isInteger(settings.seeds) || settings.seeds < 1) {
    throw new InputError(
      `${path}: settings.seeds: expected a whole number >= 1, got ${settings.seeds}`,
    );
  }
  loadScenario('default', {
    values: { durationSec: settings.durationSec },
    flags: { durationSec: `${path}: settings.durationSec` },
  });
  const name = settings.reportFile;
  if (!/^[^/\\]+\.md$/.test(name) || name.startsWith('.')) {
    throw new InputError(
      `${path}: settings.reportFile: expected a file name ending in .md, without a directory, got "${name}"`,
    );
  }
}

/** Every job's result, in the unsharded order: job j is shard (j mod n)+1's. */
function gatherResults(shards: readonly ShardDir[], plan: ExperimentJobs): JobResult[] {
  const byIndex = new Map<number, JobResult>();
  for (const { dir, file } of shards) {
    for (const [index, result] of readExperimentShard(dir, plan, file.shard))
      byIndex.set(index, result);
  }
  return plan.jobs.map((_, index) => byIndex.get(index) as JobResult);
}

/** The files of a shard's run directory, each one the shard wrote (refused otherwise). */
function runFiles(runDir: string): string[] {
  const stats = lstatSync(runDir, { throwIfNoEntry: false });
  if (stats?.isDirectory() !== true) {
    throw new InputError(`${runDir}: expected the shard's run directory, got nothing there`);
  }
  const names = entriesBesidesRecord(runDir).sort();
  const unowned = firstUnowned(runDir, names);
  if (unowned !== null) {
    throw new InputError(
      `${join(runDir, unowned.name)}: expected a file the shard wrote, got ${unowned.why}`,
    );
  }
  return names;
}

interface RunSource {
  readonly name: string;
  readonly runDir: string;
  readonly files: readonly string[];
}

/** Each job's run in its shard (job j is shard (j mod n)+1's), held to be the shard's own. */
function runSources(shards: readonly ShardDir[], plan: ExperimentJobs): RunSource[] {
  return plan.jobs.map((job, index) => {
    const name = basename(job.outDir);
    const shard = shards[index % shards.length] as ShardDir;
    const runDir = join(shard.dir, 'runs', name);
    return { name, runDir, files: runFiles(runDir) };
  });
}

/** Copies each job's run from its shard into `<out>/runs/`, recorded as lamport-lab's. */
function copyRuns(sources: readonly RunSource[], out: string): void {
  const runsDir = makeOwnedSubdirectory(out, 'runs', '--out');
  makeOwnedSubdirectories(
    runsDir,
    sources.map((source) => source.name),
    '--out',
  );
  for (const { name, runDir, files } of sources) {
    const target = join(runsDir, name);
    for (const file of files) copyFileSync(join(runDir, file), join(target, file));
    recordOwnedFiles(
      target,
      files.map((file) => ({ file, ...digestFile(join(target, file)) })),
    );
  }
}

/** Merges a checked set of experiments shards (in shard order) into `output.out`. */
export function mergeExperiments(
  shards: readonly ShardDir[],
  output: MergeOutput,
): { readonly experiments: number; readonly runs: number } {
  const first = shards[0] as ShardDir;
  const settings = settingsOfShardFile(first.file);
  checkSettings(settings, join(first.dir, shardFileName));
  checkOutApart(output.out, shards);
  const plan = experimentJobs(settings, output.out);
  const results = gatherResults(shards, plan);
  // Everything read and checked before --out is touched.
  const sources = settings.keepRuns ? runSources(shards, plan) : null;
  checkOutDir(output.out, output.force, reportLayout(settings, plan));
  makeOwnedDirectory(output.out, '--out');
  if (output.force) removeOwnedFiles(output.out);
  if (sources !== null) copyRuns(sources, output.out);
  const experiments = writeExperimentsReport(settings, plan, results, output);
  return { experiments, runs: plan.jobs.length };
}
