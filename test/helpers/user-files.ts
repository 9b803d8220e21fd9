/**
 * A working directory holding the user's own files, and the checks that a command kept them:
 * shared by the tests of what each command may write (owned-outputs*.test.ts). Each test gets a
 * fresh directory with an `outside/` the planted links point at.
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, expect } from 'vitest';
import { type CliResult, fileHashes } from './cli-process.js';

/** Registers the hooks; the returned function gives the current test's working directory. */
export function useUserWorkDir(): () => string {
  let cwd = '';
  beforeEach(() => {
    cwd = mkdtempSync(join(tmpdir(), 'lamport-lab-owned-'));
    // What the links in the output directories point at: outside them, the user's too.
    mkdirSync(join(cwd, 'outside', 'folder'), { recursive: true });
    writeFileSync(join(cwd, 'outside', 'file.txt'), 'outside file\n');
    writeFileSync(join(cwd, 'outside', 'folder', 'inner.txt'), 'outside folder\n');
  });
  afterEach(() => {
    rmSync(cwd, { recursive: true, force: true });
  });
  return () => cwd;
}

export function expectOk(result: CliResult): void {
  expect(result.status, result.stderr).toBe(0);
}

/** Exit code 2 and one line on stderr naming `path`; returns the line. */
export function expectRefusal(result: CliResult, path: string): string {
  expect(result.status, result.stderr + result.stdout).toBe(2);
  const lines = result.stderr.split('\n').filter((line) => line !== '');
  expect(lines, result.stderr).toHaveLength(1);
  const line = lines[0] as string;
  expect(line.startsWith('lamport-lab: ')).toBe(true);
  expect(line).toContain(path);
  return line;
}

/** Files the user keeps in every output directory, whatever the command. */
const userFilesEverywhere = ['notes.txt', 'mine/data.csv', 'mine/deeper/more.txt'];

/** What a run's output directory holds besides the run, the user's names like a run's. */
export const likeRunOutputs = [
  'EXPERIMENTS.md',
  'REPORT.md',
  'runs/week1/data.csv',
  'figures/figure.svg',
  'charts/my-chart.svg',
  'machine-7.csv',
  'machine-9.json',
  'report.html',
  'run.shiviz.log',
];

export interface UserFiles {
  readonly directory: string;
  readonly planted: ReadonlyMap<string, string>;
  readonly emptyDirectories: readonly string[];
}

/** The user's files under the working directory `cwd()` names at the time of each call. */
export function userFilesIn(cwd: () => string) {
  /**
   * Plants the user's files in `directory`: those above, `likeOurs` (named like what lamport-lab
   * writes, somewhere), an empty directory and two links. Returns what to find there after.
   */
  function plant(directory: string, likeOurs: readonly string[]): UserFiles {
    const before = existsSync(directory) ? fileHashes(directory) : new Map<string, string>();
    for (const name of [...userFilesEverywhere, ...likeOurs]) {
      mkdirSync(dirname(join(directory, name)), { recursive: true });
      writeFileSync(join(directory, name), `the user's own ${name}\n`);
    }
    mkdirSync(join(directory, 'empty'));
    symlinkSync(join(cwd(), 'outside', 'file.txt'), join(directory, 'link-to-file'));
    symlinkSync(join(cwd(), 'outside', 'folder'), join(directory, 'link-to-folder'));
    const planted = new Map(
      [...fileHashes(directory)].filter(([file, hash]) => before.get(file) !== hash),
    );
    return { directory, planted, emptyDirectories: ['empty'] };
  }

  /** Every planted file, directory and link is still there, byte for byte; and outside too. */
  function expectSurvived(user: UserFiles): void {
    const now = fileHashes(user.directory);
    for (const [file, hash] of user.planted) expect(now.get(file), file).toBe(hash);
    for (const folder of user.emptyDirectories) {
      expect(existsSync(join(user.directory, folder)), folder).toBe(true);
    }
    // Nothing was written through the links.
    const outside = join(cwd(), 'outside');
    expect(readFileSync(join(outside, 'file.txt'), 'utf8')).toBe('outside file\n');
    expect(readdirSync(join(outside, 'folder'))).toEqual(['inner.txt']);
    expect(readFileSync(join(outside, 'folder', 'inner.txt'), 'utf8')).toBe('outside folder\n');
  }

  /** `command` refused (exit 2, one line naming `path`), changing nothing at all. */
  async function expectRefusedUntouched(
    command: () => CliResult | Promise<CliResult>,
    path: string,
  ): Promise<string> {
    const before = fileHashes(cwd());
    const line = expectRefusal(await command(), path);
    expect(fileHashes(cwd())).toEqual(before);
    return line;
  }

  return { plant, expectSurvived, expectRefusedUntouched };
}
