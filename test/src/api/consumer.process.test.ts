/**
 * lamport-lab used as a consumer uses it: the package is packed (`npm pack`, from the dist/ that
 * `npm test` builds before vitest), the tarball installed into a temporary project with its own
 * package.json (an ES module project; the repository's exact vitest, typescript and fast-check)
 * and a strict tsconfig.json (`nodenext`), and the three examples of docs/LIBRARY.md (its fenced
 * blocks marked `file=...`) are written there as they are printed, type-checked with tsc and run
 * with vitest. So the documented examples run as written, against the published types.
 *
 * A deep import of a private file fails there too, for Node (ERR_PACKAGE_PATH_NOT_EXPORTED) and
 * for tsc (TS2307), beside an import of the entry point that works (so the refusal is the
 * package's `exports`, not a missing package).
 *
 * npm install uses the npm cache first (--prefer-offline; CI's `npm ci` has filled it), and
 * reaches the registry only for what is missing. The project is removed afterwards.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stripVTControlCharacters } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const libraryDoc = join(packageRoot, 'docs', 'LIBRARY.md');

/** The examples docs/LIBRARY.md must hold, by the file each is written to. */
const documentedExamples = [
  'examples/property.test.ts',
  'examples/clock-condition.test.ts',
  'examples/pinned-seed.test.ts',
];

const installTimeoutMs = 300_000;
const toolTimeoutMs = 180_000;

interface Example {
  readonly file: string;
  readonly source: string;
}

/** The fenced blocks of a page opened by ```ts file=<path>, in page order. */
function examplesOf(markdown: string): Example[] {
  return [...markdown.matchAll(/^```ts file=(\S+)\n([\s\S]*?)^```$/gm)].map((match) => ({
    file: match[1] as string,
    source: match[2] as string,
  }));
}

/** This process's environment without what npm and vitest set for the run around this test. */
function childEnvironment(): NodeJS.ProcessEnv {
  const kept = new Set(['npm_config_cache', 'npm_config_registry', 'npm_config_userconfig']);
  return Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) =>
        kept.has(name) ||
        !(/^npm_/i.test(name) || name.startsWith('VITEST') || name === 'INIT_CWD'),
    ),
  );
}

interface Ran {
  readonly status: number | null;
  readonly output: string;
}

