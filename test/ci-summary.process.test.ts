/**
 * .ci/test-summary.mjs, the last step of .ci/run, on planted vitest JSON reports: the plain
 * "N passed, N failed" line, and a failing exit when a browser test skipped (Chromium is
 * installed on CI, so a skip there means the test silently stopped testing) or none ran.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { packageRoot } from './helpers/cli-process.js';

const workDir = mkdtempSync(join(tmpdir(), 'lamport-ci-summary-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

type Status = 'passed' | 'failed' | 'skipped' | 'todo';

function plantedReport(files: Record<string, readonly Status[]>): string {
  const testResults = Object.entries(files).map(([name, statuses]) => ({
    name: join(packageRoot, name),
    status: statuses.includes('failed') ? 'failed' : 'passed',
    assertionResults: statuses.map((status, index) => ({
      fullName: `suite test ${index}`,
      status,
    })),
  }));
  const all = Object.values(files).flat();
  const count = (status: Status) => all.filter((each) => each === status).length;
  const report = {
    numTotalTests: all.length,
    numPassedTests: count('passed'),
    numFailedTests: count('failed'),
    success: count('failed') === 0,
    testResults,
  };
  const path = join(workDir, `report-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(path, JSON.stringify(report));
  return path;
}

function summarize(reportPath: string) {
  const result = spawnSync(
    process.execPath,
    [join(packageRoot, '.ci', 'test-summary.mjs'), reportPath],
    {
      encoding: 'utf8',
    },
  );
  return { status: result.status, lines: result.stdout.trimEnd().split('\n') };
}

describe('.ci/test-summary.mjs', () => {
  it('passes a green run with its browser tests run, and ends with the plain counts line', () => {
    const result = summarize(
      plantedReport({
        'test/core/a.test.ts': ['passed', 'skipped'],
        'test/src/view/view.browser.test.ts': ['passed', 'passed'],
      }),
    );
    expect(result).toEqual({ status: 0, lines: ['3 passed, 0 failed'] });
  });

  it('fails when a browser test skipped, naming each on a line of its own', () => {
    const result = summarize(
      plantedReport({
        'test/core/a.test.ts': ['passed'],
        'test/src/view/view.browser.test.ts': ['skipped', 'passed', 'todo'],
      }),
    );
    expect(result.status).toBe(1);
    expect(result.lines).toEqual([
      'browser test not run: test/src/view/view.browser.test.ts > suite test 0 (skipped)',
      'browser test not run: test/src/view/view.browser.test.ts > suite test 2 (todo)',
      '2 passed, 0 failed',
    ]);
  });

  it('fails when no browser test is in the report, and on any failed test', () => {
    const none = summarize(plantedReport({ 'test/core/a.test.ts': ['passed'] }));
    expect(none.status).toBe(1);
    expect(none.lines.at(-1)).toBe('1 passed, 0 failed');
    const failed = summarize(
      plantedReport({ 'test/src/analysis/report.browser.test.ts': ['passed', 'failed'] }),
    );
    expect(failed).toEqual({ status: 1, lines: ['1 passed, 1 failed'] });
  });
});
