/**
 * `regress`: every bundled scenario run afresh and compared with its baseline in
 * scenarios/baselines/, so a change that alters behaviour fails CI until the baselines are updated
 * (on purpose, with --update) in the same commit.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
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

function writeBaseline(path: string, baseline: Baseline, runDir: string, runCopy: string): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, `${JSON.stringify(baseline, null, 2)}\n`);
  rmSync(runCopy, { recursive: true, force: true });
  mkdirSync(runCopy, { recursive: true });
  for (const file of readdirSync(runDir)) {
    if (/^machine-\d+\.csv$/.test(file) || file === 'manifest.json')
      cpSync(join(runDir, file), join(runCopy, file));
  }
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
  rmSync(kept, { recursive: true, force: true });
  mkdirSync(failuresDir, { recursive: true });
  cpSync(runDir, kept, { recursive: true });
  const shivizPath = join(failuresDir, `${name}.shiviz.log`);
  writeTwoRunShiviz(runCopy, kept, shivizPath);
  return shivizPath;
}
