/**
 * Mutation testing (`npm run test:mutation`; not in CI: it takes minutes). Stryker plants one
 * small bug at a time (a flipped comparison, an emptied function ...) in the model, the
 * virtual driver and the checker, and runs the in-process tests that cover it: a bug no test
 * notices is a gap in the tests. vitest.mutation.config.ts picks the tests; see docs/TESTING.md.
 *
 * One target at a time: `npm run test:mutation -- --mutate 'src/check/checker.ts'`.
 */
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
const config = {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts' },
  plugins: ['@stryker-mutator/vitest-runner'],
  mutate: [
    // The model.
    'core/**/*.ts',
    // The virtual driver, its queues and the latency draws it makes.
    'transports/virtual/**/*.ts',
    'transports/latency.ts',
    // The rule engine of `check`.
    'src/check/checker.ts',
  ],
  ignorePatterns: ['dist', 'logs', 'reports', 'docs'],
  coverageAnalysis: 'perTest',
  // The machine is shared: two test processes at most.
  concurrency: 2,
  incremental: true,
  incrementalFile: 'reports/mutation/incremental.json',
  reporters: ['clear-text', 'progress-append-only', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  thresholds: { high: 90, low: 85, break: null },
  timeoutMS: 3_000,
};
export default config;
