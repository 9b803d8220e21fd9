/**
 * A trial's run in memory is the run `run` writes, byte for byte, and a trial (made and checked)
 * touches no file system: node:fs is replaced by a copy whose every function throws while
 * `fsForbidden` is set.
 */
import * as realFs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { evaluateTrial, resolveTrial } from '../../../src/explore/evaluate-trial.js';
import { type ExploreSettings, faultKindsAll } from '../../../src/explore/explore-settings.js';
import { trialScenario } from '../../../src/explore/trial-arbitrary.js';
import { trialRunInMemory } from '../../../src/explore/trial-run.js';
import { logFileName } from '../../../src/logs/format.js';
import { manifestText } from '../../../src/logs/manifest.js';
import { executeRunSync } from '../../../src/run/virtual-run.js';

const guard = vi.hoisted(() => ({ fsForbidden: false }));

vi.mock('node:fs', async (importOriginal) => {
  const actual = await importOriginal<Record<string, unknown>>();
  const guarded: Record<string, unknown> = { ...actual };
  for (const [name, value] of Object.entries(actual)) {
    if (typeof value !== 'function' || /^[A-Z]/.test(name)) continue;
    guarded[name] = (...args: unknown[]) => {
      if (guard.fsForbidden) throw new Error(`node:fs ${name} called during a trial`);
      return (value as (...a: unknown[]) => unknown)(...args);
    };
  }
  return { ...guarded, default: guarded };
});

const settings: ExploreSettings = {
  seed: 5,
  faultKinds: faultKindsAll,
  machinesMax: 4,
  expect: null,
};
const root = realFs.mkdtempSync(join(tmpdir(), 'lamport-trial-run-'));
afterAll(() => realFs.rmSync(root, { recursive: true, force: true }));

describe('trialRunInMemory', () => {
  it('holds the bytes `run` writes: every log, faults.csv and manifest.json', () => {
    let withFaults = 0;
    for (let index = 0; index < 12; index += 1) {
      // Every other run without faults: faults.csv is compared, and its absence too.
      const drawn = index % 2 === 0 ? settings : { ...settings, faultKinds: [] };
      const scenario = resolveTrial(trialScenario(drawn, index), index);
      const outDir = join(root, `run-${index}`);
      executeRunSync({ scenario, outDir, force: false });
      const { manifest, memory } = trialRunInMemory(scenario, {});
      const read = (name: string) => new Uint8Array(realFs.readFileSync(join(outDir, name)));
      expect(manifestText(manifest)).toBe(
        realFs.readFileSync(join(outDir, 'manifest.json'), 'utf8'),
      );
      expect(memory.manifest).toEqual(JSON.parse(manifestText(manifest)));
      expect(memory.logs).toHaveLength(scenario.machines);
      memory.logs.forEach((bytes, id) => {
        expect(bytes, `run ${index} ${logFileName(id)}`).toEqual(read(logFileName(id)));
      });
      const faultsOnDisk = realFs.existsSync(join(outDir, 'faults.csv'));
      expect(memory.faultsCsv === null).toBe(!faultsOnDisk);
      if (memory.faultsCsv !== null) {
        withFaults += 1;
        expect(memory.faultsCsv).toEqual(read('faults.csv'));
      }
    }
    // Both kinds of run were compared.
    expect(withFaults).toBeGreaterThan(0);
    expect(withFaults).toBeLessThanOrEqual(6);
  });
});

describe('evaluateTrial in memory', () => {
  it('calls no node:fs function while trials are made and checked', () => {
    const scenarios = [0, 1, 2, 3].map((index) => trialScenario(settings, index));
    guard.fsForbidden = true;
    try {
      const verdicts = scenarios.map((scenario, index) => evaluateTrial(scenario, index, settings));
      for (const verdict of verdicts) expect(verdict.violation).toBeNull();
      expect(verdicts.reduce((sum, verdict) => sum + verdict.events, 0)).toBeGreaterThan(0);
    } finally {
      guard.fsForbidden = false;
    }
  });
});
