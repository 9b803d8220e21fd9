/**
 * The `faults` case of the bench (issue 18: a run with every fault kind at once at >= 0.8x the
 * fault-free marginal rate), two measures:
 * - interleaved (faults-interleaved-case.ts, the one the target is read from): both runs in
 *   one process, slice by slice, past 1 M events of steady state each; a round per process;
 * - fresh processes: the marginal rate of a short and a long run of each mode (faults-case.ts),
 *   the modes taking turns. It is what a user's `run` sees, start-up aside, but on this VM two
 *   processes minutes apart differ by up to 2x whatever they run, so its ratio swings widely.
 * Figures are medians of the rounds; CPU-time rates beside the wall ones for the second.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type FaultsCaseResult, faultsCaseScenario } from './faults-case.js';
import type { InterleavedFaultsResult } from './faults-interleaved-case.js';
import { median, timeCliRun } from './marginal.js';

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
  const output = execFileSync(process.execPath, [script, mode, String(sec)], { encoding: 'utf8' });
  return JSON.parse(output.trim().split('\n').pop() ?? '') as FaultsCaseResult;
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

/** The interleaved measure (faults-interleaved-case.ts): one process per round. */
export const faultsInterleavedSec = 600_000;
export const faultsInterleavedSliceEvents = 50_000;
export const faultsInterleavedWarmEvents = 500_000;

export interface FaultsInterleavedSummary {
  readonly rounds: number;
  /** Events the faulted run made in the counted slices of one round (the median round's). */
  readonly faultsEvents: number;
  readonly faultFreeNsPerEvent: number;
  readonly faultsNsPerEvent: number;
  /** The faulted rate over the fault-free one: median of the rounds' ratios, and their range. */
  readonly ratio: number;
  readonly ratioMin: number;
  readonly ratioMax: number;
}

export function measureFaultsInterleaved(script: string, rounds: number): FaultsInterleavedSummary {
  const results: InterleavedFaultsResult[] = [];
  for (let round = 0; round < rounds; round += 1) {
    const output = execFileSync(
      process.execPath,
      [
        script,
        String(faultsInterleavedSec),
        String(faultsInterleavedSliceEvents),
        String(faultsInterleavedWarmEvents),
      ],
      { encoding: 'utf8' },
    );
    results.push(JSON.parse(output.trim().split('\n').pop() ?? '') as InterleavedFaultsResult);
  }
  const ratios = results.map((result) => result.ratio);
  return {
    rounds,
    faultsEvents: median(results.map((result) => result.faultsEvents)),
    faultFreeNsPerEvent: median(results.map((result) => result.faultFreeNsPerEvent)),
    faultsNsPerEvent: median(results.map((result) => result.faultsNsPerEvent)),
    ratio: median(ratios),
    ratioMin: Math.min(...ratios),
    ratioMax: Math.max(...ratios),
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
