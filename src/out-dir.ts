/**
 * The run directory. A run never mixes its files with another run's: a non-empty directory is
 * refused unless `--force`, and then only the files a run writes are removed, nothing else.
 */
import { createHash } from 'node:crypto';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  realpathSync,
  rmSync,
  statSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
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

/**
 * `logs/<scenario>-seed<seed>`, and for a run with flags that change the scenario (`overrides`,
 * the repeat command's words after the seed) a tag of them: `logs/A2-seed3002-1a2b3c4d`. Without
 * it, `run A2 --duration 600` took the plain run's directory, so the README's examples were
 * refused one after the other, and comparing that directory with A2's 60 s baseline compared
 * a 600 s run. The same flags give the same tag, in any order of typing.
 */
export function defaultOutDir(
  scenarioName: string,
  seed: number,
  overrides: readonly string[] = [],
): string {
  const name = `${scenarioName}-seed${seed}`;
  if (overrides.length === 0) return join('logs', name);
  const tag = createHash('sha256').update(overrides.join('\n')).digest('hex').slice(0, 8);
  return join('logs', `${name}-${tag}`);
}

/** Checks that `directory` may receive a run, without changing anything. */
export function checkOutDir(directory: string, force: boolean): void {
  if (!existsSync(directory)) return;
  if (!statSync(directory).isDirectory()) {
    throw new InputError(`--out ${directory}: expected a directory, got a file`);
  }
  const names = readdirSync(directory);
  if (names.length > 0 && !force) {
    throw new InputError(
      `--out ${directory}: the directory is not empty; expected an empty or new directory ` +
        '(pass --force to replace the run in it, or choose another with --out)',
    );
  }
  // Found now, not half way through removing the earlier run.
  for (const name of names) {
    if (isRunFileName(name) && lstatSync(join(directory, name)).isDirectory()) {
      throw new InputError(
        `--out ${directory}: ${name} is a directory, where a run writes a file; expected a file or nothing`,
      );
    }
  }
}

function isRunFileName(name: string): boolean {
  return runFilePattern.test(name) || runFileNames.includes(name);
}

/**
 * Refuses an output file that is one of the files of the run `runDir` (its logs, manifest or
 * summary): `report RUN --out RUN/manifest.json` overwrote the manifest with a page.
 */
export function refuseRunFile(runDir: string, outPath: string, flag: string): void {
  const name = basename(outPath);
  const isRunFile =
    runFilePattern.test(name) || name === manifestFileName || name === 'summary.json';
  if (isRunFile && canonical(dirname(resolve(outPath))) === canonical(runDir)) {
    throw new InputError(
      `${flag} ${outPath}: expected a new file, got the run's own ${name} (it would be overwritten)`,
    );
  }
}

/** The directory's path with links resolved, as far as it exists (for comparing two paths). */
function canonical(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

/**
 * Refuses an output directory that is the input run itself: `replay RUN --out RUN --force`
 * removed the logs it was about to read, and on an edited run reported "identical".
 */
export function checkNotSource(directory: string, sourceDir: string, flag: string): void {
  if (canonical(directory) === canonical(sourceDir)) {
    throw new InputError(
      `${flag} ${directory}: expected a directory other than the run it reads (${sourceDir})`,
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
  for (const name of readdirSync(directory)) {
    const path = join(directory, name);
    const isFolder = lstatSync(path).isDirectory();
    if (isRunFileName(name) && !isFolder) rmSync(path);
    // Folders the tools write: plot's charts, an experiments report's figures and runs. A
    // user's own file that happens to be named like one is not ours.
    if (runFolderNames.includes(name) && isFolder) rmSync(path, { recursive: true });
  }
}
