// The last step of .ci/run: reads vitest's JSON report (the path in argv[2]) and prints the plain
// "N passed, N failed" line CI reads (vitest's own summary is not one). Exits 1 on any failure,
// on an empty run, and when a test in a *.browser.test.ts file did not run: those skip where
// Chromium is absent (a user's laptop), but CI installs it, so a skip there is a test that
// silently stopped testing. Each such test is named on a line of its own.
import { readFileSync } from 'node:fs';

const reportPath = process.argv[2] ?? 'vitest.json';
const report = JSON.parse(readFileSync(reportPath, 'utf8'));
const browserFiles = report.testResults.filter((file) => file.name.endsWith('.browser.test.ts'));
const notRun = browserFiles.flatMap((file) =>
  file.assertionResults
    .filter((test) => test.status !== 'passed' && test.status !== 'failed')
    .map(
      (test) => `${file.name.replace(/^.*?\btest\//, 'test/')} > ${test.fullName} (${test.status})`,
    ),
);
for (const line of notRun) console.log(`browser test not run: ${line}`);
const browserTests = browserFiles.reduce((sum, file) => sum + file.assertionResults.length, 0);
if (browserTests === 0) console.log('browser tests: none in the report (*.browser.test.ts)');
console.log(`${report.numPassedTests} passed, ${report.numFailedTests} failed`);
const failed =
  report.numFailedTests > 0 ||
  report.numTotalTests === 0 ||
  report.success === false ||
  notRun.length > 0 ||
  browserTests === 0;
if (failed) process.exitCode = 1;
