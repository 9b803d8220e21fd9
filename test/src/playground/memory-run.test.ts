/**
 * Goal: a run made in memory by the browser-safe modules (runInMemory, with WebCrypto's sha256
 * as the page uses it) gives exactly the files `lamport-lab run <scenario> --seed S --out D`
 * writes: every machine log, faults.csv, manifest.json and summary.json, byte for byte, for
 * bundled scenarios with and without faults, with fixed rates, drawn rates, latency and restarts.
 * Method: the CLI in-process (runCliInProcess) writes a run directory; the in-memory run of the same
 * scenario and seed is compared with it file by file.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { toolVersion } from '../../../src/common/paths.js';
import { runInMemory, webCryptoSha256Hex } from '../../../src/playground/memory-run.js';
import { loadScenario } from '../../../src/scenario/load.js';
import { resolveScenario } from '../../../src/scenario/resolve.js';
import { runCliInProcess } from '../../helpers/cli-process.js';

const dir = mkdtempSync(join(tmpdir(), 'lamport-memory-run-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The files a CLI run wrote, by name (the owned-files record left out: not a run file). */
function cliFiles(outDir: string): Record<string, Buffer> {
  const files: Record<string, Buffer> = {};
  for (const name of readdirSync(outDir).sort()) {
    if (!name.startsWith('.')) files[name] = readFileSync(join(outDir, name));
  }
  return files;
}

const cases: { scenario: string; seed: number; machines?: number }[] = [
  { scenario: 'default', seed: 3 },
  // Over 64 peers a broadcast row goes through the shared wide-row buffer.
  { scenario: 'default', seed: 2, machines: 70 },
  { scenario: 'every-fault', seed: 11 },
  { scenario: 'crash-restart-reset', seed: 5 },
  { scenario: 'jittery-network', seed: 8 },
  { scenario: 'byzantine-clock', seed: 2 },
];

describe('runInMemory', () => {
  it.each(cases)('gives the CLI files of $scenario seed $seed, byte for byte', async (entry) => {
    const outDir = join(dir, `${entry.scenario}-${entry.seed}-${entry.machines ?? ''}`);
    const cli = await runCliInProcess(dir, [
      'run',
      entry.scenario,
      '--seed',
      String(entry.seed),
      '--out',
      outDir,
      '--quiet',
      ...(entry.machines === undefined ? [] : ['--machines', String(entry.machines)]),
    ]);
    expect(cli.status, cli.stderr).toBe(0);
    const values = entry.machines === undefined ? {} : { machines: entry.machines };
    const scenario = resolveScenario(
      loadScenario(entry.scenario, { values, flags: { machines: '--machines' } }),
      entry.seed,
    );
    const run = await runInMemory({ scenario, toolVersion, sha256Hex: webCryptoSha256Hex });
    const expected = cliFiles(outDir);
    const made = Object.fromEntries(run.files.map((file) => [file.name, Buffer.from(file.bytes)]));
    expect(Object.keys(made).sort()).toEqual(Object.keys(expected));
    for (const [name, bytes] of Object.entries(expected)) {
      expect(made[name]?.equals(bytes), `${entry.scenario} seed ${entry.seed}: ${name}`).toBe(true);
    }
  });
});
