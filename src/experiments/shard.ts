/**
 * One shard of an `experiments` run (`--shard i/n`): it runs the jobs whose index is i-1 modulo
 * n and keeps, instead of a report, its partial result: each job's result (what the report is
 * built from, numbers exact) in `shard-results.jsonl`, its runs in runs/ (unless
 * --no-keep-runs), and `shard.json`, written last so that a shard cut short has none.
 */
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { InputError } from '../common/errors.js';
import { exactJsonText, parseExactJson } from '../common/exact-json.js';
import { toolVersion } from '../common/paths.js';
import { inShard, type Shard, shardIndices } from '../common/shard.js';
import { type ShardFile, shardFileName, shardFileText } from '../common/shard-file.js';
import { removeOwnedSubdirectoryOf, writeOwnedFile } from '../logs/owned-files.js';
import type { ExperimentJobs, ExperimentSettings } from './experiment-jobs.js';
import type { JobResult } from './job.js';
import type { Job } from './matrix.js';
import type { OutLayout } from './report-output.js';

export const shardResultsFileName = 'shard-results.jsonl';

/** One line of shard-results.jsonl: the job's index in the unsharded list and its result. */
interface ResultLine {
  readonly index: number;
  /** The result with its job's output directory left out: that is where the SHARD ran it. */
  readonly result: Omit<JobResult, 'job'> & { readonly job: Omit<Job, 'outDir'> };
}

/**
 * shard.json's settings for experiments: every field of ExperimentSettings, and the version of
 * lamport-lab that ran the shard: another version may simulate or report differently, so merge
 * refuses a mix of versions as it refuses a mix of settings.
 */
export function experimentShardFile(settings: ExperimentSettings, shard: Shard): ShardFile {
  return {
    kind: 'experiments',
    version: 1,
    shard,
    settings: {
      seeds: settings.seeds,
      durationSec: settings.durationSec,
      sweep: settings.sweep,
      reportFile: settings.reportFile,
      keepRuns: settings.keepRuns,
      lamportLab: toolVersion,
    },
  };
}

/** The settings back from a shard.json that `merge` has already read and held to one set. */
export function settingsOfShardFile(file: ShardFile): ExperimentSettings {
  const { seeds, durationSec, sweep, reportFile, keepRuns } = file.settings;
  const valid =
    typeof seeds === 'number' &&
    typeof durationSec === 'number' &&
    typeof sweep === 'boolean' &&
    typeof reportFile === 'string' &&
    typeof keepRuns === 'boolean';
  if (!valid) {
    throw new InputError(
      `${shardFileName}: settings: expected seeds, durationSec, sweep, reportFile and keepRuns of an experiments run, got ${JSON.stringify(file.settings)}`,
    );
  }
  return { seeds, durationSec, sweep, reportFile, keepRuns };
}

/** The jobs of `plan` that are this shard's, in order. */
export function shardJobs(plan: ExperimentJobs, shard: Shard): { index: number; job: Job }[] {
  return shardIndices(plan.jobs.length, shard).map((index) => ({
    index,
    job: plan.jobs[index] as Job,
  }));
}

/** What a shard writes into its --out. */
export function shardLayout(plan: ExperimentJobs, shard: Shard): OutLayout {
  return {
    files: [shardFileName, shardResultsFileName],
    figures: null,
    runNames: shardJobs(plan, shard).map(({ job }) => basename(job.outDir)),
    what: 'an experiments shard',
  };
}

/** Writes the shard's results, then (its runs removed unless kept) its shard.json. */
export function writeExperimentShard(
  out: string,
  file: ShardFile,
  settings: ExperimentSettings,
  done: readonly { readonly index: number; readonly result: JobResult }[],
): void {
  const lines = done.map(({ index, result }) => {
    const { outDir: _outDir, ...job } = result.job;
    const line: ResultLine = { index, result: { ...result, job } };
    return Buffer.from(`${exactJsonText(line)}\n`, 'utf8');
  });
  // A Buffer, not one string: a thousand seeds of a sweep is hundreds of MB of results.
  writeOwnedFile(join(out, shardResultsFileName), Buffer.concat(lines));
  if (!settings.keepRuns) removeOwnedSubdirectoryOf(out, 'runs');
  writeOwnedFile(join(out, shardFileName), shardFileText(file));
}

/** The lines of a file read as bytes (a string of it could pass V8's ~512 MB string limit). */
function jsonLines(path: string): string[] {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    throw new InputError(`${path}: expected the shard's results, got no readable file`);
  }
  const lines: string[] = [];
  let start = 0;
  while (start < bytes.length) {
    const end = bytes.indexOf(0x0a, start);
    const stop = end === -1 ? bytes.length : end;
    if (stop > start) lines.push(bytes.toString('utf8', start, stop));
    start = stop + 1;
  }
  return lines;
}

function sameJob(a: Omit<Job, 'outDir'>, b: Job): boolean {
  return (
    a.experiment === b.experiment &&
    a.scenario === b.scenario &&
    a.seed === b.seed &&
    a.durationSec === b.durationSec
  );
}

/**
 * The shard's results, each with its job as `plan` (the merged run's) has it: exactly the jobs
 * the shard was to run, each once, else refused naming the file.
 */
export function readExperimentShard(
  dir: string,
  plan: ExperimentJobs,
  shard: Shard,
): Map<number, JobResult> {
  const path = join(dir, shardResultsFileName);
  const expected = shardIndices(plan.jobs.length, shard).length;
  const results = new Map<number, JobResult>();
  jsonLines(path).forEach((text, lineIndex) => {
    const where = `${path}:${lineIndex + 1}`;
    let line: ResultLine;
    try {
      line = parseExactJson(text) as ResultLine;
    } catch {
      throw new InputError(`${where}: expected a job's result as JSON, got something else`);
    }
    const job = Number.isInteger(line?.index) ? plan.jobs[line.index] : undefined;
    const stored = line?.result?.job;
    const ours = job !== undefined && inShard(line.index, shard) && !results.has(line.index);
    if (!ours || typeof stored !== 'object' || stored === null || !sameJob(stored, job)) {
      throw new InputError(
        `${where}: expected a result of one of this shard's jobs, each once, got job ${JSON.stringify(line?.index)} (${stored?.experiment ?? '?'} seed ${stored?.seed ?? '?'})`,
      );
    }
    results.set(line.index, { ...line.result, job });
  });
  if (results.size !== expected) {
    throw new InputError(`${path}: expected the results of ${expected} jobs, got ${results.size}`);
  }
  return results;
}
