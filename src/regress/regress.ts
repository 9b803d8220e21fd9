/**
 * `regress`: every bundled scenario run afresh and compared with its baseline in
 * scenarios/baselines/, so a change that alters behaviour fails CI until the baselines are updated
 * (on purpose, with --update) in the same commit.
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../common/errors.js';
import { manifestFileName } from '../logs/manifest.js';
import { runFileNames } from '../logs/out-dir.js';
import {
  checkWritable,
  firstUnowned,
  makeOwnedDirectory,
  refusalToReplace,
  removeOwnedFiles,
  writeOwnedFile,
} from '../logs/owned-files.js';
import { executeRun, type RunOverrides } from '../run/virtual-run.js';
import { listBundledScenarioNames, loadScenario } from '../scenario/load.js';
import { resolveScenario } from '../scenario/resolve.js';
import { type Comparison, compareMetrics } from './compare.js';
import { type Baseline, baselinePath, metricsOfRun, readBaseline } from './metrics.js';
import { writeTwoRunShiviz } from './two-run-shiviz.js';

export interface ScenarioVerdict {
  readonly scenario: string;
  readonly status: 'same' | 'changed' | 'new';
  readonly comparison: Comparison | null;
  /** For a changed scenario: both runs in one ShiViz file, and the new run kept beside it. */
  readonly shivizPath: string | null;
}

export interface RegressOptions {
  readonly update: boolean;
  readonly overrides?: RunOverrides;
  /** Where a changed scenario's new run and two-run ShiViz log go (default logs/regress). */
  readonly failuresDir?: string;
}

/** A baseline keeps its run's logs too, so a change can be shown beside the old run. */
export function baselineRunDir(baselinesDir: string, scenario: string): string {
  return join(baselinesDir, 'runs', scenario);
}

