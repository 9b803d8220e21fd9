import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // A process per test file: the in-process CLI tests change the working directory
    // (test/helpers/cli-process.ts), which worker threads may not do.
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
