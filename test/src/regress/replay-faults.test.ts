/**
 * Goal: every bundled fault scenario replays byte for byte from its manifest (logs, faults.csv
 * and manifest), its run equals its committed baseline run, and faults.csv is one of the files
 * `replay --verify` compares (an edited one is named). Method: `run` and `replay --verify` in
 * this process; the committed run copies in scenarios/baselines/runs/.
 */
import { createHash } from 'node:crypto';
import {
  appendFileSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bundledScenariosDir } from '../../../src/common/paths.js';
import { runCliInProcess } from '../../helpers/cli-process.js';

const workDir = mkdtempSync(join(tmpdir(), 'lamport-replay-faults-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

const faultScenarios = [
  'partition-heal',
  'lossy',
  'crash-restart-persisted',
  'crash-restart-reset',
  'byzantine-clock',
  'slow-machine',
  'duplicate-delay',
  'every-fault',
];

const sha256 = (path: string): string =>
  createHash('sha256').update(readFileSync(path)).digest('hex');

describe('bundled fault scenarios', () => {
  for (const name of faultScenarios) {
    it(`${name}: equals its baseline run and replays identically`, async () => {
      const runDir = join(workDir, name);
      const run = await runCliInProcess(workDir, ['run', name, '--out', runDir, '--quiet']);
      expect(run.status, run.stderr).toBe(0);
      const baselineRun = join(bundledScenariosDir, 'baselines', 'runs', name);
      const files = readdirSync(baselineRun).sort();
      expect(files).toContain('faults.csv');
      for (const file of files) {
        expect(sha256(join(runDir, file)), file).toBe(sha256(join(baselineRun, file)));
      }
      const replay = await runCliInProcess(workDir, ['replay', runDir, '--verify']);
      expect(replay.status, replay.stderr + replay.stdout).toBe(0);
      expect(replay.stdout).toContain('identical');
    });
  }

  it('says where an edited faults.csv differs', async () => {
    const runDir = join(workDir, 'edited');
    const run = await runCliInProcess(workDir, ['run', 'lossy', '--out', runDir, '--quiet']);
    expect(run.status, run.stderr).toBe(0);
    appendFileSync(join(runDir, 'faults.csv'), '1,drop,1,0,0-1,index=0;reason=loss\n');
    const replay = await runCliInProcess(workDir, ['replay', runDir, '--verify']);
    expect(replay.status).toBe(1);
    expect(replay.stdout + replay.stderr).toContain('faults.csv');
  });

  it('refuses in one line a manifest whose fault list breaks a rule, naming the field', async () => {
    const runDir = join(workDir, 'broken');
    const run = await runCliInProcess(workDir, [
      'run',
      'crash-restart-reset',
      '--out',
      runDir,
      '--quiet',
    ]);
    expect(run.status, run.stderr).toBe(0);
    const path = join(runDir, 'manifest.json');
    const manifest = JSON.parse(readFileSync(path, 'utf8')) as {
      scenario: { faults: { machine?: number }[] };
    };
    (manifest.scenario.faults[1] as { machine: number }).machine = 2;
    writeFileSync(path, JSON.stringify(manifest, null, 2));
    const replay = await runCliInProcess(workDir, ['replay', runDir, '--verify']);
    expect(replay.status).toBe(2);
    expect(replay.stderr).toBe(
      `lamport-lab: ${path}: scenario.faults[1].atSec: expected a restart of a machine that is down (machine 2 has no crash before it that is not restarted), got 30 (number)\n`,
    );
  });
});
