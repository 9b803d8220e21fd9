/**
 * The run directory. A run never mixes its files with another run's: a non-empty directory is
 * refused unless `--force`, and then only what lamport-lab wrote there (by its record,
 * owned-files.ts) is removed; a file of the user's where the run writes one is refused, even
 * with --force, before anything is removed.
 */
import { existsSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { directoryTag } from '../common/directory-tag.js';
import { InputError } from '../common/errors.js';
import { faultsFileName } from './faults-format.js';
import { logFileName } from './format.js';
import { manifestFileName } from './manifest.js';
import {
  entriesBesidesRecord,
  firstUnowned,
  makeOwnedDirectory,
  removeOwnedFiles,
} from './owned-files.js';

const runFilePattern = /^machine-\d+\.(csv|json)$/;

/**
 * The files a run of `machineCount` machines writes into its directory: its logs, with faults
 * faults.csv after them (issue 18), the manifest and the summary.
 */
export function runFileNames(machineCount: number, { faults = false } = {}): string[] {
  const logs = Array.from({ length: machineCount }, (_, id) => logFileName(id));
  return [...logs, ...(faults ? [faultsFileName] : []), manifestFileName, 'summary.json'];
}

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
  return join('logs', `${name}-${directoryTag(overrides)}`);
}

/**
 * Checks that `directory` may receive a run writing `files`, without changing anything: new or
 * empty; or with `force`, each of `files` absent or lamport-lab's (a machine-0.csv of the
 * user's is never replaced, whatever its name).
 */
export function checkOutDir(directory: string, force: boolean, files: readonly string[]): void {
  if (!existsSync(directory)) return;
  if (!statSync(directory).isDirectory()) {
    throw new InputError(`--out ${directory}: expected a directory, got a file`);
  }
  if (entriesBesidesRecord(directory).length === 0) return;
  if (!force) {
    throw new InputError(
      `--out ${directory}: the directory is not empty; expected an empty or new directory ` +
        '(pass --force to replace the run in it, or choose another with --out)',
    );
  }
  // Found now, not half way through removing the earlier run.
  const unowned = firstUnowned(directory, files);
  if (unowned === null) return;
  if (unowned.why === 'a directory') {
    throw new InputError(
      `--out ${directory}: ${unowned.name} is a directory, where a run writes a file; expected a file or nothing`,
    );
  }
  throw new InputError(
    `--out ${directory}: ${unowned.name}: expected nothing there or a file lamport-lab wrote, got ${unowned.why}; ` +
      '--force replaces only what lamport-lab wrote: move it away, or choose another --out',
  );
}

/**
 * Refuses an output file that is one of the files of the run `runDir` (its logs, manifest or
 * summary): `report RUN --out RUN/manifest.json` overwrote the manifest with a page.
 */
export function refuseRunFile(runDir: string, outPath: string, flag: string): void {
  // Not an attribution (the record is): the run's inputs are never an output, ours or not.
  const name = basename(outPath);
  const isRunFile =
    runFilePattern.test(name) ||
    name === manifestFileName ||
    name === 'summary.json' ||
    name === faultsFileName;
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

/**
 * Creates the directory, or with `force` removes what lamport-lab wrote in it. Returns the
 * directory levels it made (outermost first), for withdrawOwnedOutput when the start fails.
 */
export function prepareOutDir(
  directory: string,
  force: boolean,
  files: readonly string[],
): string[] {
  checkOutDir(directory, force, files);
  const madeLevels = makeOwnedDirectory(directory, '--out');
  if (force) removeOwnedFiles(directory);
  return madeLevels;
}
