/**
 * Where the package's own files are, whether we run from src/ (vitest) or dist/src/ (the
 * built CLI): we walk up from this file to the package.json that names lamport-lab.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findPackageRoot(): string {
  let directory = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(directory, 'package.json');
    if (existsSync(candidate)) {
      const manifest = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string };
      if (manifest.name === 'lamport-lab') return directory;
    }
    const parent = dirname(directory);
    if (parent === directory) throw new Error('lamport-lab: cannot find its package.json');
    directory = parent;
  }
}

export const packageRoot = findPackageRoot();
export const bundledScenariosDir = join(packageRoot, 'scenarios');
/** The bundled scenario `run` runs when none is named. */
export const defaultScenarioName = 'default';

/**
 * The built files that are started by path: the CLI (a child run), a TCP machine process, the TCP
 * router process, an experiments worker thread and an explore worker thread. Named from the package root, not from the calling module's own
 * place: the CLI is bundled (scripts/bundle.mjs), and the code that starts them then sits in
 * dist/src/cli-script.js (or a chunk of dist/src/chunks/), not beside them.
 */
export const builtEntryPaths = {
  cli: join(packageRoot, 'dist', 'src', 'cli.js'),
  machineMain: join(packageRoot, 'dist', 'src', 'run', 'machine-main.js'),
  routerMain: join(packageRoot, 'dist', 'src', 'run', 'router-main.js'),
  experimentWorker: join(packageRoot, 'dist', 'src', 'experiments', 'worker.js'),
  exploreWorker: join(packageRoot, 'dist', 'src', 'explore', 'explore-worker.js'),
} as const;

export const toolVersion: string = (
  JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string }
).version;
