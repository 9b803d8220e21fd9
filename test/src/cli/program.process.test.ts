/**
 * The CLI's start-up: a command loads what it does only when it runs, so `--help`, usage errors
 * and light commands do not pay for the simulator, the checker and zod's schemas.
 *
 * Method: the BUILT CLI (fresh because `npm test` builds first) is spawned with a module
 * loader hook (node --import) that appends every URL it loads to a file; the test reads the list.
 * The CLI is bundled (scripts/bundle.mjs): what it loads are chunks of dist/src/, and the source
 * files each one carries are named in its source map, so the test reads those.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { cliPath, packageRoot } from '../../helpers/cli-process.js';

const hookDir = mkdtempSync(join(tmpdir(), 'lamport-cli-load-'));
afterAll(() => rmSync(hookDir, { recursive: true, force: true }));

/**
 * Runs the built CLI with `args` in a scratch directory. Returns the source files (relative to
 * the package, like `src/cli/program.ts` or `node_modules/zod/v4/core/core.js`) of every file it
 * loaded: a bundle chunk stands for the sources its map names, any other file for itself.
 */
function loadedModules(args: readonly string[]): {
  urls: string[];
  files: number;
  status: number | null;
} {
  const loaded = loadedUrls(args);
  const files = loaded.urls.filter((url) => url.startsWith('file:'));
  return {
    urls: files.flatMap((url) => sourcesOf(fileURLToPath(url))),
    files: files.length,
    status: loaded.status,
  };
}

function sourcesOf(path: string): string[] {
  const mapPath = `${path}.map`;
  if (!existsSync(mapPath)) return [relative(packageRoot, path)];
  const { sources } = JSON.parse(readFileSync(mapPath, 'utf8')) as { sources: string[] };
  return sources.map((source) => relative(packageRoot, resolve(dirname(path), source)));
}

/** Runs the built CLI with `args` in a scratch directory; returns every module URL it loaded. */
function loadedUrls(args: readonly string[]): { urls: string[]; status: number | null } {
  const listPath = join(hookDir, `loaded-${Math.random().toString(36).slice(2)}.txt`);
  const hookPath = join(hookDir, 'record-hook.mjs');
  writeFileSync(
    hookPath,
    `import { appendFileSync } from 'node:fs';
export async function load(url, context, next) {
  appendFileSync(process.env.LAMPORT_LOADED_LIST, url + '\\n');
  return next(url, context);
}
`,
  );
  const registerPath = join(hookDir, 'register.mjs');
  writeFileSync(
    registerPath,
    `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hookPath).href)});\n`,
  );
  writeFileSync(listPath, '');
  const result = spawnSync(process.execPath, ['--import', registerPath, cliPath, ...args], {
    cwd: hookDir,
    encoding: 'utf8',
    env: { ...process.env, LAMPORT_LOADED_LIST: listPath },
  });
  const urls = readFileSync(listPath, 'utf8').split('\n').filter(Boolean);
  return { urls, status: result.status };
}

const heavy = [
  { what: 'zod', pattern: /^node_modules\/zod\// },
  { what: 'json2csv', pattern: /^node_modules\/@json2csv\// },
  { what: 'the simulator', pattern: /^transports\/virtual\/simulation\.ts$/ },
  { what: 'the checker', pattern: /^src\/check\/check-run\.ts$/ },
  { what: 'the TCP launcher', pattern: /^src\/run\/tcp-run\.ts$/ },
  { what: 'a command action', pattern: /^src\/cli\/commands\/[a-z-]+-action\.ts$/ },
  { what: 'the log reader', pattern: /^src\/logs\/log-reader\.ts$/ },
];

describe('lamport-lab start-up', () => {
  it('--help loads every command option but none of what the commands do', () => {
    const { urls, status } = loadedModules(['--help']);
    expect(status).toBe(0);
    // The recorder works: it saw the program and a command module.
    expect(urls).toContain('src/cli/program.ts');
    expect(urls).toContain('src/cli/commands/run-command.ts');
    for (const { what, pattern } of heavy) {
      expect(
        urls.filter((url) => pattern.test(url)),
        `${what} loaded by --help`,
      ).toEqual([]);
    }
  });

  it('a usage error loads none of what the commands do either', () => {
    const { urls, status } = loadedModules(['run', '--seed']);
    expect(status).toBe(2);
    for (const { what, pattern } of heavy) {
      expect(
        urls.filter((url) => pattern.test(url)),
        `${what} loaded by a usage error`,
      ).toEqual([]);
    }
  });

  it('scenarios loads the scenario schema (zod) but not the simulator', () => {
    const { urls, status } = loadedModules(['scenarios']);
    expect(status).toBe(0);
    expect(urls.some((url) => /^node_modules\/zod\//.test(url))).toBe(true);
    expect(urls).not.toContain('transports/virtual/simulation.ts');
  });

  it('a virtual run loads the simulator but not the TCP launcher or the checker', () => {
    const { urls, status } = loadedModules(['run', '--no-logs', '--duration', '5', '--quiet']);
    expect(status).toBe(0);
    expect(urls).toContain('src/cli/commands/run-action.ts');
    expect(urls).toContain('transports/virtual/simulation.ts');
    expect(urls).not.toContain('src/run/tcp-run.ts');
    expect(urls).not.toContain('src/check/check-run.ts');
    // Nor what reads logs back: a run without logs writes none to read.
    expect(urls).not.toContain('src/logs/log-reader.ts');
  });
});
