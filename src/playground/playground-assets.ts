/**
 * What playground.html is made of, read by the CLI: the two bundled scripts (built by
 * scripts/bundle.mjs into dist/src/playground/, found from the package root: the CLI runs as one
 * bundled script, not beside them), lamport-lab's version and the bundled scenarios.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InvariantError } from '../../core/assert.js';
import { readJsonFile } from '../common/json-file.js';
import { bundledScenariosDir, packageRoot, toolVersion } from '../common/paths.js';
import { listBundledScenarioNames } from '../scenario/load.js';
import type { PlaygroundConfig } from './page-ids.js';
import { type PlaygroundScripts, playgroundHtml } from './playground-html.js';

export const playgroundScriptPaths = {
  page: join(packageRoot, 'dist', 'src', 'playground', 'playground-page.js'),
  worker: join(packageRoot, 'dist', 'src', 'playground', 'playground-worker.js'),
} as const;

function readBuilt(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    // A package without its build (a source checkout before `npm run build`): not the user's input.
    throw new InvariantError(
      `the playground's script ${path} cannot be read (${(error as Error).message}); build lamport-lab with npm run build`,
    );
  }
}

export function readPlaygroundScripts(paths = playgroundScriptPaths): PlaygroundScripts {
  return { page: readBuilt(paths.page), worker: readBuilt(paths.worker) };
}

/** The version and every bundled scenario, `default` first, each as its file holds it. */
export function playgroundConfig(): PlaygroundConfig {
  const scenarios: Record<string, Record<string, unknown>> = {};
  for (const name of listBundledScenarioNames()) {
    scenarios[name] = readJsonFile(join(bundledScenariosDir, `${name}.json`)) as Record<
      string,
      unknown
    >;
  }
  return { toolVersion, scenarios };
}

/** playground.html as this build of lamport-lab makes it. */
export function buildPlaygroundHtml(): string {
  return playgroundHtml(playgroundConfig(), readPlaygroundScripts());
}
