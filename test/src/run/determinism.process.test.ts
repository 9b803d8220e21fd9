/**
 * Determinism across processes: a run in this process and the same run by the BUILT CLI in a
 * process of its own, with another time zone and locale, write the same bytes.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runBuiltCli, runCliInProcess } from '../../helpers/cli-process.js';

const workDir = mkdtempSync(join(tmpdir(), 'lamport-determinism-process-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

function readRun(directory: string): Map<string, Buffer> {
  const files = readdirSync(directory).sort();
  return new Map(files.map((file) => [file, readFileSync(join(directory, file))]));
}

describe('determinism across processes', () => {
  it('gives the same bytes in another process, time zone and locale', async () => {
    const args = ['run', 'A4', '--seed', '5', '--duration', '300', '--quiet'];
    const here = await runCliInProcess(workDir, [...args, '--out', 'here']);
    expect(here.status, here.stderr).toBe(0);
    const there = runBuiltCli(workDir, [...args, '--out', 'there'], {
      env: { TZ: 'Pacific/Kiritimati', LANG: 'de_DE.UTF-8', LC_ALL: 'de_DE.UTF-8' },
    });
    expect(there.stderr).toBe('');
    expect(there.status).toBe(0);
    expect(readRun(join(workDir, 'there'))).toEqual(readRun(join(workDir, 'here')));
  });
});
