/**
 * The CLI's start-up: a command loads what it does only when it runs, so `--help`, usage errors
 * and light commands do not pay for the simulator, the checker and zod's schemas.
 *
 * Method: the BUILT CLI (fresh because `npm test` runs tsc first) is spawned with a module
 * loader hook (node --import) that appends every URL it loads to a file; the test reads the list.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { cliPath } from '../../helpers/cli-process.js';

const hookDir = mkdtempSync(join(tmpdir(), 'lamport-cli-load-'));
afterAll(() => rmSync(hookDir, { recursive: true, force: true }));

/** Runs the built CLI with `args` in a scratch directory; returns every module URL it loaded. */
function loadedModules(args: readonly string[]): { urls: string[]; status: number | null } {
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
  { what: 'zod', pattern: /\/node_modules\/zod\// },
  { what: 'json2csv', pattern: /\/node_modules\/@json2csv\// },
  { what: 'the simulator', pattern: /\/dist\/transports\/virtual\/simulation\.js$/ },
  { what: 'the checker', pattern: /\/dist\/src\/check\/check-run\.js$/ },
  { what: 'the TCP launcher', pattern: /\/dist\/src\/run\/tcp-run\.js$/ },
  { what: 'a command action', pattern: /\/dist\/src\/cli\/commands\/[a-z-]+-action\.js$/ },
];

describe('lamport-lab start-up', () => {
  it('--help loads every command option but none of what the commands do', () => {
    const { urls, status } = loadedModules(['--help']);
    expect(status).toBe(0);
    // The recorder works: it saw the program and a command module.
    expect(urls.some((url) => url.endsWith('/dist/src/cli/program.js'))).toBe(true);
    expect(urls.some((url) => url.endsWith('/dist/src/cli/commands/run-command.js'))).toBe(true);
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
    expect(urls.some((url) => /\/node_modules\/zod\//.test(url))).toBe(true);
    expect(urls.filter((url) => /\/dist\/transports\/virtual\/simulation\.js$/.test(url))).toEqual(
      [],
    );
  });

  it('a virtual run loads the simulator but not the TCP launcher or the checker', () => {
    const { urls, status } = loadedModules(['run', '--no-logs', '--duration', '5', '--quiet']);
    expect(status).toBe(0);
    expect(urls.some((url) => url.endsWith('/dist/src/cli/commands/run-action.js'))).toBe(true);
    expect(urls.some((url) => url.endsWith('/dist/transports/virtual/simulation.js'))).toBe(true);
    expect(urls.filter((url) => /\/dist\/src\/(tcp-run|check\/check-run)\.js$/.test(url))).toEqual(
      [],
    );
  });
});
