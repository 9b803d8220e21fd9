/**
 * The tests a mutation run learns from: the test files of the mutated code (the model, the
 * drivers, the checker) that exercise it in this process. Left out, by what they contain rather
 * than by name, so the list stays right when tests move or are added:
 * - a test that spawns the built CLI (dist/) or another process runs code Stryker never
 *   mutated: it can only cost time, never kill a mutant;
 * - a test that runs code in beforeAll/beforeEach: Stryker cannot tell which test such code
 *   serves, counts every mutant it reaches as "static" and runs the whole suite for each (one
 *   such file made 70 % of core/'s mutants static and a run take hours).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { defineConfig } from 'vitest/config';

/**
 * Where the unit tests of the mutated target are (set by stryker.config.mjs). The whole-run
 * properties in test/*.test.ts are left out although they kill mutants too: every mutant of the
 * model reaches them, and a survivor would run them all instead of its own unit tests.
 */
const testDirs = (process.env.MUTATION_TESTS ?? 'test/core,test/transports/virtual,test/src/check')
  .split(',')
  .filter((dir) => dir !== '');
/** Imports that mean a test runs its subject in another process. */
const outOfProcess = /cli-process|node:child_process|['"]node:worker_threads['"]|dist\/src/;
/** Hooks whose work Stryker cannot attribute to a test. */
const hooks = /\bbefore(All|Each)\(/;

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return testFiles(path);
    return entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

const root = import.meta.dirname;
const inProcess = testDirs
  .flatMap((dir) => testFiles(join(root, dir)))
  .filter((path) => {
    const source = readFileSync(path, 'utf8');
    return !outOfProcess.test(source) && !hooks.test(source);
  })
  .map((path) => relative(root, path));

export default defineConfig({
  test: {
    include: inProcess,
    setupFiles: ['test/helpers/mutation-setup.ts'],
    // One worker that keeps its modules between mutants: Stryker switches mutants at run time,
    // so nothing needs re-importing, and re-importing every test file per mutant was most of
    // a mutant's time.
    isolate: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
