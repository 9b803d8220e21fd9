/**
 * `regress`: every bundled scenario run afresh and compared with its baseline in
 * scenarios/baselines/, so a change that alters behaviour fails CI until the baselines are updated
 * (on purpose, with --update) in the same commit.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { executeRun, type RunOverrides } from '../run.js';
import { listBundledScenarioNames, loadScenario } from '../scenario-load.js';
import { resolveScenario } from '../scenario-resolve.js';
import { type Comparison, compareMetrics } from './compare.js';
import { type Baseline, baselinePath, metricsOfRun, readBaseline } from './metrics.js';

export interface ScenarioVerdict {
  readonly scenario: string;
  readonly status: 'same' | 'changed' | 'new';
  readonly comparison: Comparison | null;
}

export async function regress(
  baselinesDir: string,
  options: { readonly update: boolean; readonly overrides?: RunOverrides },
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
      if (!existsSync(path)) {
        if (options.update) writeBaseline(path, baseline);
        verdicts.push({ scenario: name, status: 'new', comparison: null });
        continue;
      }
      const comparison = compareMetrics({ ...readBaseline(path), label: path }, current, 0);
      if (options.update && !comparison.same) writeBaseline(path, baseline);
      verdicts.push({ scenario: name, status: comparison.same ? 'same' : 'changed', comparison });
    }
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
  return verdicts;
}

function writeBaseline(path: string, baseline: Baseline): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, `${JSON.stringify(baseline, null, 2)}\n`);
}
