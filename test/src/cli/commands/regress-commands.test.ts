/**
 * Goal: `compare` refuses a tolerance it cannot mean up front, in one line naming the flag, and
 * prints a table whose every column says what it holds.
 * Method: the CLI program runs (in this process) in a fresh temp dir, removed afterwards;
 * two short virtual runs of trial1 with different seeds make a comparison that fails.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cliIn } from '../../../helpers/cli-process.js';

let cwd: string;

beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'lamport-lab-compare-'));
});

afterEach(() => {
  rmSync(cwd, { recursive: true, force: true });
});

/** The CLI program in this process, in the test's working directory. */
const cli = cliIn(() => cwd);

/** Two virtual runs that differ: `a` (trial1's seed) and `b` (seed 7). */
async function twoRuns(): Promise<void> {
  expect((await cli('run', 'trial1', '--out', 'a')).status).toBe(0);
  expect((await cli('run', 'trial1', '--seed', '7', '--out', 'b')).status).toBe(0);
}

describe('lamport-lab compare --tolerance', () => {
  it.each(['-1', '1e400', '1.5', 'x'])('refuses %s in one line naming the flag', async (value) => {
    await twoRuns();
    const result = await cli('compare', 'a', 'b', '--tolerance', value);
    expect(result.status, result.stderr).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^lamport-lab: [^\n]+\n$/);
    expect(result.stderr).toContain('--tolerance');
    expect(result.stderr).toContain('a fraction from 0 to 1');
    expect(result.stderr).toContain(`"${value}"`);
    // Refused before anything is written: no compare.shiviz.log.
    expect(readdirSync(join(cwd, 'b'))).not.toContain('compare.shiviz.log');
  });

  it.each(['0', '0.05', '1'])('takes %s', async (value) => {
    await twoRuns();
    const result = await cli('compare', 'a', 'b', '--tolerance', value);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain(`(tolerance ${Number(value)})`);
  });
});

describe('lamport-lab compare, its table', () => {
  it('names every column, the verdict against the tolerance included', async () => {
    await twoRuns();
    const result = await cli('compare', 'a', 'b');
    expect(result.status, result.stderr).toBe(1);
    const lines = result.stdout.split('\n');
    // The metric table's rule (a table of differing scenario fields may come first).
    const rule = lines.findIndex(
      (line, index) => /^-+( +-+)+$/.test(line) && (lines[index - 1] ?? '').startsWith('metric'),
    );
    expect(rule).toBeGreaterThan(0);
    const columns = (lines[rule] ?? '').split(/ +/).length;
    expect(columns).toBe(5);
    expect((lines[rule - 1] ?? '').trim().split(/ {2,}/)).toEqual([
      'metric',
      'before',
      'after',
      'change',
      'vs tolerance',
    ]);
    expect(lines[rule + 1]).toMatch(/beyond tolerance$/);
  });
});

describe('lamport-lab replay --verify', () => {
  it('verifies again and again without a free <run-dir>-replay, leaving nothing behind', async () => {
    expect((await cli('run', 'trial1', '--duration', '5', '--out', 'a', '--quiet')).status).toBe(0);
    const before = readdirSync(cwd).sort();
    for (let time = 0; time < 2; time += 1) {
      const result = await cli('replay', 'a', '--verify');
      expect(result.status, result.stderr).toBe(0);
      expect(result.stdout).toContain('identical');
    }
    expect(readdirSync(cwd).sort()).toEqual(before);
    // --out still keeps the replay where asked.
    expect((await cli('replay', 'a', '--verify', '--out', 'kept')).status).toBe(0);
    expect(readdirSync(join(cwd, 'kept'))).toContain('machine-0.csv');
  });
});
