import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // A process per test file: the in-process CLI tests change the working directory
    // (test/helpers/cli-process.ts), which worker threads may not do.
    pool: 'forks',
    // Process and browser tests (*.process / *.browser.test.ts) share these bounds: a browser
    // file launches one Chromium in beforeAll (~1 s, several on a loaded host) and reuses it.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
