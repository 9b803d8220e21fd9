/**
 * The run directory. A run never mixes its files with another run's: a non-empty directory is
 * refused unless `--force`, and then only the files a run writes are removed, nothing else.
 */
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from './errors.js';
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

/** Creates the directory, or with `force` removes an earlier run's files from it. */
export function prepareOutDir(directory: string, force: boolean): void {
  checkOutDir(directory, force);
  mkdirSync(directory, { recursive: true });
  if (!force) return;
  for (const file of readdirSync(directory)) {
    if (runFilePattern.test(file) || runFileNames.includes(file)) rmSync(join(directory, file));
    // Folders the tools write: plot's charts, an experiments report's figures and runs.
    if (runFolderNames.includes(file)) rmSync(join(directory, file), { recursive: true });
  }
}
