/**
 * The test tree's own rules, so that `npm run test:fast` stays fast and the tree stays a mirror:
 *
 * - A test file that starts a real process (the built CLI, a shell, a browser, a forked machine)
 *   or touches the network is named `*.process.test.ts`; `test:fast` leaves exactly those out.
 *   A `.process` file that starts none belongs in the fast set.
 * - test/core, test/transports, test/src and test/bench mirror the source folders: every folder
 *   of tests there has its source folder. At the root only tests of the whole tree.
 *
 * The detector is tried on planted sources first, so a rule that cannot fail cannot pass silently.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const testRoot = join(root, 'test');

/** What starts a process or opens a socket, as a test file would say it. */
const processPatterns: readonly RegExp[] = [
  /from 'node:child_process'/,
  /from 'node:net'/,
  /\brunBuiltCli\b/,
  /\bbuiltCliIn\b/,
  /\bcliPath\b/,
  /\bfreePorts\b/,
];

/** The tests that read the whole tree rather than one folder's code: they stay at test/. */
const wholeTreeTests = [
  'architecture.test.ts',
  'docs.test.ts',
  'function-length.test.ts',
  'purity.test.ts',
  'test-layout.test.ts',
];

function startsProcesses(source: string): boolean {
  return processPatterns.some((pattern) => pattern.test(source));
}

function testFiles(directory: string): string[] {
  return readdirSync(directory)
    .sort()
    .flatMap((name) => {
      const path = join(directory, name);
      if (statSync(path).isDirectory()) return testFiles(path);
      return name.endsWith('.test.ts') ? [relative(root, path).split('\\').join('/')] : [];
    });
}

describe('the test tree', () => {
  it('tells a process-starting test from one that runs in this process (planted)', () => {
    expect(startsProcesses("import { spawnSync } from 'node:child_process';")).toBe(true);
    expect(startsProcesses('const result = runBuiltCli(cwd, args);')).toBe(true);
    expect(startsProcesses('const ports = await freePorts(3);')).toBe(true);
    expect(startsProcesses("import net from 'node:net';")).toBe(true);
    expect(startsProcesses('const result = await runCliInProcess(cwd, args);')).toBe(false);
    expect(startsProcesses("import { cliIn } from '../helpers/cli-process.js';")).toBe(false);
  });

  it('names every test file that starts a process *.process.test.ts, and only those', () => {
    // This file names the patterns it looks for, planted above: it starts nothing.
    const others = testFiles(testRoot).filter((file) => file !== 'test/test-layout.test.ts');
    const misnamed = others.filter(
      (file) =>
        startsProcesses(readFileSync(join(root, file), 'utf8')) !==
        file.endsWith('.process.test.ts'),
    );
    expect(misnamed).toEqual([]);
  });

  it('mirrors the source folders', () => {
    const folders = new Set(
      testFiles(testRoot)
        .map((file) => dirname(file).replace(/^test\/?/, ''))
        .filter((folder) => /^(core|transports|src|bench)(\/|$)/.test(folder)),
    );
    expect(folders.size).toBeGreaterThan(5);
    const withoutSource = [...folders].filter((folder) => !existsSync(join(root, folder)));
    expect(withoutSource).toEqual([]);
    const atRoot = testFiles(testRoot).filter((file) => dirname(file) === 'test');
    expect(atRoot).toEqual(wholeTreeTests.map((name) => `test/${name}`));
  });
});
