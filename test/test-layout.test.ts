/**
 * The test tree's own rules, so that `npm run test:fast` stays fast and the tree stays a mirror:
 *
 * - A test file that starts a real process (the built CLI, a shell, a forked machine) or touches
 *   the network is named `*.process.test.ts`. One that drives Chromium (test/helpers/browser.ts)
 *   is named `*.browser.test.ts`, whatever else it starts: .ci/run fails when one of those
 *   skipped (a CI host must have Chromium). `test:fast` leaves both kinds out. A `.process` or
 *   `.browser` file that starts nothing of its kind belongs in the fast set.
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
  // One child process per machine.
  /\bexecuteHarness\b/,
  // An implementation of the machine, which the harness starts once per machine.
  /'scenarios', 'implementations'/,
];

/** The tests that read the whole tree rather than one folder's code: they stay at test/. */
const wholeTreeTests = [
  'architecture.test.ts',
  // .ci/test-summary.mjs: CI's own script has no source folder to mirror.
  'ci-summary.process.test.ts',
  'docs.test.ts',
  'function-length.test.ts',
  'purity.test.ts',
  'test-layout.test.ts',
];

/** What drives a browser: the one helper that launches Chromium. */
const browserPatterns: readonly RegExp[] = [/helpers\/browser\.js'/, /\bstartBrowser\b/];

function startsProcesses(source: string): boolean {
  return processPatterns.some((pattern) => pattern.test(source));
}

function drivesBrowser(source: string): boolean {
  return browserPatterns.some((pattern) => pattern.test(source));
}

/** The name a test file must end with, from what it starts. */
function expectedSuffix(source: string): string {
  if (drivesBrowser(source)) return '.browser.test.ts';
  if (startsProcesses(source)) return '.process.test.ts';
  return '.test.ts';
}

function actualSuffix(file: string): string {
  return /\.(browser|process)\.test\.ts$/.exec(file)?.[0] ?? '.test.ts';
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

  it('tells a browser test from a process test (planted)', () => {
    const browserImport = "import { startBrowser } from '../../helpers/browser.js';";
    expect(expectedSuffix(browserImport)).toBe('.browser.test.ts');
    expect(expectedSuffix(`${browserImport}\nconst r = runBuiltCli(cwd, args);`)).toBe(
      '.browser.test.ts',
    );
    expect(expectedSuffix('const r = runBuiltCli(cwd, args);')).toBe('.process.test.ts');
    expect(expectedSuffix("import { cliIn } from '../helpers/cli-process.js';")).toBe('.test.ts');
    expect(actualSuffix('test/src/view/view.browser.test.ts')).toBe('.browser.test.ts');
    expect(actualSuffix('test/src/run/tcp.process.test.ts')).toBe('.process.test.ts');
    expect(actualSuffix('test/src/run/browser.test.ts')).toBe('.test.ts');
  });

  it('names every test file by what it starts: *.browser.test.ts, *.process.test.ts or neither', () => {
    // This file names the patterns it looks for, planted above: it starts nothing.
    const others = testFiles(testRoot).filter((file) => file !== 'test/test-layout.test.ts');
    const misnamed = others
      .map((file) => ({ file, expected: expectedSuffix(readFileSync(join(root, file), 'utf8')) }))
      .filter(({ file, expected }) => actualSuffix(file) !== expected);
    expect(misnamed).toEqual([]);
  });

  it('keeps the browser tests out of test:fast, with the process tests', () => {
    const scripts = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts;
    expect(scripts['test:fast']).toContain("--exclude 'test/**/*.process.test.ts'");
    expect(scripts['test:fast']).toContain("--exclude 'test/**/*.browser.test.ts'");
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
