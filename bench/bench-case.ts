/**
 * One benchmark case, run in its own process so that its peak RSS is its own. Prints one JSON
 * line: events, wall seconds (the run only, not start-up), events per second, peak RSS, and a
 * fingerprint of the end state (final clocks and queue lengths) so the bench can check that the
 * project and the reference loop did the same work.
 *
 * Usage: node dist/bench/bench-case.js <project|reference> <scenario> <durationSec> <logs|no-logs> [machines]
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { executeRun } from '../src/run.js';
import { loadScenario } from '../src/scenario-load.js';
import { resolveScenario, toRunConfig } from '../src/scenario-resolve.js';
import { runReferenceLoop } from './reference-loop.js';

export interface CaseResult {
  readonly events: number;
  readonly wallSec: number;
  readonly eventsPerSec: number;
  readonly peakRssMb: number;
  /** Messages waiting in queues at the end, all machines together. */
  readonly queuedMessages: number;
  /** Message copies sent (a broadcast to k peers is k copies). */
  readonly copies: number;
  /** sha256 of the final clocks and queue lengths, in machine id order. */
  readonly endState: string;
}

const [
  engine = 'project',
  scenarioName = 'default',
  durationText = '100000',
  logsMode = 'no-logs',
  machinesText,
] = process.argv.slice(2);
const loaded = loadScenario(scenarioName, {
  values: {
    durationSec: Number(durationText),
    ...(machinesText === undefined ? {} : { machines: Number(machinesText) }),
  },
  flags: {},
});
const scenario = resolveScenario(loaded, loaded.file.seed ?? 1);

function fingerprint(clocks: readonly number[], queueLengths: readonly number[]): string {
  return createHash('sha256')
    .update(JSON.stringify({ clocks, queueLengths }))
    .digest('hex')
    .slice(0, 16);
}

function report(
  events: number,
  copies: number,
  wallSec: number,
  clocks: readonly number[],
  queues: readonly number[],
): void {
  const result: CaseResult = {
    events,
    copies,
    wallSec,
    eventsPerSec: events / wallSec,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    queuedMessages: queues.reduce((total, length) => total + length, 0),
    endState: fingerprint(clocks, queues),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

if (engine === 'reference') {
  const config = toRunConfig(scenario);
  const startMs = performance.now();
  const result = runReferenceLoop(config);
  const wallSec = (performance.now() - startMs) / 1000;
  report(result.events, result.copies, wallSec, result.clocks, result.queueLengths);
} else {
  const outDir = logsMode === 'logs' ? mkdtempSync(join(tmpdir(), 'lamport-bench-')) : null;
  try {
    const startMs = performance.now();
    const { manifest } = await executeRun({ scenario, outDir, force: true });
    const wallSec = (performance.now() - startMs) / 1000;
    report(
      manifest.events,
      manifest.messages.sent,
      wallSec,
      manifest.machines.map((machine) => machine.finalClock),
      manifest.machines.map((machine) => machine.queuedAtEnd),
    );
  } finally {
    if (outDir !== null) rmSync(outDir, { recursive: true, force: true });
  }
}
