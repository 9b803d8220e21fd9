/**
 * Goal: `compare` refuses a tolerance it cannot mean up front, in one line naming the flag, and
 * prints a table whose every column says what it holds.
 * Method: the BUILT CLI (dist/src/cli.js) is spawned in a fresh temp dir, removed afterwards;
 * two short virtual runs of trial1 with different seeds make a comparison that fails.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CliResult, cliPath, runBuiltCli } from '../../../helpers/cli-process.js';

let cwd: string;

beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'lamport-lab-compare-'));
});

afterEach(() => {
  rmSync(cwd, { recursive: true, force: true });
});

function cli(...args: string[]): CliResult {
  return runBuiltCli(cwd, args);
}

/** Two virtual runs that differ: `a` (trial1's seed) and `b` (seed 7). */
function twoRuns(): void {
  expect(cli('run', 'trial1', '--out', 'a').status).toBe(0);
  expect(cli('run', 'trial1', '--seed', '7', '--out', 'b').status).toBe(0);
}

describe('lamport-lab compare --tolerance', () => {
  it.each(['-1', '1e400', '1.5', 'x'])('refuses %s in one line naming the flag', (value) => {
    twoRuns();
    const result = cli('compare', 'a', 'b', '--tolerance', value);
    expect(result.status, result.stderr).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^lamport-lab: [^\n]+\n$/);
    expect(result.stderr).toContain('--tolerance');
    expect(result.stderr).toContain('a fraction from 0 to 1');
    expect(result.stderr).toContain(`"${value}"`);
    // Refused before anything is written: no compare.shiviz.log.
    expect(readdirSync(join(cwd, 'b'))).not.toContain('compare.shiviz.log');
  });

  it.each(['0', '0.05', '1'])('takes %s', (value) => {
    twoRuns();
    const result = cli('compare', 'a', 'b', '--tolerance', value);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain(`(tolerance ${Number(value)})`);
  });
});

describe('lamport-lab compare, its table', () => {
  it('names every column, the verdict against the tolerance included', () => {
    twoRuns();
    const result = cli('compare', 'a', 'b');
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
  it('verifies again and again without a free <run-dir>-replay, leaving nothing behind', () => {
    expect(cli('run', 'trial1', '--duration', '5', '--out', 'a', '--quiet').status).toBe(0);
    const before = readdirSync(cwd).sort();
    for (let time = 0; time < 2; time += 1) {
      const result = cli('replay', 'a', '--verify');
      expect(result.status, result.stderr).toBe(0);
      expect(result.stdout).toContain('identical');
    }
    expect(readdirSync(cwd).sort()).toEqual(before);
    // --out still keeps the replay where asked.
    expect(cli('replay', 'a', '--verify', '--out', 'kept').status).toBe(0);
    expect(readdirSync(join(cwd, 'kept'))).toContain('machine-0.csv');
  });

  it('removes its temporary directory when stopped by Ctrl-C, and says nothing was compared', async () => {
    // Long enough (about 1.2 M rows) to be stopped half way.
    expect(cli('run', 'trial5', '--duration', '130000', '--out', 'long', '--quiet').status).toBe(0);
    const scratchParent = join(cwd, 'tmp');
    mkdirSync(scratchParent);
    const child = spawn(process.execPath, [cliPath, 'replay', 'long', '--verify'], {
      cwd,
      env: { ...process.env, TMPDIR: scratchParent },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    const exited = new Promise<number | null>((resolve) =>
      child.on('exit', (code) => resolve(code)),
    );
    // Stopped once the replay has begun writing into its temporary directory.
    const deadline = Date.now() + 20_000;
    while (readdirSync(scratchParent).length === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    child.kill('SIGINT');
    expect(await exited, stderr).toBe(130);
    expect(stderr).toContain('replay: stopped by Ctrl-C before the end; nothing compared');
    expect(readdirSync(scratchParent)).toEqual([]);
  });
});
