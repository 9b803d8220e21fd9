/**
 * The analysis a run makes while it runs is the analysis `analyze` makes of its logs: for
 * scenarios with constant and drawn latency, broadcasts, many machines and a backed-up queue,
 * the summary and every chart series are equal, with faults too (their section of the summary
 * included). A run stopped early has no in-run analysis
 * (its length is only known at the end), so the caller falls back to the logs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyzeRun } from '../../../src/analysis/analyze-run.js';
import { executeRun } from '../../../src/run/virtual-run.js';
import { loadScenario, type ScenarioOverrides } from '../../../src/scenario/load.js';
import { resolveScenario } from '../../../src/scenario/resolve.js';

const workDir = mkdtempSync(join(tmpdir(), 'lamport-analysis-sink-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

async function runAnalyzed(
  name: string,
  values: ScenarioOverrides['values'],
  stopAfter?: number,
  analysisSeries = true,
) {
  const loaded = loadScenario(name, { values, flags: {} });
  const scenario = resolveScenario(loaded, loaded.file.seed ?? 1);
  const outDir = join(
    workDir,
    `${name}-${Object.keys(values).length}-${stopAfter ?? 'all'}-${analysisSeries}`,
  );
  let slices = 0;
  const outcome = await executeRun(
    { scenario, outDir, force: false, analyze: true, analysisSeries },
    stopAfter === undefined ? {} : { shouldStop: () => ++slices >= stopAfter },
  );
  return { outcome, outDir };
}

describe('the in-run analysis', () => {
  it.each([
    ['default', { durationSec: 600 }],
    ['trial4', { durationSec: 300 }],
    ['jittery-network', { durationSec: 120 }],
    ['jittery-network', { durationSec: 120, fifo: true }],
    ['heavy-tail', { durationSec: 120 }],
    ['low-internal', { durationSec: 120, machines: 40 }],
    // With faults: the faults section from faults.csv, the inflation replayed beside the run,
    // and restart rows (first within their instant) in the drift.
    ['every-fault', {}],
    ['byzantine-clock', {}],
    ['crash-restart-reset', {}],
    ['crash-restart-persisted', {}],
    ['partition-heal', {}],
  ] as const)('equals the analysis of the logs: %s %o', async (name, values) => {
    const { outcome, outDir } = await runAnalyzed(name, values);
    expect(outcome.analysis).not.toBeNull();
    expect(outcome.analysis).toEqual(analyzeRun(outDir));
  });

  it.each([
    ['default', { durationSec: 3000 }],
    ['low-internal', { durationSec: 120, machines: 40 }],
  ] as const)('has the same summary without the series: %s %o', async (name, values) => {
    const { outcome, outDir } = await runAnalyzed(name, values, undefined, false);
    expect(outcome.analysis?.summary).toEqual(analyzeRun(outDir).summary);
    for (const series of outcome.analysis?.series ?? []) expect(series.clock.length).toBe(0);
  });

  it('is left to the logs when the run was stopped early', async () => {
    const { outcome } = await runAnalyzed('default', { durationSec: 100_000 }, 1);
    expect(outcome.manifest.completed).toBe(false);
    expect(outcome.analysis).toBeNull();
  });
});
