/**
 * Goal: writeRun writes a run directory (its files listed in the manifest's order, the seed it
 * used) and refuses a directory as `lamport-lab run --out` refuses it, with the CLI's line as a
 * RunDirectoryError (never an exit): a directory that is not empty without `force`, a file of
 * the user's at a run file's name even with `force`, a file where the directory should be. A bad
 * scenario is refused before the directory is made. (The equality with the CLI's run directory,
 * for every bundled scenario, is same-as-cli.test.ts.)
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  bundledScenario,
  RunDirectoryError,
  ScenarioError,
  writeRun,
} from '../../../src/api/index.js';
import { runCliInProcess } from '../../helpers/cli-process.js';

const dir = mkdtempSync(join(tmpdir(), 'lamport-api-write-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const small = { rates: [4, 2, 1], durationSec: 5, faults: [{ kind: 'loss' as const, p: 0.2 }] };

async function refusal(run: Promise<unknown>): Promise<RunDirectoryError> {
  try {
    await run;
  } catch (error) {
    if (error instanceof RunDirectoryError) return error;
    throw error;
  }
  throw new Error('writeRun took the directory');
}

/** What `lamport-lab run` prints for the same directory, without its prefix. */
async function cliRefusal(outDir: string, force: boolean): Promise<string> {
  const args = ['run', 'A1', '--seed', '1', '--out', outDir, ...(force ? ['--force'] : [])];
  const cli = await runCliInProcess(dir, args);
  expect(cli.status).toBe(2);
  return cli.stderr.replace(/^lamport-lab: /, '').trimEnd();
}

describe('writeRun', () => {
  it('writes the run directory and says what it wrote', async () => {
    const outDir = join(dir, 'fresh', 'run');
    const written = await writeRun(small, outDir, { seed: 4 });
    expect(written.outDir).toBe(outDir);
    expect(written.seed).toBe(4);
    const files = ['machine-0.csv', 'machine-1.csv', 'machine-2.csv', 'faults.csv'];
    expect(written.files).toEqual([...files, 'manifest.json', 'summary.json']);
    for (const file of written.files) expect(existsSync(join(outDir, file))).toBe(true);
    const manifest = JSON.parse(readFileSync(join(outDir, 'manifest.json'), 'utf8'));
    expect(written.manifest).toEqual(manifest);
    expect(manifest.scenario.seed).toBe(4);
  });

  it('refuses a directory that is not empty, as `run` does, and replaces its own run with force', async () => {
    const outDir = join(dir, 'again');
    await writeRun(bundledScenario('A1'), outDir, { seed: 1 });
    const error = await refusal(writeRun(bundledScenario('A1'), outDir, { seed: 1 }));
    expect(error.message).toBe(await cliRefusal(outDir, false));
    expect(error.outDir).toBe(outDir);
    const replaced = await writeRun(bundledScenario('A1'), outDir, { seed: 2, force: true });
    expect(replaced.manifest.scenario.seed).toBe(2);
  });

  it("refuses a file of the user's at a run file's name, even with force", async () => {
    const outDir = join(dir, 'theirs');
    mkdirSync(outDir);
    writeFileSync(join(outDir, 'machine-0.csv'), 'mine\n');
    const error = await refusal(writeRun(bundledScenario('A1'), outDir, { force: true }));
    expect(error.message).toBe(await cliRefusal(outDir, true));
    expect(readFileSync(join(outDir, 'machine-0.csv'), 'utf8')).toBe('mine\n');
  });

  it('refuses a file where the directory should be', async () => {
    const outDir = join(dir, 'a-file');
    writeFileSync(outDir, 'not a directory\n');
    const error = await refusal(writeRun(bundledScenario('A1'), outDir));
    expect(error.message).toBe(await cliRefusal(outDir, false));
  });

  it('refuses a bad scenario before making the directory', async () => {
    const outDir = join(dir, 'never');
    await expect(writeRun({ machines: 1 }, outDir)).rejects.toThrow(ScenarioError);
    await expect(writeRun({}, outDir, { seed: 2 ** 32 })).rejects.toThrow(ScenarioError);
    expect(existsSync(outDir)).toBe(false);
  });
});
