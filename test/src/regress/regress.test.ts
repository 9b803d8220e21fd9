/**
 * Replay and regression: every bundled scenario's run replays byte for byte from its manifest; a
 * deliberately changed rule makes `regress` fail naming the scenario and the metric; `compare` of a
 * run with itself is clean and respects its tolerance; a corrupt or missing manifest is bad input.
 */
import {
  cpSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatComparison } from '../../../src/cli/commands/regress-action.js';
import { baselinesDir } from '../../../src/cli/commands/regress-options.js';
import { compareMetrics } from '../../../src/regress/compare.js';
import { metricsOfRun } from '../../../src/regress/metrics.js';
import { regress } from '../../../src/regress/regress.js';
import { firstDifference, replayRun } from '../../../src/regress/replay.js';
import { executeRun } from '../../../src/run/virtual-run.js';
import { listBundledScenarioNames, loadScenario } from '../../../src/scenario/load.js';
import { resolveScenario } from '../../../src/scenario/resolve.js';
import { brokenStep } from '../../helpers/broken-step.js';
import { fileHashes, runCliInProcess } from '../../helpers/cli-process.js';

const workDir = mkdtempSync(join(tmpdir(), 'lamport-regress-test-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

async function bundledRun(name: string, outDir: string): Promise<void> {
  const loaded = loadScenario(name, { values: {}, flags: {} });
  await executeRun({
    scenario: resolveScenario(loaded, loaded.file.seed ?? 1),
    outDir,
    force: false,
  });
}

/**
 * The run of a bundled scenario with its defaults, made by the first test that asks for it and
 * only read after: no test depends on another having run first.
 */
const originals = new Map<string, Promise<string>>();
function originalRun(name: string): Promise<string> {
  let made = originals.get(name);
  if (made === undefined) {
    const outDir = join(workDir, `orig-${name}`);
    made = bundledRun(name, outDir).then(() => outDir);
    originals.set(name, made);
  }
  return made;
}

describe('replay', () => {
  it('reproduces every bundled scenario byte for byte from its manifest alone', async () => {
    for (const name of listBundledScenarioNames()) {
      const original = await originalRun(name);
      const replay = join(workDir, `replay-${name}`);
      await replayRun(original, replay, false);
      expect(firstDifference(original, replay), name).toBeNull();
    }
  });

  it('names the first differing file, line and rows', async () => {
    const original = await originalRun('trial1');
    const edited = join(workDir, 'edited-trial1');
    await replayRun(original, edited, false);
    writeFileSync(join(edited, 'machine-1.csv'), '');
    expect(firstDifference(original, edited)).toMatchObject({ file: 'machine-1.csv', line: 1 });
  });

  it('refuses a corrupt or missing manifest as bad input (exit 2, one line)', async () => {
    const corrupt = join(workDir, 'corrupt');
    await runCliInProcess(workDir, ['run', 'trial1', '--out', corrupt, '--quiet']);
    writeFileSync(join(corrupt, 'manifest.json'), '{"mode": ');
    for (const dir of [corrupt, join(workDir, 'nowhere')]) {
      const result = await runCliInProcess(workDir, ['replay', dir, '--verify']);
      expect(result.status).toBe(2);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toContain('manifest.json');
    }
  });
});

describe('replay of an edited manifest', () => {
  async function replayOf(edit: (scenario: Record<string, unknown>) => void): Promise<string> {
    const dir = mkdtempSync(join(workDir, 'edited-manifest-'));
    cpSync(await originalRun('trial1'), join(dir, 'run'), { recursive: true });
    const path = join(dir, 'run', 'manifest.json');
    const manifest = JSON.parse(readFileSync(path, 'utf8')) as {
      scenario: Record<string, unknown>;
    };
    edit(manifest.scenario);
    writeFileSync(path, JSON.stringify(manifest));
    const result = await runCliInProcess(dir, ['replay', 'run']);
    expect(result.status, result.stderr).toBe(2);
    expect(result.stdout).toBe('');
    expect(readdirSync(dir)).toEqual(['run']);
    return result.stderr.trim();
  }

  it("holds the scenario to the loader's limits, in its words, before anything runs", async () => {
    // 100 000 000 machines used to reach the simulator and end in V8's out-of-memory abort.
    expect(await replayOf((scenario) => Object.assign(scenario, { machines: 100_000_000 }))).toBe(
      'lamport-lab: run/manifest.json: scenario.machines: expected a whole number of machines, 2..10000, got 100000000 (number)',
    );
    expect(await replayOf((scenario) => Object.assign(scenario, { rates: [1, 2] }))).toBe(
      'lamport-lab: run/manifest.json: scenario.rates: expected 3 rates, one per machine, got 2',
    );
    expect(await replayOf((scenario) => Object.assign(scenario, { durationSec: 'long' }))).toMatch(
      /^lamport-lab: run\/manifest\.json: scenario\.durationSec: expected a duration in seconds, .*, got "long" \(string\)$/,
    );
  });
});

describe('compare', () => {
  it('finds nothing to report between a run and itself', async () => {
    const metrics = metricsOfRun(await originalRun('A2'));
    const comparison = compareMetrics(metrics, metrics, 0);
    expect(comparison.same).toBe(true);
    expect(comparison.changes).toEqual([]);
  });

  it('lets a metric move within the tolerance and flags it beyond', () => {
    const before = {
      label: 'a',
      hashes: { 'machine-0.csv': 'x' },
      metrics: { 'machine 0 jump max': 10 },
    };
    const after = {
      label: 'b',
      hashes: { 'machine-0.csv': 'x' },
      metrics: { 'machine 0 jump max': 11 },
    };
    expect(compareMetrics(before, after, 0.15).same).toBe(true);
    expect(compareMetrics(before, after, 0.05).same).toBe(false);
    const rehashed = { ...after, hashes: { 'machine-0.csv': 'y' } };
    expect(compareMetrics(before, rehashed, 1).same).toBe(false);
  });

  it('prints a metric that rises from 0 as "from 0", beyond any tolerance, not "Infinity %"', () => {
    const metrics = (value: number) => ({
      label: String(value),
      hashes: {},
      metrics: { 'machine 0 queue final': value },
    });
    const comparison = compareMetrics(metrics(0), metrics(4), 1);
    expect(comparison.same).toBe(false);
    const row = formatComparison(comparison)
      .split('\n')
      .find((line) => line.startsWith('machine 0 queue final'));
    expect(row).toMatch(/^machine 0 queue final\s+0\s+4\s+from 0\s+beyond tolerance$/);
  });
});

describe('regress', () => {
  it('finds every bundled scenario the same as its committed baseline', async () => {
    const verdicts = await regress(baselinesDir, { update: false });
    expect(verdicts.filter((verdict) => verdict.status !== 'same')).toEqual([]);
  });

  it('fails, naming the scenario and the metric, when a rule is changed', async () => {
    // A receive that forgets the +1: clocks and jumps change wherever a message is received.
    const step = brokenStep('receive-without-plus-one');
    const failuresDir = join(workDir, 'failures');
    const verdicts = await regress(baselinesDir, {
      update: false,
      overrides: { step },
      failuresDir,
    });
    const trial4 = verdicts.find((verdict) => verdict.scenario === 'trial4');
    expect(trial4?.status).toBe('changed');
    expect(trial4?.shivizPath).toBe(join(failuresDir, 'trial4.shiviz.log'));
    expect(readFileSync(join(failuresDir, 'trial4.shiviz.log'), 'utf8')).toContain('=== after: ');
    const metrics = trial4?.comparison?.changes.map((change) => change.metric) ?? [];
    expect(metrics).toContain('sha256 machine-0.csv');
    expect(metrics).toContain('machine 0 final clock');
  });

  it("refuses a user's file where a result goes before it rewrites any baseline", async () => {
    const step = brokenStep('receive-without-plus-one');
    const baselines = join(workDir, 'baselines-untouched');
    cpSync(baselinesDir, baselines, { recursive: true });
    const failuresDir = join(workDir, 'failures-refused');
    mkdirSync(failuresDir);
    // trial4 comes late in the list: A1 .. B4 and default change before it does.
    writeFileSync(join(failuresDir, 'trial4.shiviz.log'), "the user's notes\n");
    const before = fileHashes(baselines);
    await expect(
      regress(baselines, { update: true, overrides: { step }, failuresDir }),
    ).rejects.toThrow(
      /trial4\.shiviz\.log: expected nothing there or a file lamport-lab wrote, got .*; lamport-lab replaces only files it wrote: move it away$/,
    );
    expect(fileHashes(baselines)).toEqual(before);
    expect(readdirSync(failuresDir)).toEqual(['trial4.shiviz.log']);
  });

  it('replaces only its own files in the failures and baselines it rewrites', async () => {
    const step = brokenStep('receive-without-plus-one');
    const baselines = join(workDir, 'baselines-copy');
    cpSync(baselinesDir, baselines, { recursive: true });
    const failuresDir = join(workDir, 'failures-with-user-files');
    const planted = [
      join(failuresDir, 'trial4', 'notes.txt'),
      join(failuresDir, 'trial4', 'machine-7.csv'),
      join(failuresDir, 'trial4', 'mine', 'data.csv'),
      join(baselines, 'runs', 'trial4', 'notes.txt'),
      join(baselines, 'runs', 'trial4', 'mine', 'data.csv'),
    ];
    for (const path of planted) {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, `the user's ${path}\n`);
    }
    const userFolder = join(workDir, 'user-folder');
    mkdirSync(userFolder);
    writeFileSync(join(userFolder, 'inner.txt'), 'inner\n');
    symlinkSync(userFolder, join(failuresDir, 'trial4', 'link-to-folder'));
    const before = new Map(planted.map((path) => [path, readFileSync(path, 'utf8')]));
    const verdicts = await regress(baselines, { update: true, overrides: { step }, failuresDir });
    expect(verdicts.find((verdict) => verdict.scenario === 'trial4')?.status).toBe('changed');
    for (const [path, text] of before) expect(readFileSync(path, 'utf8'), path).toBe(text);
    expect(lstatSync(join(failuresDir, 'trial4', 'link-to-folder')).isSymbolicLink()).toBe(true);
    expect(readdirSync(userFolder)).toEqual(['inner.txt']);
    // The rewritten baseline run is the new run, and only that: no record in the package's data.
    expect(readdirSync(join(baselines, 'runs', 'trial4')).sort()).toEqual([
      'machine-0.csv',
      'machine-1.csv',
      'machine-2.csv',
      'manifest.json',
      'mine',
      'notes.txt',
    ]);
    expect(firstDifference(join(failuresDir, 'trial4'), join(baselines, 'runs', 'trial4'))).toBe(
      null,
    );
  });
});
