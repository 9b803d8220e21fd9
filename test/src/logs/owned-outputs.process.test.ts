/**
 * Goal: as owned-outputs.test.ts, for the commands that need real processes: a TCP run (its
 * machines are forks of dist's machine-main) and experiments (its worker threads load dist's
 * files). The BUILT CLI, in a fresh working directory holding the user's files.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { builtCliIn, cliIn } from '../../helpers/cli-process.js';
import {
  expectOk,
  expectRefusal,
  likeRunOutputs,
  useUserWorkDir,
  userFilesIn,
} from '../../helpers/user-files.js';

const workDir = useUserWorkDir();
let cwd: string;
beforeEach(() => {
  cwd = workDir();
});

/** The built CLI as a process, in the test's working directory. */
const builtCli = builtCliIn(() => cwd);
/** The CLI program in this process, for what needs no process of its own. */
const inProcessCli = cliIn(() => cwd);
const cli = builtCli;
const userFiles = userFilesIn(() => cwd);
const { plant, expectSurvived } = userFiles;

/** `lamport-lab <args>` refused, changing nothing at all. */
function expectRefusedUntouched(args: string[], path: string): Promise<string> {
  return userFiles.expectRefusedUntouched(() => cli(...args), path);
}

describe('a TCP run keeps the user files in its directory', () => {
  it('a TCP run --force replaces the virtual run there and nothing else', async () => {
    expectOk(await inProcessCli('run', '--duration', '2', '--out', 'proj', '--quiet'));
    const user = plant(join(cwd, 'proj'), likeRunOutputs);
    // Ports chosen by the system (none given): loopback, no fixed port.
    const args = ['run', '--mode', 'tcp', '--machines', '2', '--duration', '1', '--out', 'proj'];
    expectOk(cli(...args, '--force', '--quiet'));
    expectSurvived(user);
    writeFileSync(join(cwd, 'proj', 'machine-1.csv'), 'mine now\n');
    await expectRefusedUntouched([...args, '--force'], 'machine-1.csv');
  });
});

describe('experiments keeps the user files in its directory', () => {
  const experiments = (...args: string[]) =>
    cli(
      'experiments',
      '--seeds',
      '1',
      '--duration',
      '5',
      '--workers',
      '2',
      '--out',
      'proj2',
      ...args,
    );

  it("refuses a --report-file of the user's, even with --force, and replaces only its own", async () => {
    const user = plant(join(cwd, 'proj2'), [
      'README.md',
      'runs/week1/data.csv',
      'figures/figure.svg',
      'sub/x.txt',
      'report.md',
    ]);
    for (const force of [[], ['--force']]) {
      const line = expectRefusal(experiments('--report-file', 'README.md', ...force), 'proj2');
      if (force.length > 0) expect(line).toContain('README.md');
    }
    expectSurvived(user);
    expectOk(experiments('--report-file', 'NOTES.md', '--force'));
    expectSurvived(user);
    expectOk(experiments('--report-file', 'NOTES.md', '--force', '--no-keep-runs'));
    expectSurvived(user);
    expect(existsSync(join(cwd, 'proj2', 'runs', 'default-seed42'))).toBe(false);
    // A figure of the user's where one of ours goes: refused before anything is removed.
    writeFileSync(join(cwd, 'proj2', 'figures', 'A1-queue.svg'), '<svg>mine</svg>\n');
    await expectRefusedUntouched(
      ['experiments', '--seeds', '1', '--duration', '5', '--out', 'proj2', '--force'],
      'A1-queue.svg',
    );
  });
});
