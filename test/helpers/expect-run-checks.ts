/** Every run a test makes is also checked against Lamport's rules by the real checker. */
import { expect } from 'vitest';
import { checkRun } from '../../src/check/check-run.js';

export function expectRunChecksOk(runDir: string): void {
  const report = checkRun(runDir, { maxErrors: 5 });
  expect(report.violations, runDir).toEqual([]);
  expect(report.ok).toBe(true);
}
