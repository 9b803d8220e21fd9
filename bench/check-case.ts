/**
 * `check` of one run directory, in its own process so that its peak RSS is its own. Prints one
 * JSON line: rows checked, wall seconds (the check only, not start-up), rows per second, peak
 * RSS, and whether the run checked OK (a bench of a check that fails would measure nothing).
 *
 * Usage: node dist/bench/check-case.js <runDir>
 */
import { performance } from 'node:perf_hooks';
import { checkRun } from '../src/check/check-run.js';

export interface CheckCaseResult {
  readonly rows: number;
  readonly wallSec: number;
  readonly rowsPerSec: number;
  readonly peakRssMb: number;
  readonly ok: boolean;
  /** Messages sent and never received at the end: the queue the check had to hold. */
  readonly notReceived: number;
}

const [runDir] = process.argv.slice(2);
if (runDir === undefined) throw new Error('check-case: expected a run directory');
const startMs = performance.now();
const report = checkRun(runDir, { maxErrors: 20 });
const wallSec = (performance.now() - startMs) / 1000;
const result: CheckCaseResult = {
  rows: report.events,
  wallSec,
  rowsPerSec: report.events / wallSec,
  peakRssMb: process.resourceUsage().maxRSS / 1024,
  ok: report.ok,
  notReceived: report.messages.notReceived,
};
process.stdout.write(`${JSON.stringify(result)}\n`);
