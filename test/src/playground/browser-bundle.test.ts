/**
 * Goal: a Node API cannot sneak into the browser bundles: esbuild, with the options
 * scripts/bundle.mjs builds the viewer and the playground with, refuses a file that imports a
 * `node:` module, and builds the playground's worker (the CLI's run pipeline) without one.
 * Method: planted files built in memory (write: false) with those very options.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs module of the build, without type declarations.
import { browserBundleOptions } from '../../../scripts/browser-bundle-options.mjs';
import { packageRoot } from '../../../src/common/paths.js';

const dir = mkdtempSync(join(tmpdir(), 'lamport-browser-bundle-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function bundle(entry: string) {
  return build({
    ...(browserBundleOptions as object),
    absWorkingDir: packageRoot,
    entryPoints: [entry],
    write: false,
    logLevel: 'silent',
  });
}

describe('the browser bundles', () => {
  it('fail to build a file that imports a node: module', async () => {
    const planted = join(dir, 'planted.ts');
    writeFileSync(planted, "import { readFileSync } from 'node:fs';\nconsole.log(readFileSync);\n");
    await expect(bundle(planted)).rejects.toThrow(/node:fs/);
  });

  it('build a file that imports only browser-safe code', async () => {
    const planted = join(dir, 'safe.ts');
    writeFileSync(
      planted,
      `import { runInMemory } from '${join(packageRoot, 'src/playground/memory-run.ts')}';\nconsole.log(runInMemory);\n`,
    );
    const result = await bundle(planted);
    expect(result.errors).toEqual([]);
    // The whole pipeline came along: the driver, the CSV writer, the manifest, zod.
    expect(result.outputFiles?.[0]?.text.length).toBeGreaterThan(100_000);
  });

  it('build the playground worker, which runs the CLI pipeline', async () => {
    const result = await bundle(join(packageRoot, 'src/playground/page/playground-worker.ts'));
    expect(result.errors).toEqual([]);
  });
});
