/**
 * The `faults` case of the bench (issue 18: a run with every fault kind at once at >= 0.8x the
 * fault-free marginal rate), two measures, a fresh process per run:
 * - steady state (faults-steady-case.ts, the one the target is read from): the median slice's
 *   cost of an event once the JIT has settled, past 500 000 events, the two modes taking turns;
 * - the marginal rate of a short and a long run of each mode (faults-case.ts), as before.
 * On this VM two processes minutes apart can differ by up to 2x whatever they run (the same
 * faulted run took 199-320 ns an event with ASLR off, V8's seeds fixed and one thread, where a
 * register-only loop stayed within 3 %), so both need many rounds; figures are medians.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type FaultsCaseResult, faultsCaseScenario } from './faults-case.js';
import type { SteadyFaultsResult } from './faults-steady-case.js';
import { median, runCaseScript, timeCliRun } from './marginal.js';

export const faultsShortSec = 20_000;
/** 1.5 M events without faults (rates 1, 2, 6 Hz), a little more with them. */
export const faultsLongSec = 170_000;

export interface FaultsSummary {
  readonly rounds: number;
  readonly longEvents: number;
  readonly actions: number;
  readonly faultFreeEventsPerSec: number;
  readonly faultsEventsPerSec: number;
  /** faults / fault-free, wall: median of the rounds' ratios, and their range. */
  readonly ratio: number;
  readonly ratioMin: number;
  readonly ratioMax: number;
  /** The same over CPU time. */
  readonly cpuRatio: number;
}

function runCase(script: string, mode: 'faults' | 'fault-free', sec: number): FaultsCaseResult {
  return runCaseScript(script, [mode, String(sec)]);
}

function marginal(short: FaultsCaseResult, long: FaultsCaseResult, cpu: boolean): number {
  const extraSec = cpu ? long.cpuSec - short.cpuSec : long.wallSec - short.wallSec;
  if (!(extraSec > 0)) throw new Error('faults: the long run was not slower than the short one');
  return (long.events - short.events) / extraSec;
}

export function measureFaults(script: string, rounds: number): FaultsSummary {
  return measureWith(rounds, faultsShortSec, faultsLongSec, (mode, sec) =>
    runCase(script, mode, sec),
  );
}

/** Rounds of short and long runs of both modes, taking turns; `run` makes one run. */
function measureWith(
  rounds: number,
  shortSec: number,
  longSec: number,
  run: (mode: 'faults' | 'fault-free', sec: number) => FaultsCaseResult,
): FaultsSummary {
  const free: number[] = [];
  const faulted: number[] = [];
  const ratios: number[] = [];
  const cpuRatios: number[] = [];
  let last: FaultsCaseResult | null = null;
  for (let round = 0; round < rounds; round += 1) {
    const freeShort = run('fault-free', shortSec);
    const faultsShort = run('faults', shortSec);
    const freeLong = run('fault-free', longSec);
    const faultsLong = run('faults', longSec);
    const freeRate = marginal(freeShort, freeLong, false);
    const faultsRate = marginal(faultsShort, faultsLong, false);
    free.push(freeRate);
    faulted.push(faultsRate);
    ratios.push(faultsRate / freeRate);
    cpuRatios.push(marginal(faultsShort, faultsLong, true) / marginal(freeShort, freeLong, true));
    last = faultsLong;
  }
  if (last === null) throw new Error('faults: no rounds');
  return {
    rounds,
    longEvents: last.events,
    actions: last.actions,
    faultFreeEventsPerSec: median(free),
    faultsEventsPerSec: median(faulted),
    ratio: median(ratios),
    ratioMin: Math.min(...ratios),
    ratioMax: Math.max(...ratios),
    cpuRatio: median(cpuRatios),
  };
}

/** The steady-state measure (faults-steady-case.ts): a process per mode and round. */
export const faultsSteadySec = 600_000;
export const faultsSteadySliceEvents = 50_000;
export const faultsSteadyWarmEvents = 500_000;

export interface FaultsSteadySummary {
  readonly rounds: number;
  /** Events timed in the faulted run of a round (after its warm-up). */
  readonly faultsEvents: number;
  /** Medians over the rounds of each process's median slice. */
  readonly faultFreeNsPerEvent: number;
  readonly faultsNsPerEvent: number;
  /** The faulted rate over the fault-free one: the ratio of the two medians above. */
  readonly ratio: number;
  /** The rounds' own ratios (each round's pair of processes): their median and range. */
  readonly roundRatio: number;
  readonly roundRatioMin: number;
  readonly roundRatioMax: number;
}

function runSteady(script: string, mode: 'faults' | 'fault-free'): SteadyFaultsResult {
  const settings = [faultsSteadySec, faultsSteadySliceEvents, faultsSteadyWarmEvents];
  return runCaseScript(script, [mode, ...settings.map(String)]);
}

/** Rounds of a fault-free and a faulted process, which goes first alternating (ABBA). */
export function measureFaultsSteady(script: string, rounds: number): FaultsSteadySummary {
  const free: number[] = [];
  const faulted: number[] = [];
  let faultsEvents = 0;
  for (let round = 0; round < rounds; round += 1) {
    const order =
      round % 2 === 0 ? (['fault-free', 'faults'] as const) : (['faults', 'fault-free'] as const);
    for (const mode of order) {
      const result = runSteady(script, mode);
      if (mode === 'faults') {
        faulted.push(result.nsPerEvent);
        faultsEvents = result.events;
      } else free.push(result.nsPerEvent);
    }
  }
  const roundRatios = free.map((ns, round) => ns / (faulted[round] as number));
  return {
    rounds,
    faultsEvents,
    faultFreeNsPerEvent: median(free),
    faultsNsPerEvent: median(faulted),
    ratio: median(free) / median(faulted),
    roundRatio: median(roundRatios),
    roundRatioMin: Math.min(...roundRatios),
    roundRatioMax: Math.max(...roundRatios),
  };
}

/** The `faults-logs` case: the same runs through the CLI, with their logs, as a user runs them. */
export const faultsLogsShortSec = 20_000;
/** About 1 M events with faults (1.08 M without), ~45 MB of logs. */
export const faultsLogsLongSec = 120_000;

/** One `lamport-lab run` of the case's scenario file with its logs, timed from spawn to exit. */
function runCliCase(cli: string, mode: 'faults' | 'fault-free', sec: number): FaultsCaseResult {
  const dir = mkdtempSync(join(tmpdir(), 'lamport-faults-logs-'));
  try {
    const scenarioPath = join(dir, `${mode}.json`);
    writeFileSync(scenarioPath, `${JSON.stringify(faultsCaseScenario(mode, sec))}\n`);
    const args = [cli, 'run', scenarioPath, '--out', join(dir, 'run'), '--json'];
    return { mode, ...timeCliRun(args), actions: 0 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** As measureFaults, through the CLI with logs (`cli`: dist/src/cli.js). */
export function measureFaultsLogs(cli: string, rounds: number): FaultsSummary {
  return measureWith(rounds, faultsLogsShortSec, faultsLogsLongSec, (mode, sec) =>
    runCliCase(cli, mode, sec),
  );
}
