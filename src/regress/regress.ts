/**
 * `regress`: every bundled scenario run afresh and compared with its baseline in
 * scenarios/baselines/, so a change that alters behaviour fails CI until the baselines are updated
 * (on purpose, with --update) in the same commit.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { manifestFileName } from '../manifest.js';
import { runFileNames } from '../out-dir.js';
import {
  firstUnowned,
  makeOwnedDirectory,
  refusalToReplace,
  removeOwnedFiles,
  writeOwnedFile,
} from '../owned-files.js';
import { executeRun, type RunOverrides } from '../run.js';
import { listBundledScenarioNames, loadScenario } from '../scenario-load.js';
import { resolveScenario } from '../scenario-resolve.js';
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
  const verdicts: ScenarioVerdict[] = [];
  try {
    for (const name of listBundledScenarioNames()) {
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
      if (!existsSync(path)) {
        if (options.update) writeBaseline(path, baseline, outDir, runCopy);
        verdicts.push({ scenario: name, status: 'new', comparison: null, shivizPath: null });
        continue;
      }
      const comparison = compareMetrics({ ...readBaseline(path), label: path }, current, 0);
      const shivizPath = comparison.same ? null : keepFailure(name, outDir, runCopy, options);
      if (options.update && !comparison.same) writeBaseline(path, baseline, outDir, runCopy);
      verdicts.push({
        scenario: name,
        status: comparison.same ? 'same' : 'changed',
        comparison,
        shivizPath,
      });
    }
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
  return verdicts;
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
    if (left !== null) throw refusalToReplace(join(runCopy, left.name), left.why, 'move');
  }
  mkdirSync(runCopy, { recursive: true });
  for (const file of files) writeFileSync(join(runCopy, file), readFileSync(join(runDir, file)));
}

/** The logs and manifest of a run just made (its manifest says how many machines). */
function runFiles(runDir: string): string[] {
  const manifest = JSON.parse(readFileSync(join(runDir, manifestFileName), 'utf8')) as {
    machines: unknown[];
  };
  return runFileNames(manifest.machines.length).filter((file) => file !== 'summary.json');
}

/** Keeps a changed scenario's new run and writes it beside the baseline's run for ShiViz. */
function keepFailure(
  name: string,
  runDir: string,
  runCopy: string,
  options: RegressOptions,
): string | null {
  if (!existsSync(runCopy)) return null;
  const failuresDir = options.failuresDir ?? join('logs', 'regress');
  const kept = join(failuresDir, name);
  // The earlier failure's copy is replaced as far as lamport-lab wrote it; a file of the
  // user's where a run file goes is refused.
  makeOwnedDirectory(kept, 'regress');
  removeOwnedFiles(kept);
  const files = runFiles(runDir);
  const left = firstUnowned(kept, files);
  if (left !== null) throw refusalToReplace(join(kept, left.name), left.why, 'move');
  for (const file of files) writeOwnedFile(join(kept, file), readFileSync(join(runDir, file)));
  const shivizPath = join(failuresDir, `${name}.shiviz.log`);
  writeTwoRunShiviz(runCopy, kept, shivizPath);
  return shivizPath;
}