function run(cwd: string, command: string, args: readonly string[], timeoutMs: number): Ran {
  const result = spawnSync(command, args, {
    cwd,
    env: childEnvironment(),
    encoding: 'utf8',
    timeout: timeoutMs,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error !== undefined) throw result.error;
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/** The repository's exact version of a package it depends on. */
function pinnedVersion(name: string): string {
  const manifest = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8'));
  const version = manifest.devDependencies?.[name] ?? manifest.dependencies?.[name];
  expect(version, `${name} in package.json`).toMatch(/^\d+\.\d+\.\d+$/);
  return version;
}

const strictTsconfig = {
  compilerOptions: {
    target: 'ES2022',
    module: 'nodenext',
    moduleResolution: 'nodenext',
    strict: true,
    noUncheckedIndexedAccess: true,
    verbatimModuleSyntax: true,
    // A consumer may pass `undefined` for an option it leaves out, and the types we reach must
    // compile so too (json2csv's did not, through the manifest's type).
    exactOptionalPropertyTypes: true,
    // Our .d.ts files (and those they reach) are checked as a consumer's tsc reads them.
    skipLibCheck: false,
    noEmit: true,
    types: [],
  },
};

/** The lines of the blocks opened by ```text output=<example file>: what that example prints. */
function documentedOutputOf(markdown: string, file: string): string[] {
  return [...markdown.matchAll(/^```text output=(\S+)\n([\s\S]*?)^```$/gm)]
    .filter((match) => match[1] === file)
    .flatMap((match) => (match[2] as string).split('\n').filter((line) => line !== ''));
}

/** Writes the consumer project: package.json, tsconfig.json and the examples. */
function writeConsumer(projectDir: string, tarball: string, examples: readonly Example[]): void {
  const manifest = {
    name: 'lamport-lab-consumer',
    private: true,
    type: 'module',
    devDependencies: {
      'fast-check': pinnedVersion('fast-check'),
      'lamport-lab': `file:./${tarball}`,
      typescript: pinnedVersion('typescript'),
      vitest: pinnedVersion('vitest'),
    },
  };
  writeFileSync(join(projectDir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  const tsconfig = { ...strictTsconfig, include: ['examples'] };
  writeFileSync(join(projectDir, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2));
  for (const { file, source } of examples) {
    mkdirSync(dirname(join(projectDir, file)), { recursive: true });
    writeFileSync(join(projectDir, file), source);
  }
}

/** A second program beside the examples: one import of the entry point, one of a private file. */
function writeDeepImports(projectDir: string): void {
  mkdirSync(join(projectDir, 'deep'));
  writeFileSync(
    join(projectDir, 'deep', 'public.ts'),
    "import { simulateEventsMax } from 'lamport-lab';\nexport const eventsMax: number = simulateEventsMax;\n",
  );
  writeFileSync(
    join(projectDir, 'deep', 'private.ts'),
    "import { simulate } from 'lamport-lab/dist/src/api/simulate.js';\nexport const run = simulate;\n",
  );
  // Only resolution is asked here: the examples' program checks the .d.ts files themselves.
  const compilerOptions = { ...strictTsconfig.compilerOptions, skipLibCheck: true };
  const tsconfig = { compilerOptions, include: ['deep'] };
  writeFileSync(join(projectDir, 'tsconfig.deep.json'), JSON.stringify(tsconfig, null, 2));
}

describe('lamport-lab in a consumer project (npm pack, npm install)', () => {
  const projectDir = mkdtempSync(join(tmpdir(), 'lamport-lab-consumer-'));
  const libraryMarkdown = readFileSync(libraryDoc, 'utf8');
  const examples = examplesOf(libraryMarkdown);
  afterAll(() => rmSync(projectDir, { recursive: true, force: true }));

  beforeAll(() => {
    const packed = run(
      packageRoot,
      'npm',
      ['pack', '--ignore-scripts', '--json', '--pack-destination', projectDir],
      installTimeoutMs,
    );
    expect(packed.status, packed.output).toBe(0);
    const tarball = JSON.parse(packed.output.slice(packed.output.indexOf('[')))[0].filename;
    writeConsumer(projectDir, tarball, examples);
    writeDeepImports(projectDir);
    const installed = run(
      projectDir,
      'npm',
      ['install', '--prefer-offline', '--no-audit', '--no-fund'],
      installTimeoutMs,
    );
    expect(installed.status, installed.output).toBe(0);
  }, installTimeoutMs * 2);

  it('finds the three examples in docs/LIBRARY.md', () => {
    expect(examples.map((example) => example.file)).toEqual(documentedExamples);
  });

  it(
    'type-checks the examples (tsc --noEmit, strict, nodenext)',
    () => {
      const tsc = join('node_modules', 'typescript', 'bin', 'tsc');
      const checked = run(
        projectDir,
        process.execPath,
        [tsc, '-p', 'tsconfig.json'],
        toolTimeoutMs,
      );
      expect(checked.output).toBe('');
      expect(checked.status).toBe(0);
    },
    toolTimeoutMs,
  );

  it(
    'runs the examples (vitest run): every test passes, printing what the page shows',
    () => {
      const vitest = join('node_modules', 'vitest', 'vitest.mjs');
      const args = [
        vitest,
        'run',
        '--reporter=default',
        '--reporter=json',
        '--outputFile=vitest.json',
      ];
      const ran = run(projectDir, process.execPath, args, toolTimeoutMs);
      expect(ran.status, ran.output).toBe(0);
      const report = JSON.parse(readFileSync(join(projectDir, 'vitest.json'), 'utf8'));
      const files = report.testResults.map((file: { name: string }) =>
        file.name.slice(projectDir.length + 1),
      );
      expect(files.sort()).toEqual([...documentedExamples].sort());
      expect(report.numFailedTests).toBe(0);
      expect(report.numPassedTests).toBe(report.numTotalTests);
      expect(report.numTotalTests).toBeGreaterThanOrEqual(documentedExamples.length);
      const printed = documentedOutputOf(libraryMarkdown, 'examples/clock-condition.test.ts');
      expect(printed.length).toBeGreaterThan(3);
      // Without colours: vitest's header before a test's output may end in a colour code.
      const outputLines = new Set(stripVTControlCharacters(ran.output).split('\n'));
      expect(printed.filter((line) => !outputLines.has(line))).toEqual([]);
    },
    toolTimeoutMs,
  );

  it(
    'refuses a deep import of a private file at run time, and resolves the entry point',
    () => {
      const importOf = (specifier: string): Ran =>
        run(
          projectDir,
          process.execPath,
          ['--input-type=module', '-e', `await import(${JSON.stringify(specifier)});`],
          toolTimeoutMs,
        );
      const entry = importOf('lamport-lab');
      expect(entry.status, entry.output).toBe(0);
      const deep = importOf('lamport-lab/dist/src/api/simulate.js');
      expect(deep.status).not.toBe(0);
      expect(deep.output).toContain('ERR_PACKAGE_PATH_NOT_EXPORTED');
    },
    toolTimeoutMs,
  );

  it(
    'refuses a deep import of a private file to tsc, and types the entry point',
    () => {
      const tsc = join('node_modules', 'typescript', 'bin', 'tsc');
      const checked = run(
        projectDir,
        process.execPath,
        [tsc, '-p', 'tsconfig.deep.json'],
        toolTimeoutMs,
      );
      expect(checked.status).not.toBe(0);
      const errors = checked.output.split('\n').filter((line) => /error TS\d+/.test(line));
      expect(errors).toEqual([
        expect.stringMatching(
          /^deep\/private\.ts\(1,\d+\): error TS2307: Cannot find module 'lamport-lab\/dist\/src\/api\/simulate\.js'/,
        ),
      ]);
    },
    toolTimeoutMs,
  );
});
