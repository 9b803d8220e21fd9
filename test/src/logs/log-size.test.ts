/**
 * Goal: `run` warns before writing logs of more than ~1 GB, from an estimate close to what a
 * run writes. Method: the estimate against the bytes a real run's logs have, on short runs of
 * the bundled scenarios (each in its own directory); the warning's threshold at its edge.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { estimateLogSize, largeLogBytes, largeLogWarning } from '../../../src/logs/log-size.js';
import { executeRun } from '../../../src/run/virtual-run.js';
import { loadScenario } from '../../../src/scenario/load.js';
import { resolveScenario } from '../../../src/scenario/resolve.js';

let workDir: string;
beforeAll(() => {
  workDir = mkdtempSync(join(tmpdir(), 'lamport-log-size-'));
});
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

describe('estimateLogSize', () => {
  it.each([
    ['default', 60],
    ['default', 20_000],
    ['A2', 5_000],
    ['trial2', 3_000],
  ])('is within 12 percent of the logs %s writes in %i s', async (name, durationSec) => {
    const loaded = loadScenario(name, { values: { durationSec }, flags: {} });
    const scenario = resolveScenario(loaded, loaded.file.seed ?? 1);
    const outDir = join(workDir, `${name}-${durationSec}`);
    const { manifest } = await executeRun({ scenario, outDir, force: false });
    const estimate = estimateLogSize(scenario.rates, scenario.durationSec);
    expect(estimate.rows).toBe(manifest.events);
    const bytes = manifest.logs.reduce(
      (total, log) => total + statSync(join(outDir, log.file)).size,
      0,
    );
    expect(Math.abs(estimate.bytes / bytes - 1)).toBeLessThan(0.12);
  });
});

describe('largeLogWarning', () => {
  it('says nothing up to 1 GB and, above, the size and a duration that stays under it', () => {
    const rates = [5, 4, 1];
    expect(largeLogWarning(estimateLogSize(rates, 1_000_000), 1_000_000)).toBeNull();
    const warning = largeLogWarning(estimateLogSize(rates, 3_000_000), 3_000_000) ?? '';
    expect(warning).toMatch(
      /^warning: this run will write about 1\.\d GB of logs \(30,000,000 rows\)/,
    );
    expect(warning).toContain('--no-logs');
    const suggested = Number(/--duration (\d+) or less/.exec(warning)?.[1]);
    expect(estimateLogSize(rates, suggested).bytes).toBeLessThanOrEqual(largeLogBytes);
  });
});
