/**
 * Determinism of a run with every fault kind across processes: `run --check-determinism` (two
 * runs of the BUILT CLI, the second in another time zone and locale) compares every byte,
 * faults.csv included, and finds them identical.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runBuiltCli } from '../../helpers/cli-process.js';

const workDir = mkdtempSync(join(tmpdir(), 'lamport-determinism-faults-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

describe('determinism with faults', () => {
  it('every-fault, and flags of every kind, give the same bytes in two processes', () => {
    const bundled = runBuiltCli(workDir, ['run', 'every-fault', '--check-determinism']);
    expect(bundled.status, bundled.stderr).toBe(0);
    const flags = runBuiltCli(workDir, [
      'run',
      'default',
      '--check-determinism',
      '--loss',
      '0.1',
      '--duplicate',
      '0.1',
      '--delay',
      '50:0>*@3-9',
      '--partition',
      '0|1,2@10-20',
      '--crash',
      '1@25',
      '--restart',
      '1@30:reset',
      '--pause',
      '2@35-40',
      '--rate',
      '0@45=2',
      '--corrupt-clock',
      '0@50-55:add=1000',
    ]);
    expect(flags.status, flags.stderr).toBe(0);
    expect(flags.stdout + flags.stderr).toMatch(/identical/);
  });
});
