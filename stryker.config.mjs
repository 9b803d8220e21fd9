/**
 * Mutation testing (`npm run test:mutation`; not in CI: it takes many minutes). Stryker plants
 * one small bug at a time (a flipped comparison, an emptied function ...) and runs the in-process
 * tests that reach it: a bug that no test notices is a gap in the tests.
 *
 * Three targets, each scored against its own unit tests (MUTATION_TARGET picks one; the npm
 * scripts run them in turn): on this project's two cores a run over everything against every
 * test took hours, since a surviving mutant of the model reaches every test that runs a
 * simulation. vitest.mutation.config.ts picks the test files; see docs/TESTING.md.
 */

/** What each target mutates, and where its unit tests are. */
const targets = {
  // The model.
  core: { mutate: ['core/**/*.ts'], tests: ['test/core'] },
  // The virtual driver, its queues and the latency draws it makes.
  virtual: {
    mutate: ['transports/virtual/**/*.ts', 'transports/latency.ts'],
    tests: ['test/transports/virtual'],
  },
  // The rule engine of `check`.
  checker: { mutate: ['src/check/checker.ts'], tests: ['test/src/check'] },
};

const targetName = process.env.MUTATION_TARGET ?? 'core';
const target = targets[targetName];
if (target === undefined) {
  throw new Error(`MUTATION_TARGET: expected one of ${Object.keys(targets).join(', ')}`);
}
// Read by vitest.mutation.config.ts, in the test runner processes Stryker starts.
process.env.MUTATION_TESTS = target.tests.join(',');

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
const config = {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts' },
  plugins: ['@stryker-mutator/vitest-runner'],
  mutate: target.mutate,
  ignorePatterns: ['/dist', '/logs', '/reports', '/docs'],
  coverageAnalysis: 'perTest',
  // The machine is shared: two test processes at most.
  concurrency: 2,
  // Re-runs only the mutants whose code or covering tests changed since the last run.
  incremental: true,
  incrementalFile: `reports/mutation/${targetName}-incremental.json`,
  reporters: ['clear-text', 'progress-append-only', 'html', 'json'],
  htmlReporter: { fileName: `reports/mutation/${targetName}.html` },
  jsonReporter: { fileName: `reports/mutation/${targetName}.json` },
  thresholds: { high: 90, low: 85, break: null },
  timeoutMS: 3_000,
};
export default config;
