/**
 * A real TCP run (loopback, ports from the OS) replayed in virtual time: the core re-executed with
 * the messages the logs say each tick took reproduces every row's event, peers, message id and
 * clock; a log edited to say something the core would not do is caught at its line.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { builtCliIn, cliIn } from '../../helpers/cli-process.js';

const workDir = mkdtempSync(join(tmpdir(), 'lamport-replay-tcp-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

/** The TCP run needs the built CLI (its machines are forks of dist's machine-main). */
const builtCli = builtCliIn(() => workDir);
const cli = cliIn(() => workDir);

/**
 * One TCP run, made by whichever test asks first, and a fresh copy of it for each test: no test
 * reads what another one made or edited.
 */
let recorded: string | undefined;
function copyOfTcpRun(name: string): string {
  if (recorded === undefined) {
    const runDir = join(workDir, 'tcp');
    const run = builtCli(
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
    recorded = runDir;
  }
  const copy = join(workDir, name);
  cpSync(recorded, copy, { recursive: true });
  return copy;
}

describe('replay of a TCP run', () => {
  it('reproduces every row but time and queue length in virtual time', async () => {
    const runDir = copyOfTcpRun('reproduced');
    // --verify alone keeps nothing; --out keeps the replay to read it here.
    const replay = await cli('replay', runDir, '--verify', '--out', `${runDir}-replay`);
    expect(replay.status, replay.stdout + replay.stderr).toBe(0);
    expect(replay.stdout).toContain('reproduced');
    const strip = (line: string) =>
      line
        .split(',')
        .filter((_, index) => index !== 3 && index !== 5)
        .join(',');
    for (const id of [0, 1, 2]) {
      const file = `machine-${id}.csv`;
      const recordedRows = readFileSync(join(runDir, file), 'utf8').trim().split('\n').map(strip);
      const replayed = readFileSync(join(`${runDir}-replay`, file), 'utf8')
        .trim()
        .split('\n')
        .map(strip);
      expect(replayed).toEqual(recordedRows);
    }
  });

  it('names the line of a row the core would not have produced', async () => {
    const runDir = copyOfTcpRun('edited');
    const path = join(runDir, 'machine-0.csv');
    const lines = readFileSync(path, 'utf8').split('\n');
    const index = lines.findIndex((line) => line.split(',')[2] === 'internal');
    expect(index).toBeGreaterThan(0);
    const fields = (lines[index] as string).split(',');
    fields[4] = String(Number(fields[4]) + 1);
    lines[index] = fields.join(',');
    writeFileSync(path, lines.join('\n'));
    const replay = await cli('replay', runDir, '--verify', '--force');
    expect(replay.status).toBe(1);
    expect(replay.stdout).toContain(`DIFFERENT: ${join(runDir, 'machine-0.csv')}:${index + 1}`);
  });
});
