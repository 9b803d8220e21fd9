/**
 * `npm run bench` with bad settings: it must say what is wrong in one line and exit 2 before it
 * runs a case or touches bench/results.json (a misspelt BENCH_ONLY once ran nothing and rewrote
 * the file). Runs the built bench, as `npm run bench` does; each call ends before any case starts.
 * The settings are chosen so that a bench without these checks would still do little: no known
 * case besides A1-10k, whose runs would crash before writing anything.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const benchPath = join(root, 'dist', 'bench', 'run-bench.js');
const resultsPath = join(root, 'bench', 'results.json');

function runBench(
  environment: Record<string, string>,
  args: readonly string[] = [],
): { status: number | null; stderr: string; stdout: string } {
  const result = spawnSync(process.execPath, [benchPath, ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...environment },
    timeout: 30_000,
  });
  return { status: result.status, stderr: result.stderr, stdout: result.stdout };
}

/** results.json as it is (or its absence): bytes and modification time. */
function snapshot(): { text: string; modifiedMs: number } | null {
  if (!existsSync(resultsPath)) return null;
  return { text: readFileSync(resultsPath, 'utf8'), modifiedMs: statSync(resultsPath).mtimeMs };
}

describe('npm run bench', () => {
  const cases = [
    {
      name: 'an unknown BENCH_ONLY case',
      environment: { BENCH_ONLY: 'defualt' },
      message: 'bench: BENCH_ONLY: unknown case "defualt"; known: default, default-logs',
    },
    {
      name: 'a BENCH_REPETITIONS that is not a number',
      environment: { BENCH_REPETITIONS: 'five', BENCH_ONLY: 'A1-10k' },
      message: 'bench: BENCH_REPETITIONS must be a whole number >= 1, got "five"',
    },
    {
      name: 'a BENCH_REPETITIONS of 0',
      environment: { BENCH_REPETITIONS: '0', BENCH_ONLY: 'A1-10k' },
      message: 'bench: BENCH_REPETITIONS must be a whole number >= 1, got "0"',
    },
  ];
  it('prints its usage for --help, with the case ids, and runs nothing', () => {
    const before = snapshot();
    const { status, stdout, stderr } = runBench({}, ['--help']);
    expect(status).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toContain('BENCH_ONLY');
    expect(stdout).toContain('default-logs');
    expect(stdout).toContain('BENCH_ONLY=view npm run bench');
    expect(stdout).toMatch(/Case ids: .*marginal, marginal-logs/);
    expect(snapshot()).toEqual(before);
  });

  it('refuses an argument in one line with exit 2 and leaves results.json as it was', () => {
    const before = snapshot();
    const { status, stderr } = runBench({ BENCH_ONLY: 'A1-10k' }, ['--only', 'default']);
    expect(status).toBe(2);
    expect(stderr).toBe(
      'bench: expected no arguments (settings are BENCH_ONLY and BENCH_REPETITIONS; see --help), got --only default\n',
    );
    expect(snapshot()).toEqual(before);
  });

  for (const { name, environment, message } of cases) {
    it(`refuses ${name} with exit 2 and leaves results.json as it was`, () => {
      const before = snapshot();
      const { status, stderr } = runBench(environment);
      expect(status).toBe(2);
      expect(stderr.trim().split('\n')).toHaveLength(1);
      expect(stderr).toContain(message);
      expect(stderr).not.toContain('    at ');
      expect(snapshot()).toEqual(before);
    });
  }
});
