/**
 * One benchmark case, run in its own process so that its peak RSS is its own. Prints one JSON
 * line: events, wall seconds (the run only, not start-up), events per second, peak RSS, and a
 * fingerprint of the end state (final clocks and queue lengths) so the bench can check that the
 * project and the reference loop did the same work.
 *
 * Cold (the default): the run is the process's first, so V8's JIT warm-up is part of its time,
 * as a user of `run` sees it. Warm (`warmUpRuns` > 0): the same run is made that many times
 * first, untimed, then `timedRuns` times; the wall time is the median of the timed ones. That is
 * the simulator's steady cost per event, the figure that a long run or a sweep's worker reaches.
 * Every run of a process must end in the same state, or the case fails.
 *
 * Usage: node dist/bench/bench-case.js <project|reference|minimal> <scenario> <durationSec>
 *   <logs|no-logs> [machines|-] [warmUpRuns] [timedRuns] [ratesHz|-]
 *
 * `minimal` is the minimal loop (minimal-loop.ts): the same ticks, its own die, so only its
 * event count is comparable (its end state is reported as "-"). `ratesHz` (like 1,2,6) replaces
 * the scenario's rates, as `run --rates` does.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { executeRun } from '../src/run/virtual-run.js';
import { loadScenario } from '../src/scenario/load.js';
import { resolveScenario, toRunConfig } from '../src/scenario/resolve.js';
import { runMinimalLoop } from './minimal-loop.js';
import { runReferenceLoop } from './reference-loop.js';

export interface CaseResult {
  readonly events: number;
  readonly wallSec: number;
  /** CPU time of the minimal loop's run (this thread); NaN for the other engines. */
  readonly cpuSec: number;
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
  machinesText = '-',
  warmUpText = '0',
  timedText = '1',
  ratesText = '-',
] = process.argv.slice(2);
const warmUpRuns = Number(warmUpText);
const timedRuns = Number(timedText);
if (!Number.isSafeInteger(warmUpRuns) || warmUpRuns < 0) {
  throw new Error(`bench-case: warmUpRuns must be a natural number, got "${warmUpText}"`);
}
if (!Number.isSafeInteger(timedRuns) || timedRuns < 1) {
  throw new Error(`bench-case: timedRuns must be at least 1, got "${timedText}"`);
}
const loaded = loadScenario(scenarioName, {
  values: {
    durationSec: Number(durationText),
    ...(machinesText === '-' ? {} : { machines: Number(machinesText) }),
    ...(ratesText === '-' ? {} : { rates: ratesText.split(',').map(Number) }),
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

/** What one run did: the fingerprinted end state, and its wall time. */
interface RunOutcome {
  readonly events: number;
  readonly copies: number;
  readonly wallSec: number;
  readonly clocks: readonly number[];
  readonly queues: readonly number[];
}

function runReference(): RunOutcome {
  const config = toRunConfig(scenario);
  const startMs = performance.now();
  const result = runReferenceLoop(config);
  const wallSec = (performance.now() - startMs) / 1000;
  return {
    events: result.events,
    copies: result.copies,
    wallSec,
    clocks: result.clocks,
    queues: result.queueLengths,
  };
}

/** The minimal loop's CPU time (of the last run); the marginal rates put it beside the CLI's. */
let minimalCpuSec = Number.NaN;

function runMinimal(): RunOutcome {
  const config = toRunConfig(scenario);
  const startCpu = process.cpuUsage();
  const startMs = performance.now();
  const result = runMinimalLoop(config);
  const wallSec = (performance.now() - startMs) / 1000;
  const cpu = process.cpuUsage(startCpu);
  minimalCpuSec = (cpu.user + cpu.system) / 1e6;
  return { events: result.events, copies: result.copies, wallSec, clocks: [], queues: [] };
}

async function runProject(): Promise<RunOutcome> {
  const outDir = logsMode === 'logs' ? mkdtempSync(join(tmpdir(), 'lamport-bench-')) : null;
  try {
    const startMs = performance.now();
    const { manifest } = await executeRun({ scenario, outDir, force: true });
    const wallSec = (performance.now() - startMs) / 1000;
    return {
      events: manifest.events,
      copies: manifest.messages.sent,
      wallSec,
      clocks: manifest.machines.map((machine) => machine.finalClock),
      queues: manifest.machines.map((machine) => machine.queuedAtEnd),
    };
  } finally {
    if (outDir !== null) rmSync(outDir, { recursive: true, force: true });
  }
}

const outcomes: RunOutcome[] = [];
for (let run = 0; run < warmUpRuns + timedRuns; run += 1) {
  outcomes.push(
    engine === 'reference'
      ? runReference()
      : engine === 'minimal'
        ? runMinimal()
        : await runProject(),
  );
}
const states = new Set(outcomes.map((outcome) => fingerprint(outcome.clocks, outcome.queues)));
if (states.size !== 1) throw new Error('runs of one process ended in different states');
const [endState] = states;
const timed = outcomes.slice(warmUpRuns).map((outcome) => outcome.wallSec);
timed.sort((a, b) => a - b);
const wallSec = timed[Math.floor(timed.length / 2)] as number;
const last = outcomes[outcomes.length - 1] as RunOutcome;
const result: CaseResult = {
  events: last.events,
  copies: last.copies,
  wallSec,
  cpuSec: minimalCpuSec,
  eventsPerSec: last.events / wallSec,
  peakRssMb: process.resourceUsage().maxRSS / 1024,
  queuedMessages: last.queues.reduce((total, length) => total + length, 0),
  endState: engine === 'minimal' ? '-' : (endState as string),
};
process.stdout.write(`${JSON.stringify(result)}\n`);
