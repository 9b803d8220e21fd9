import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

/** Files that start real processes or a browser: timing, signals and sockets are their point. */
const processFile = /\.(process|browser)\.test\.ts$/;

/**
 * Process files that hold their processes to no wall-clock bound (no tick rate, lateness, "within
 * seconds" or signal race: only exit codes, output and bytes written, under timeouts of minutes)
 * and keep a core busy most of their time: Python children shrunk through (impl-trial), npm and
 * tsc (consumer), shards and worker threads, refusals of bad input, byte-for-byte determinism.
 * Listed by name, so a new process file runs alone until someone decides it need not.
 */
const untimedProcessFiles = [
  'test/src/explore/impl-trial.process.test.ts',
  'test/src/api/consumer.process.test.ts',
  'test/src/harness/harness-faults.process.test.ts',
  'test/src/cli/commands/merge-command.process.test.ts',
  'test/src/explore/explore-merge.process.test.ts',
  'test/src/cli/commands/experiments-command.process.test.ts',
  'test/src/cli/commands/machine-command.process.test.ts',
  'test/src/cli/program.process.test.ts',
  'test/src/logs/unfinished-output-guard.process.test.ts',
  'test/src/run/determinism.process.test.ts',
  'test/src/run/determinism-faults.process.test.ts',
];

const root = import.meta.dirname;

/** Every test file under `dir`, relative to the root, with `/`. */
function testFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' })
    .map((file) => join(dir, file).split('\\').join('/'))
    .filter((file) => file.endsWith('.test.ts'))
    .sort();
}

/**
 * The timed process files, and the rest, as lists of paths rather than include and exclude
 * globs: a project with an `exclude` of its own ignores the command line's --exclude (npm run
 * test:fast's), and the untimed files are named one by one.
 */
const allTestFiles = testFiles('test');
const timedFiles = allTestFiles.filter(
  (file) => processFile.test(file) && !untimedProcessFiles.includes(file),
);
const inProcessFiles = allTestFiles.filter((file) => !processFile.test(file));
const untimedFiles = allTestFiles.filter((file) => untimedProcessFiles.includes(file));

/** What every file shares, written into each project (see `projects` for why not `extends`). */
const shared = {
  // A process per test file: the in-process CLI tests change the working directory
  // (test/helpers/cli-process.ts), which worker threads may not do. Every file stays isolated.
  pool: 'forks',
  // Process and browser tests (*.process / *.browser.test.ts) share these bounds: a browser
  // file launches one Chromium in beforeAll (~1 s, several on a loaded host) and reuses it.
  testTimeout: 60_000,
  hookTimeout: 60_000,
} as const;

export default defineConfig({
  test: {
    ...shared,
    // vitest's default on two cores is ONE test process, so the whole suite ran a file at a
    // time with a core idle: the 198 files that start no process (test/test-layout.test.ts keeps
    // them so) spent ~115 s of a 583 s run in start-up and imports alone. Those, and the untimed
    // process files, run two at a time, as `npm run test:fast` has long run the former;
    // `--maxWorkers=1` on the command line still makes it one.
    maxWorkers: 2,
    // Two groups, one after the other. The timed process and browser files run last, one at a
    // time, alone, as before, so their bounds (tick rates, lateness, "within seconds") see no
    // more load than they did.
    // The projects repeat `shared` rather than `extends: true`: a project that extends the root
    // keeps the file's maxWorkers over the command line's.
    projects: [
      // The first group: vitest takes the projects of a group in the order of their names, so
      // the long untimed process files (impl-trial ~30 s, consumer ~20 s) start first, beside
      // the short in-process files, not last with the other core idle (on a fresh clone, with
      // no durations cached, vitest would start them late: they are short files).
      {
        test: {
          ...shared,
          name: 'a-untimed-processes',
          include: untimedFiles,
        },
      },
      {
        test: {
          ...shared,
          name: 'b-in-process',
          include: inProcessFiles,
        },
      },
      {
        test: {
          ...shared,
          name: 'timed-processes',
          include: timedFiles,
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
