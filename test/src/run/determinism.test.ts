/**
 * Determinism is the simulator's promise: the same scenario and seed give byte-identical logs and
 * manifest, in this process or another one with another time zone and locale; another seed gives
 * other bytes. Runs are compared file by file, byte by byte. Another process, time zone and
 * locale: determinism.process.test.ts.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyzeRun } from '../../../src/analysis/analyze-run.js';
import { writeSummary } from '../../../src/analysis/summary-file.js';
import { executeRun } from '../../../src/run/virtual-run.js';
import { loadScenario } from '../../../src/scenario/load.js';
import { resolveScenario } from '../../../src/scenario/resolve.js';
import { expectRunChecksOk } from '../../helpers/expect-run-checks.js';

const workDir = mkdtempSync(join(tmpdir(), 'lamport-determinism-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

async function runToDir(name: string, seed: number, outDir: string): Promise<void> {
  const loaded = loadScenario(name, { values: { durationSec: 300 }, flags: {} });
  await executeRun({ scenario: resolveScenario(loaded, seed), outDir, force: false });
  // As the CLI does at the end of every run with logs.
  writeSummary(outDir, analyzeRun(outDir).summary);
  expectRunChecksOk(outDir);
}

function readRun(directory: string): Map<string, Buffer> {
  const files = readdirSync(directory).sort();
  return new Map(files.map((file) => [file, readFileSync(join(directory, file))]));
}

/**
 * jittery-network with seed 77, run once by whichever test asks first: each test compares it with
 * runs of its own, and none relies on another having run.
 */
let seed77: Promise<string> | undefined;
function jitterySeed77(): Promise<string> {
  if (seed77 === undefined) {
    const outDir = join(workDir, 'a');
    seed77 = runToDir('jittery-network', 77, outDir).then(() => outDir);
  }
  return seed77;
}

describe('determinism', () => {
  it('gives byte-identical logs and manifest for the same scenario and seed', async () => {
    const first = readRun(await jitterySeed77());
    await runToDir('jittery-network', 77, join(workDir, 'b'));
    // The record of what lamport-lab wrote is as deterministic as the files it lists.
    expect([...first.keys()]).toEqual([
      '.lamport-lab.json',
      'machine-0.csv',
      'machine-1.csv',
      'machine-2.csv',
      'manifest.json',
      'summary.json',
    ]);
    expect(readRun(join(workDir, 'b'))).toEqual(first);
  });

  it('gives other bytes for another seed', async () => {
    const first = readRun(await jitterySeed77());
    await runToDir('jittery-network', 78, join(workDir, 'c'));
    const other = readRun(join(workDir, 'c'));
    expect(other.get('machine-0.csv')?.equals(first.get('machine-0.csv') as Buffer)).toBe(false);
  });
});
