/**
 * What a consumer can import: the entry points of package.json `exports` (`lamport-lab`,
 * `lamport-lab/arbitraries`, `lamport-lab/package.json`) and nothing else. Every file in dist/
 * is asked for by a deep specifier (`lamport-lab/dist/...`) through Node's own resolver (the
 * package refers to itself by name, as a consumer's import would reach it), and each must be
 * refused with ERR_PACKAGE_PATH_NOT_EXPORTED. dist/ is built by `npm test` before vitest.
 *
 * The detector is tried first on planted packages, one that exports a file and one without
 * `exports`, so it cannot pass silently.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const packageName = 'lamport-lab';

/** The public entry points and the files they resolve to (the contract, docs/LIBRARY.md). */
const entryPoints: Readonly<Record<string, string>> = {
  'lamport-lab': 'dist/src/api/index.js',
  'lamport-lab/arbitraries': 'dist/src/api/arbitraries.js',
  'lamport-lab/package.json': 'package.json',
};

/** Resolves a specifier to a file path, or throws as Node does. */
type Resolve = (specifier: string) => string;

/** Every file under `directory`, relative to it with `/`. */
function filesUnder(directory: string): string[] {
  return readdirSync(directory, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(directory, join(entry.parentPath, entry.name)).split('\\').join('/'));
}

/** The deep specifiers that were NOT refused as unexported, each with what it gave instead. */
function deepImportsNotRefused(
  name: string,
  files: readonly string[],
  resolveSpecifier: Resolve,
): string[] {
  const notRefused: string[] = [];
  for (const file of files) {
    const specifier = `${name}/${file}`;
    try {
      notRefused.push(`${specifier}: resolves to ${resolveSpecifier(specifier)}`);
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (code !== 'ERR_PACKAGE_PATH_NOT_EXPORTED')
        notRefused.push(`${specifier}: ${String(code)}`);
    }
  }
  return notRefused;
}

/** A package in `root`/node_modules/`name` with the given package.json and files. */
function plantPackage(
  root: string,
  name: string,
  manifest: object,
  files: readonly string[],
): Resolve {
  const dir = join(root, 'node_modules', name);
  for (const file of files) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), 'export {};\n');
  }
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, type: 'module', ...manifest }));
  const requireFromRoot = createRequire(join(root, 'consumer.js'));
  return (specifier) => requireFromRoot.resolve(specifier);
}

/** Node's ESM resolver, from a file inside this package (so `lamport-lab` names itself). */
const resolveFromPackage: Resolve = (specifier) => fileURLToPath(import.meta.resolve(specifier));

describe('what a consumer can import', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'lamport-lab-exports-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('flags a deep import that resolves, and passes one refused (planted packages)', () => {
    const files = ['dist/public.js', 'dist/private.js'];
    const open = plantPackage(scratch, 'planted-open', {}, files);
    expect(deepImportsNotRefused('planted-open', files, open)).toEqual([
      `planted-open/dist/public.js: resolves to ${join(scratch, 'node_modules/planted-open/dist/public.js')}`,
      `planted-open/dist/private.js: resolves to ${join(scratch, 'node_modules/planted-open/dist/private.js')}`,
    ]);
    const closed = plantPackage(
      scratch,
      'planted-closed',
      { exports: { '.': './dist/public.js' } },
      files,
    );
    expect(closed('planted-closed')).toBe(
      join(scratch, 'node_modules/planted-closed/dist/public.js'),
    );
    expect(deepImportsNotRefused('planted-closed', files, closed)).toEqual([]);
  });

  it('exports the entry points of the contract, and no other', () => {
    const manifest = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8'));
    expect(manifest.name).toBe(packageName);
    expect(Object.keys(manifest.exports).map((key) => `${packageName}${key.slice(1)}`)).toEqual(
      Object.keys(entryPoints),
    );
  });

  it('resolves each entry point to its file, with its types beside it', () => {
    const manifest = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8'));
    for (const [specifier, file] of Object.entries(entryPoints)) {
      expect(resolveFromPackage(specifier), specifier).toBe(join(packageRoot, file));
      const types = manifest.exports[`.${specifier.slice(packageName.length)}`]?.types;
      if (file.endsWith('.js'))
        expect(types, specifier).toBe(`./${file.replace(/\.js$/, '.d.ts')}`);
    }
    const dist = filesUnder(join(packageRoot, 'dist'));
    expect(dist).toContain('src/api/index.d.ts');
    expect(dist).toContain('src/api/arbitraries.d.ts');
  });

  it('refuses every file in dist/ by a deep import (ERR_PACKAGE_PATH_NOT_EXPORTED)', () => {
    const files = filesUnder(join(packageRoot, 'dist')).map((file) => `dist/${file}`);
    // The CLI, the core and the entry points' own files are among them: reachable only by name.
    expect(files).toEqual(
      expect.arrayContaining(['dist/src/cli.js', 'dist/core/clock.js', 'dist/src/api/index.js']),
    );
    expect(files.length).toBeGreaterThan(100);
    const sources = ['src/api/index.ts', 'core/clock.ts', 'scenarios/default.json'];
    expect(deepImportsNotRefused(packageName, [...files, ...sources], resolveFromPackage)).toEqual(
      [],
    );
  });
});
