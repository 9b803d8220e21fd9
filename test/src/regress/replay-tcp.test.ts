/**
 * A real TCP run (loopback, ports from the OS) replayed in virtual time: the core re-executed with
 * the messages the logs say each tick took reproduces every row's event, peers, message id and
 * clock; a log edited to say something the core would not do is caught at its line.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const projectRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const cliPath = join(projectRoot, 'dist', 'src', 'cli.js');
const workDir = mkdtempSync(join(tmpdir(), 'lamport-replay-tcp-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

const cli = (...args: string[]) =>
  spawnSync(process.execPath, [cliPath, ...args], {
    encoding: 'utf8',
    cwd: workDir,
    timeout: 60_000,
  });

describe('replay of a TCP run', () => {
  const runDir = join(workDir, 'tcp');

  it('reproduces every row but time and queue length in virtual time', () => {
    const run = cli(
      'run',
      'trial4',
      '--mode',
      'tcp',
      '--duration',
      '3',
      '--out',
      runDir,
      '--quiet',
    );
    expect(run.status, run.stderr).toBe(0);
    // --verify alone keeps nothing; --out keeps the replay to read it here.
    const replay = cli('replay', runDir, '--verify', '--out', `${runDir}-replay`);
    expect(replay.status, replay.stdout + replay.stderr).toBe(0);
    expect(replay.stdout).toContain('reproduced');
    const strip = (line: string) =>
      line
        .split(',')
        .filter((_, index) => index !== 3 && index !== 5)
        .join(',');
    for (const id of [0, 1, 2]) {
      const file = `machine-${id}.csv`;
      const recorded = readFileSync(join(runDir, file), 'utf8').trim().split('\n').map(strip);
      const replayed = readFileSync(join(`${runDir}-replay`, file), 'utf8')
        .trim()
        .split('\n')
        .map(strip);
      expect(replayed).toEqual(recorded);
    }
  });

  it('names the line of a row the core would not have produced', () => {
    const path = join(runDir, 'machine-0.csv');
    const lines = readFileSync(path, 'utf8').split('\n');
    const index = lines.findIndex((line) => line.split(',')[2] === 'internal');
    expect(index).toBeGreaterThan(0);
    const fields = (lines[index] as string).split(',');
    fields[4] = String(Number(fields[4]) + 1);
    lines[index] = fields.join(',');
    writeFileSync(path, lines.join('\n'));
    const replay = cli('replay', runDir, '--verify', '--force');
    expect(replay.status).toBe(1);
    expect(replay.stdout).toContain(`DIFFERENT: ${join(runDir, 'machine-0.csv')}:${index + 1}`);
  });
});
