/**
 * Goal: `import` behaves as its help promises: --help shows examples, the presets and the exit
 * codes; every bad flag value is refused in one line naming the flag (exit 2), before anything
 * is written; and --force replaces only an earlier import.
 * Method: the whole program in this process (cliIn), on a copy of the event-csv fixtures.
 */
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { presetNames } from '../../../../src/import/presets/index.js';
import { cliIn } from '../../../helpers/cli-process.js';

const workDir = mkdtempSync(join(tmpdir(), 'lamport-import-command-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));
const cli = cliIn(() => workDir);
const fixtures = fileURLToPath(new URL('../../import/fixtures/event-csv', import.meta.url));
cpSync(fixtures, join(workDir, 'logs-in'), { recursive: true });

describe('lamport-lab import', () => {
  it('--help shows examples, every preset and the exit codes', async () => {
    const result = await cli('import', '--help');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Examples:');
    expect(result.stdout).toContain(
      '$ lamport-lab import their-logs/ --format auto --out logs/theirs',
    );
    for (const name of presetNames) expect(result.stdout).toContain(name);
    expect(result.stdout).toContain('Exit codes: 0 every line read, 1 some lines matched nothing');
  });

  it.each([
    [['--rate-hz', 'fast'], /^lamport-lab: --rate-hz: expected rates in Hz/],
    [['--rate-hz', '0'], /^lamport-lab: --rate-hz: expected rates in Hz > 0/],
    [
      ['--rate-hz', '1,2'],
      /^lamport-lab: --rate-hz: expected one rate, or one per machine \(3\), got 2$/,
    ],
    [
      ['--rate-hz', '1.0001'],
      /^lamport-lab: --rate-hz: expected rates in Hz, > 0 and <= 1000000, with at most 3 decimals, got 1.0001$/,
    ],
    [
      ['--tolerance-ms', '-5'],
      /^lamport-lab: --tolerance-ms: expected a finite time in ms >= 0, got "-5"$/,
    ],
    [
      ['--format', 'nope'],
      /^lamport-lab: --format: expected auto, a preset \(.*\) or a spec file ending in \.json, got "nope"$/,
    ],
    [['--format', 'missing.json'], /^lamport-lab: missing\.json: no such file$/],
  ])('refuses %j in one line, exit 2, writing nothing', async (flags, message) => {
    const out = join(workDir, `refused-${flags.join('-')}`);
    const args = ['import', 'logs-in', '--format', 'event-csv', '--out', out, ...flags];
    const result = await cli(...args);
    expect(result.status).toBe(2);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(result.stderr.trimEnd()).toMatch(message);
    expect(existsSync(out)).toBe(false);
  });

  it('refuses to write the run into a directory of the logs it reads', async () => {
    const result = await cli(
      'import',
      'logs-in',
      '--format',
      'event-csv',
      '--out',
      './logs-in/',
      '--force',
    );
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(
      'lamport-lab: --out ./logs-in/: expected a directory other than the logs it reads (logs-in)\n',
    );
    expect(existsSync(join(workDir, 'logs-in', 'manifest.json'))).toBe(false);
  });

  it('refuses a non-empty --out without --force; with it, replaces its earlier import', async () => {
    expect((await cli('import', 'logs-in', '--format', 'event-csv', '--out', 'again')).status).toBe(
      0,
    );
    const refused = await cli('import', 'logs-in', '--format', 'event-csv', '--out', 'again');
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/^lamport-lab: --out again: the directory is not empty/);
    expect(
      (await cli('import', 'logs-in', '--format', 'event-csv', '--out', 'again', '--force')).status,
    ).toBe(0);
  });
});
