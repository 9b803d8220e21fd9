/**
 * A trial's run in memory is the run `run` writes, byte for byte; explore's unhashed trial is
 * that run but for the digests the manifest states, and `check` gives it the report it gives the
 * run directory; and a trial (made and checked) touches no file system: node:fs is replaced by a
 * copy whose every function throws while `fsForbidden` is set.
 */
import * as realFs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { type CheckOptions, checkRun, checkRunInput } from '../../../src/check/check-run.js';
import { evaluateTrial, resolveTrial } from '../../../src/explore/evaluate-trial.js';
import { type ExploreSettings, faultKindsAll } from '../../../src/explore/explore-settings.js';
import { trialScenario } from '../../../src/explore/trial-arbitrary.js';
import { trialRunInMemory } from '../../../src/explore/trial-run.js';
import { logFileName } from '../../../src/logs/format.js';
import { unhashedSha256 } from '../../../src/logs/log-file-digest.js';
import { manifestText } from '../../../src/logs/manifest.js';
import { runInputInMemory } from '../../../src/logs/run-input.js';
import { executeRunSync } from '../../../src/run/virtual-run.js';
import { brokenStep } from '../../helpers/broken-step.js';

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

describe('an unhashed trial', () => {
  const options: CheckOptions = { maxErrors: 50, rerun: 'never' };
  // The correct model, and broken steps, so that the reports compared hold violations too.
  const steps = [
    undefined,
    brokenStep('receive-without-plus-one'),
    brokenStep('receive-without-max'),
  ];

  it('states unhashedSha256 where the run states digests, and nothing else differs', () => {
    for (let index = 0; index < 4; index += 1) {
      const scenario = resolveTrial(trialScenario(settings, index), index);
      const hashed = trialRunInMemory(scenario, {});
      const unhashed = trialRunInMemory(scenario, {}, 'unhashed');
      const stated = JSON.parse(JSON.stringify(hashed.memory.manifest)) as {
        logs: { sha256: string }[];
      };
      for (const log of stated.logs) log.sha256 = unhashedSha256;
      expect(unhashed.memory).toEqual({ ...hashed.memory, manifest: stated, unhashed: true });
    }
  });

  it('gets from check the report its run directory gets, violations and consequences alike', () => {
    let violations = 0;
    let consequences = 0;
    for (let index = 0; index < 12; index += 1) {
      const step = steps[index % steps.length];
      const overrides = step === undefined ? {} : { step };
      const scenario = resolveTrial(trialScenario(settings, index), index);
      const outDir = join(root, `checked-${index}`);
      executeRunSync({ scenario, outDir, force: false }, overrides);
      const fromDir = checkRun(outDir, options);
      const { memory } = trialRunInMemory(scenario, overrides, 'unhashed');
      const inMemory = checkRunInput(runInputInMemory('trial', memory), options);
      expect({ ...inMemory, runDir: outDir }, `run ${index}`).toEqual(fromDir);
      violations += fromDir.violations.length;
      consequences += fromDir.faults?.consequences.length ?? 0;
    }
    expect(violations).toBeGreaterThan(0);
    expect(consequences).toBeGreaterThan(0);
  });

  it('is not re-run by check: a re-run would compare real digests with the stated ones', () => {
    const scenario = resolveTrial(trialScenario(settings, 0), 0);
    const { memory } = trialRunInMemory(scenario, {}, 'unhashed');
    expect(() =>
      checkRunInput(runInputInMemory('trial', memory), { maxErrors: 5, rerun: 'always' }),
    ).toThrow(/without a re-run/);
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
