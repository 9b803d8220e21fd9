/**
 * Sim-vs-real conformance of a real TCP run (loopback, ports from the OS): `compare` of a virtual
 * and a TCP run compares distributions, and refuses two runs of different machine counts.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { builtCliIn, cliIn } from '../../helpers/cli-process.js';

const workDir = mkdtempSync(join(tmpdir(), 'lamport-conformance-tcp-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

/** The TCP run needs the built CLI (its machines are forks of dist's machine-main). */
const builtCli = builtCliIn(() => workDir);
const cli = cliIn(() => workDir);

describe('compare of a virtual run and a TCP run', () => {
  // Pins what the README says: the statistical comparison writes no compare.shiviz.log.
  it('compares distributions and writes no two-run ShiViz file', async () => {
    const virtual = join(workDir, 'v');
    const tcp = join(workDir, 't');
    expect((await cli('run', 'A3', '--duration', '3', '--out', virtual, '--quiet')).status).toBe(0);
    const real = builtCli('run', 'A3', '--duration', '3', '--mode', 'tcp', '--out', tcp, '--quiet');
    expect(real.status, real.stderr).toBe(0);
    const result = await cli('compare', virtual, tcp);
    expect(result.stdout).toContain('modes differ: distributions compared');
    expect(existsSync(join(tcp, 'compare.shiviz.log'))).toBe(false);
    // Another machine count is refused before any distribution is compared (it printed NaN rows).
    const twelve = join(workDir, 'twelve');
    expect(
      (await cli('run', 'heavy-tail', '--duration', '3', '--out', twelve, '--quiet')).status,
    ).toBe(0);
    const unlike = await cli('compare', twelve, tcp);
    expect(unlike.status).toBe(2);
    expect(unlike.stdout).toBe('');
    expect(unlike.stderr).toMatch(/12 machines.*got 3/);
  });
});
