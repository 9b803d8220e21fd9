/**
 * `npm run typecheck`'s last step: the browser pages (src/<part>/page/) are typechecked by their
 * own tsconfig.json (lib DOM, no Node types), since the root one leaves them out: nothing else
 * in src/ may use DOM types, and a page may not use Node's. Every page folder that has a
 * tsconfig.json is checked, so a page added later (the playground's) is checked without an edit
 * here, and a tree without it still passes.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const configs = readdirSync(join(root, 'src'))
  .map((part) => join('src', part, 'page', 'tsconfig.json'))
  .filter((config) => existsSync(join(root, config)))
  .sort();
if (configs.length === 0) throw new Error('typecheck-pages: no src/*/page/tsconfig.json found');
let failed = false;
for (const config of configs) {
  const result = spawnSync(process.execPath, [tsc, '-p', config], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) failed = true;
}
process.exitCode = failed ? 1 : 0;
