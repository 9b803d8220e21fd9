/**
 * Goal: a harness run stopped by an error (a bug, a full disk) leaves a directory that the next
 * `harness --force` may replace: the children's stderr files are recorded as lamport-lab's, as
 * the logs are. They were left unrecorded, so the next run refused them as the user's files
 * (after a lie's internal error, say) until they were removed by hand.
 * Method: executeHarness with correct.mjs as the implementation and a driver made to throw once
 * the children are greeted; then the --force check of the next run on the same directory.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { resolvedScenarioOf } from '../../../src/api/scenario-input.js';
import { executeHarness, stderrFileName } from '../../../src/harness/harness-run.js';
import { ownedRecordFileName } from '../../../src/logs/owned-files.js';
import { prepareOutDir, runFileNames } from '../../../src/logs/out-dir.js';

vi.mock('../../../src/harness/harness-driver.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../../src/harness/harness-driver.js')>();
  class BrokenDriver extends real.HarnessDriver {
    override run(): never {
      throw new Error('the driver broke');
    }
  }
  return { ...real, HarnessDriver: BrokenDriver };
});

const packageRoot = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
const workDir = mkdtempSync(join(tmpdir(), 'lamport-harness-run-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

describe('executeHarness stopped by an error', () => {
  it('records the stderr files, so that --force may replace the directory', async () => {
    const outDir = join(workDir, 'run');
    const scenario = resolvedScenarioOf({ rates: [1, 1], durationSec: 2 }, 1);
    const implementation = join(packageRoot, 'scenarios', 'implementations', 'correct.mjs');
    const request = {
      scenario,
      outDir,
      force: false,
      command: [process.execPath, implementation],
      timeoutMs: 5000,
    };
    await expect(executeHarness(request, () => false)).rejects.toThrow('the driver broke');
    const record = JSON.parse(readFileSync(join(outDir, ownedRecordFileName), 'utf8')) as {
      files: Record<string, unknown>;
    };
    expect(Object.keys(record.files)).toEqual(
      expect.arrayContaining([stderrFileName(0), stderrFileName(1)]),
    );
    const names = [...runFileNames(2), stderrFileName(0), stderrFileName(1)];
    expect(() => prepareOutDir(outDir, true, names)).not.toThrow();
  });
});