export async function regress(
  baselinesDir: string,
  options: RegressOptions,
): Promise<ScenarioVerdict[]> {
  const workDir = mkdtempSync(join(tmpdir(), 'lamport-regress-'));
  try {
    // Every scenario is run and compared first; then every place a result goes is checked;
    // only then is anything written. A refusal half way left some baselines rewritten.
    const results: ScenarioResult[] = [];
    for (const name of listBundledScenarioNames()) {
      results.push(await runAndCompare(name, baselinesDir, workDir, options));
    }
    for (const result of results) checkResultTargets(result, options);
    return results.map((result) => writeResult(result, options));
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

/** One scenario run afresh, beside its baseline (null when there is none yet). */
interface ScenarioResult {
  readonly name: string;
  readonly outDir: string;
  readonly path: string;
  readonly runCopy: string;
  readonly baseline: Baseline;
  readonly comparison: Comparison | null;
}

async function runAndCompare(
  name: string,
  baselinesDir: string,
  workDir: string,
  options: RegressOptions,
): Promise<ScenarioResult> {
  const loaded = loadScenario(name, { values: {}, flags: {} });
  const scenario = resolveScenario(loaded, loaded.file.seed ?? 1);
  const outDir = join(workDir, name);
  await executeRun({ scenario, outDir, force: false }, {}, options.overrides ?? {});
  const current = metricsOfRun(outDir);
  const path = baselinePath(baselinesDir, name);
  const baseline: Baseline = {
    scenario: name,
    seed: scenario.seed,
    durationSec: scenario.durationSec,
    hashes: current.hashes,
    metrics: current.metrics,
  };
  const runCopy = baselineRunDir(baselinesDir, name);
  const comparison = existsSync(path)
    ? compareMetrics({ ...readBaseline(path), label: path }, current, 0)
    : null;
  return { name, outDir, path, runCopy, baseline, comparison };
}

/** Refuses, before anything is written, a result whose files would land on the user's. */
function checkResultTargets(result: ScenarioResult, options: RegressOptions): void {
  const changed = result.comparison !== null && !result.comparison.same;
  const files = runFiles(result.outDir);
  if (changed && existsSync(result.runCopy)) {
    const kept = join(failuresDirOf(options), result.name);
    if (existsSync(kept) && !statSync(kept).isDirectory()) {
      throw new InputError(`${kept}: expected a directory for the changed run, got a file`);
    }
    if (existsSync(kept)) refuseUnowned(kept, files);
    checkWritable(shivizPathOf(result.name, options), { remedy: 'move-only' });
  }
  if (options.update && (changed || result.comparison === null) && existsSync(result.runCopy)) {
    refuseUnowned(result.runCopy, files);
  }
}

function refuseUnowned(directory: string, files: readonly string[]): void {
  const left = firstUnowned(directory, files);
  if (left !== null) throw refusalToReplace(join(directory, left.name), left.why, 'move-only');
}

function writeResult(result: ScenarioResult, options: RegressOptions): ScenarioVerdict {
  const { name, outDir, path, runCopy, baseline, comparison } = result;
  if (comparison === null) {
    if (options.update) writeBaseline(path, baseline, outDir, runCopy);
    return { scenario: name, status: 'new', comparison: null, shivizPath: null };
  }
  const shivizPath = comparison.same ? null : keepFailure(name, outDir, runCopy, options);
  if (options.update && !comparison.same) writeBaseline(path, baseline, outDir, runCopy);
  return { scenario: name, status: comparison.same ? 'same' : 'changed', comparison, shivizPath };
}

function failuresDirOf(options: RegressOptions): string {
  return options.failuresDir ?? join('logs', 'regress');
}

function shivizPathOf(name: string, options: RegressOptions): string {
  return join(failuresDirOf(options), `${name}.shiviz.log`);
}

/**
 * The package's own baseline, replaced on purpose (--update). Its run copy keeps no record of
 * lamport-lab's (the baselines are in version control): the earlier copy's files are removed
 * as far as its manifest vouches for them (owned-files.ts), and a file it does not vouch for
 * (a log edited by hand) is refused rather than overwritten.
 */
function writeBaseline(path: string, baseline: Baseline, runDir: string, runCopy: string): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, `${JSON.stringify(baseline, null, 2)}\n`);
  const files = runFiles(runDir);
  if (existsSync(runCopy)) {
    removeOwnedFiles(runCopy);
    const left = firstUnowned(runCopy, files);
    if (left !== null) throw refusalToReplace(join(runCopy, left.name), left.why, 'move-only');
  }
  mkdirSync(runCopy, { recursive: true });
  for (const file of files) writeFileSync(join(runCopy, file), readFileSync(join(runDir, file)));
}

/** The logs and manifest of a run just made (its manifest says how many machines). */
function runFiles(runDir: string): string[] {
  const manifest = JSON.parse(readFileSync(join(runDir, manifestFileName), 'utf8')) as {
    machines: unknown[];
    faults?: unknown;
  };
  const names = runFileNames(manifest.machines.length, { faults: manifest.faults !== undefined });
  return names.filter((file) => file !== 'summary.json');
}

/** Keeps a changed scenario's new run and writes it beside the baseline's run for ShiViz. */
function keepFailure(
  name: string,
  runDir: string,
  runCopy: string,
  options: RegressOptions,
): string | null {
  if (!existsSync(runCopy)) return null;
  const kept = join(failuresDirOf(options), name);
  // The earlier failure's copy is replaced as far as lamport-lab wrote it; a file of the
  // user's where a run file goes is refused.
  makeOwnedDirectory(kept, 'regress');
  removeOwnedFiles(kept);
  const files = runFiles(runDir);
  const left = firstUnowned(kept, files);
  if (left !== null) throw refusalToReplace(join(kept, left.name), left.why, 'move-only');
  for (const file of files) writeOwnedFile(join(kept, file), readFileSync(join(runDir, file)));
  const shivizPath = shivizPathOf(name, options);
  writeTwoRunShiviz(runCopy, kept, shivizPath);
  return shivizPath;
}
