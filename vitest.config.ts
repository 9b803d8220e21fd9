import { defineConfig } from 'vitest/config';

/** Files that start real processes or a browser: timing, signals and sockets are their point. */
const processFiles = ['test/**/*.process.test.ts', 'test/**/*.browser.test.ts'];

export default defineConfig({
  test: {
    // A process per test file: the in-process CLI tests change the working directory
    // (test/helpers/cli-process.ts), which worker threads may not do. Every file stays isolated.
    pool: 'forks',
    // Process and browser tests (*.process / *.browser.test.ts) share these bounds: a browser
    // file launches one Chromium in beforeAll (~1 s, several on a loaded host) and reuses it.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Two groups, one after the other. vitest's default on two cores is ONE test process, so the
    // whole suite ran a file at a time with a core idle: the 198 files that start no process
    // (test/test-layout.test.ts keeps them so) spent ~115 s of a 583 s run in start-up and
    // imports alone. They run two at a time first, as `npm run test:fast` has long run them;
    // the process and browser files then run one at a time, alone, as before, so their timing
    // bounds (tick rates, lateness, "within seconds") see no more load than they did.
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
          name: 'processes',
          include: processFiles,
          maxWorkers: 1,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
