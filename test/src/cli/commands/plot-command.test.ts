/**
 * Goal: `plot` and `report` refuse a space-time window they cannot draw, up front, in one line
 * naming the flags, and cut one that only ends past the run at its end, saying so on stderr.
 * Method: the CLI program runs (in this process) in a fresh temp dir, removed afterwards,
 * on one virtual run of trial1 (60 s, so 60 000 ms).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cliIn } from '../../../helpers/cli-process.js';

let cwd: string;

beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'lamport-lab-plot-'));
});

afterEach(() => {
  rmSync(cwd, { recursive: true, force: true });
});

/** The CLI program in this process, in the test's working directory. */
const cli = cliIn(() => cwd);

const refused: { readonly window: string; readonly names: string }[] = [
  { window: '--from 5000 --to 1000', names: '--from, --to' },
  { window: '--from 1000 --to 1000', names: '--from, --to' },
  { window: '--from -5', names: '--from' },
  { window: '--to -1', names: '--to' },
  { window: '--to 1e400', names: '--to' },
  { window: '--from 60000', names: "--from: expected a time before the run's end at 60000 ms" },
  { window: '--from 70000 --to 80000', names: '60000 ms' },
];

describe.each(['plot', 'report'])('lamport-lab %s, a window it cannot draw', (command) => {
  it.each(refused)('refuses `$window` in one line naming $names, writing nothing', async (c) => {
    expect((await cli('run', 'trial1', '--out', 'r')).status).toBe(0);
    const before = readdirSync(join(cwd, 'r')).sort();
    const summary = readFileSync(join(cwd, 'r', 'summary.json'), 'utf8');
    const result = await cli(command, 'r', ...c.window.split(' '));
    expect(result.status, result.stderr).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^lamport-lab: [^\n]+\n$/);
    expect(result.stderr).toContain(c.names);
    expect(readdirSync(join(cwd, 'r')).sort()).toEqual(before);
    expect(readFileSync(join(cwd, 'r', 'summary.json'), 'utf8')).toBe(summary);
  });
});

describe('lamport-lab plot, a window that ends past the run', () => {
  it("cuts it at the run's end and says so on stderr", async () => {
    expect((await cli('run', 'trial1', '--out', 'r')).status).toBe(0);
    const result = await cli('plot', 'r', '--from', '1000', '--to', '90000');
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toBe(
      "note: --to 90000 is past the run's end; the diagram ends at 60000 ms\n",
    );
    const svg = readFileSync(join(cwd, 'r', 'charts', 'spacetime.svg'), 'utf8');
    expect(svg).toContain('1000 ms to 60000 ms');
  });

  it('draws a window inside the run without a note', async () => {
    expect((await cli('run', 'trial1', '--out', 'r')).status).toBe(0);
    const result = await cli('plot', 'r', '--from', '1000', '--to', '5000');
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toBe('');
  });
});
