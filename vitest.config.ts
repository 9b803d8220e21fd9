import { defineConfig } from 'vitest/config';

/** Files that start real processes or a browser: timing, signals and sockets are their point. */
const processFiles = ['test/**/*.process.test.ts', 'test/**/*.browser.test.ts'];

/**
 * Process files that hold their processes to no wall-clock bound (no tick rate, lateness, "within
 * seconds" or signal race: only exit codes, output and bytes written, under timeouts of minutes)
 * and keep a core busy most of their time: Python children shrunk through (impl-trial), npm and
 * tsc (consumer), shards and worker threads. Listed by name, so a new process file runs alone
 * until someone decides it need not.
 */
const untimedProcessFiles = [
  'test/src/explore/impl-trial.process.test.ts',
  'test/src/api/consumer.process.test.ts',
  'test/src/harness/harness-faults.process.test.ts',
  'test/src/cli/commands/merge-command.process.test.ts',
  'test/src/explore/explore-merge.process.test.ts',
  'test/src/cli/commands/experiments-command.process.test.ts',
];

export default defineConfig({
  test: {
    // A process per test file: the in-process CLI tests change the working directory
    // (test/helpers/cli-process.ts), which worker threads may not do. Every file stays isolated.
    pool: 'forks',
    // Process and browser tests (*.process / *.browser.test.ts) share these bounds: a browser
    // file launches one Chromium in beforeAll (~1 s, several on a loaded host) and reuses it.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Three groups, one after the other. vitest's default on two cores is ONE test process, so
    // the whole suite ran a file at a time with a core idle: the 198 files that start no process
    // (test/test-layout.test.ts keeps them so) spent ~115 s of a 583 s run in start-up and
    // imports alone. They run two at a time first, as `npm run test:fast` has long run them;
    // then the untimed process files, two at a time; then the other process and browser files
    // one at a time, alone, as before, so their timing bounds (tick rates, lateness, "within
    // seconds") see no more load than they did.
    projects: [
      {
        extends: true,
        test: {
          name: 'in-process',
          include: ['test/**/*.test.ts'],
          exclude: processFiles,
          maxWorkers: 2,
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: 'untimed-processes',
          include: untimedProcessFiles,
          maxWorkers: 2,
          sequence: { groupOrder: 1 },
        },
      },
      {
        extends: true,
        test: {
          name: 'processes',
          include: processFiles,
          exclude: untimedProcessFiles,
          maxWorkers: 1,
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});
