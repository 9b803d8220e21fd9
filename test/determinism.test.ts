/**
 * Determinism is the simulator's promise: the same scenario and seed give byte-identical logs and
 * manifest, in this process or another one with another time zone and locale; another seed gives
 * other bytes. Runs are compared file by file, byte by byte.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { analyzeRun } from '../src/analysis/analyze-run.js';
import { writeSummary } from '../src/analysis/summary-file.js';
import { executeRun } from '../src/run/virtual-run.js';
import { loadScenario } from '../src/scenario/load.js';
import { resolveScenario } from '../src/scenario/resolve.js';
import { expectRunChecksOk } from './helpers/expect-run-checks.js';

const projectRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const cliPath = join(projectRoot, 'dist', 'src', 'cli.js');
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

describe('determinism', () => {
  it('gives byte-identical logs and manifest for the same scenario and seed', async () => {
    await runToDir('jittery-network', 77, join(workDir, 'a'));
    await runToDir('jittery-network', 77, join(workDir, 'b'));
    const first = readRun(join(workDir, 'a'));
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
    await runToDir('jittery-network', 78, join(workDir, 'c'));
    const first = readRun(join(workDir, 'a'));
    const other = readRun(join(workDir, 'c'));
    expect(other.get('machine-0.csv')?.equals(first.get('machine-0.csv') as Buffer)).toBe(false);
  });

  it('gives the same bytes in another process, time zone and locale', async () => {
    await runToDir('A4', 5, join(workDir, 'here'));
    const result = spawnSync(
      process.execPath,
      [
        cliPath,
        'run',
        'A4',
        '--seed',
        '5',
        '--duration',
        '300',
        '--out',
        join(workDir, 'there'),
        '--quiet',
      ],
      {
        cwd: projectRoot,
        encoding: 'utf8',
        env: {
          ...process.env,
          TZ: 'Pacific/Kiritimati',
          LANG: 'de_DE.UTF-8',
          LC_ALL: 'de_DE.UTF-8',
        },
      },
    );
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(readRun(join(workDir, 'there'))).toEqual(readRun(join(workDir, 'here')));
  });
});
