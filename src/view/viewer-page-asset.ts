/**
 * The viewer's bundled script, read as text to be inlined into view.html. scripts/bundle.mjs
 * builds it into dist/src/view/viewer-page.js; found from the package root (the CLI runs as one
 * bundled script, dist/src/cli-script.js, not beside it). Only `view` reads it: the CLI's
 * start-up does not.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InvariantError } from '../../core/assert.js';
import { packageRoot } from '../common/paths.js';

export const viewerPagePath = join(packageRoot, 'dist', 'src', 'view', 'viewer-page.js');

export function readViewerPageScript(path: string = viewerPagePath): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    // A package without its build (a source checkout before `npm run build`): not the user's input.
    throw new InvariantError(
      `the viewer's page script ${path} cannot be read (${(error as Error).message}); build lamport-lab with npm run build`,
    );
  }
}
