/**
 * The CLI's start-up: a command runs what it does only when it runs, so `--help`, usage errors
 * and light commands do not pay for the simulator, the checker and zod's schemas.
 *
 * Method: the BUILT CLI (fresh because `npm test` builds first) is one script (scripts/bundle.mjs)
 * holding every module, so what counts is which module BODIES ran, not which files were read. In
 * the script, a module that is imported only when a command runs (`await import(...)`, or what
 * such a module imports) is a function named by its source path (esbuild's lazy init, e.g.
 * `"src/check/check-run.ts"() {...}`), called on that import; a module imported from the entry
 * without an await is not wrapped and runs at every start. The CLI is spawned with
 * NODE_V8_COVERAGE, V8's call counts, which say which of those functions were called.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { cliPath, packageRoot } from '../../helpers/cli-process.js';

const scratch = mkdtempSync(join(tmpdir(), 'lamport-cli-load-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const scriptPath = join(dirname(cliPath), 'cli-script.js');

/** The source files (relative to the package) the built script holds, from its source map. */
function scriptSources(): string[] {
  const { sources } = JSON.parse(readFileSync(`${scriptPath}.map`, 'utf8')) as {
    sources: string[];
  };
  return sources.map((source) => relative(packageRoot, resolve(dirname(scriptPath), source)));
}

interface V8FunctionCoverage {
  readonly functionName: string;
  readonly ranges: readonly { readonly count: number }[];
}

/**
 * Runs the built CLI with `args` in a scratch directory. Returns the source files (relative to
 * the package, like `src/cli/program.ts` or `node_modules/zod/v4/core/core.js`) whose module
 * body ran: every file of the script but the lazily initialised ones that were never called.
 */
function ranModules(args: readonly string[]): { urls: string[]; status: number | null } {
  const coverageDir = mkdtempSync(join(scratch, 'coverage-'));
  const result = spawnSync(process.execPath, [cliPath, ...args], {
    cwd: scratch,
    encoding: 'utf8',
    env: { ...process.env, NODE_V8_COVERAGE: coverageDir },
  });
  const functions: V8FunctionCoverage[] = [];
  for (const file of readdirSync(coverageDir)) {
    const { result: scripts } = JSON.parse(readFileSync(join(coverageDir, file), 'utf8')) as {
      result: { url: string; functions: V8FunctionCoverage[] }[];
    };
    for (const script of scripts) {
      if (script.url.startsWith('file:') && fileURLToPath(script.url) === scriptPath) {
        functions.push(...script.functions);
      }
    }
  }
  // Which of the script's files are lazily initialised functions: by their names in the
  // coverage, which lists every one (called or not: the top level creates them all).
  const sources = scriptSources();
  const lazyModules = functions.filter((fn) => /\.(?:[cm]?js|ts)$/.test(fn.functionName));
  // The script's own top level ran, or the coverage read is wrong and nothing below would mean much.
  expect(functions.some((fn) => fn.functionName === '' && (fn.ranges[0]?.count ?? 0) > 0)).toBe(
    true,
  );
  expect(lazyModules.length).toBeGreaterThan(0);
  const lazyNames = new Set(lazyModules.map((fn) => fn.functionName));
  // A dependency shipped with its own source maps (json2csv) is named by its TypeScript sources
  // in the map but by its .js files in the script: match those by package.
  const lazyPackages = new Set([...lazyNames].map(packageOf).filter((name) => name !== null));
  const alwaysRun = sources.filter((source) => {
    if (lazyNames.has(source)) return false;
    const name = packageOf(source);
    return name === null || !lazyPackages.has(name);
  });
  const lazyRun = lazyModules
    .filter((fn) => (fn.ranges[0]?.count ?? 0) > 0)
    .map((fn) => fn.functionName);
  return { urls: [...alwaysRun, ...lazyRun], status: result.status };
}

/** `node_modules/zod` of `node_modules/zod/v4/core/core.js`; null for the project's own files. */
function packageOf(source: string): string | null {
  return /^node_modules\/(?:@[^/]+\/)?[^/]+/.exec(source)?.[0] ?? null;
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
  it('--help runs every command definition but none of what the commands do', () => {
    const { urls, status } = ranModules(['--help']);
    expect(status).toBe(0);
    // The reading works: it saw the program and a command definition run.
    expect(urls).toContain('src/cli/program.ts');
    expect(urls).toContain('src/cli/commands/run-command.ts');
    for (const { what, pattern } of heavy) {
      expect(
        urls.filter((url) => pattern.test(url)),
        `${what} ran for --help`,
      ).toEqual([]);
    }
  });

  it('a usage error runs none of what the commands do either', () => {
    const { urls, status } = ranModules(['run', '--seed']);
    expect(status).toBe(2);
    for (const { what, pattern } of heavy) {
      expect(
        urls.filter((url) => pattern.test(url)),
        `${what} ran for a usage error`,
      ).toEqual([]);
    }
  });

  it('scenarios runs the scenario schema (zod) but not the simulator', () => {
    const { urls, status } = ranModules(['scenarios']);
    expect(status).toBe(0);
    expect(urls.some((url) => /^node_modules\/zod\//.test(url))).toBe(true);
    expect(urls).not.toContain('transports/virtual/simulation.ts');
  });

  it('a virtual run runs the simulator but not the TCP launcher or the checker', () => {
    const { urls, status } = ranModules(['run', '--no-logs', '--duration', '5', '--quiet']);
    expect(status).toBe(0);
    expect(urls).toContain('src/cli/commands/run-action.ts');
    expect(urls).toContain('transports/virtual/simulation.ts');
    expect(urls).not.toContain('src/run/tcp-run.ts');
    expect(urls).not.toContain('src/check/check-run.ts');
    // Nor what reads logs back: a run without logs writes none to read.
    expect(urls).not.toContain('src/logs/log-reader.ts');
  });
});
