/**
 * The run directory. A run never mixes its files with another run's: a non-empty directory is
 * refused unless `--force`, and then only the files a run writes are removed, nothing else.
 */
import { existsSync, lstatSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describeSystemError, InputError } from './errors.js';
import { manifestFileName } from './manifest.js';

const runFilePattern = /^machine-\d+\.(csv|json)$/;
const runFolderNames: readonly string[] = ['charts', 'figures', 'runs'];
/** Files a run (and its analysis) writes besides the machine logs. */
const runFileNames: readonly string[] = [
  manifestFileName,
  'summary.json',
  'run.shiviz.log',
  'run.perfetto.json',
  'report.html',
  'REPORT.md',
  'EXPERIMENTS.md',
];

export function defaultOutDir(scenarioName: string, seed: number): string {
  return join('logs', `${scenarioName}-seed${seed}`);
}

/** Checks that `directory` may receive a run, without changing anything. */
export function checkOutDir(directory: string, force: boolean): void {
  if (!existsSync(directory)) return;
  if (!statSync(directory).isDirectory()) {
    throw new InputError(`--out ${directory}: expected a directory, got a file`);
  }
  if (readdirSync(directory).length > 0 && !force) {
    throw new InputError(
      `--out ${directory}: the directory is not empty; expected an empty or new directory ` +
        '(pass --force to replace the run in it, or choose another with --out)',
    );
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Why the system refused to make `path` a directory, in words. */
function refusal(error: unknown, path: string): string {
  switch ((error as NodeJS.ErrnoException).code) {
    case 'ENOENT':
      return 'the file system has no place for it (ENOENT)';
    case 'EEXIST':
      return lstatSync(path).isSymbolicLink()
        ? 'it is a symbolic link to something missing (EEXIST)'
        : 'a file is in the way (EEXIST)';
    default:
      return describeSystemError(error);
  }
}

/**
 * `mkdir -p`, one level at a time, for a directory named by `flag`. Node 20's recursive mkdir
 * never returns for a path under /proc (it goes back and forth between the path and its parent)
 * and says ENOENT where the file system is read-only or full (nodejs/node#42808); level by
 * level, the system's real refusal is what the user reads, in one line (exit code 2).
 */
export function makeDirectories(directory: string, flag: string): void {
  const missing: string[] = [];
  for (let path = resolve(directory); !existsSync(path); path = dirname(path)) {
    missing.push(path);
    if (dirname(path) === path) break;
  }
  for (const path of missing.reverse()) {
    try {
      mkdirSync(path);
    } catch (error) {
      // Made meanwhile by someone else (two experiment workers making the same parent): fine.
      if ((error as NodeJS.ErrnoException).code === 'EEXIST' && isDirectory(path)) continue;
      const where = path === resolve(directory) ? '' : ` (making ${path})`;
      throw new InputError(
        `${flag} ${directory}: cannot create the directory${where}: ${refusal(error, path)}`,
      );
    }
  }
}

/** Creates the directory, or with `force` removes an earlier run's files from it. */
export function prepareOutDir(directory: string, force: boolean): void {
  checkOutDir(directory, force);
  makeDirectories(directory, '--out');
  if (!force) return;
  for (const file of readdirSync(directory)) {
    if (runFilePattern.test(file) || runFileNames.includes(file)) rmSync(join(directory, file));
    // Folders the tools write: plot's charts, an experiments report's figures and runs.
    if (runFolderNames.includes(file)) rmSync(join(directory, file), { recursive: true });
  }
}
