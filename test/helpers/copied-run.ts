/**
 * One small correct run (trial4, seed 1004, 10 s: 30, 20 and 10 rows), made once per test file,
 * and a fresh copy of it at `<working dir>/run` for every test, which may break it at will.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { executeRun } from '../../src/run/virtual-run.js';
import { loadScenario } from '../../src/scenario/load.js';
import { resolveScenario } from '../../src/scenario/resolve.js';

/** Registers the hooks; the returned function gives the current test's working directory. */
export function useCopiedRun(label: string): () => string {
  let baseDir = '';
  let workDir = '';
  beforeAll(async () => {
    baseDir = mkdtempSync(join(tmpdir(), `lamport-${label}-base-`));
    const loaded = loadScenario('trial4', { values: { durationSec: 10 }, flags: {} });
    await executeRun({
      scenario: resolveScenario(loaded, 1004),
      outDir: join(baseDir, 'run'),
      force: false,
    });
  });
  afterAll(() => rmSync(baseDir, { recursive: true, force: true }));
  beforeEach(() => {
    workDir = mkdtempSync(join(tmpdir(), `lamport-${label}-`));
    cpSync(join(baseDir, 'run'), join(workDir, 'run'), { recursive: true });
  });
  afterEach(() => rmSync(workDir, { recursive: true, force: true }));
  return () => workDir;
}
