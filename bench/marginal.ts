/**
 * Marginal throughput: what one more event costs once a run is going, as a user runs it. The
 * CLI is run as a fresh process (`node dist/src/cli.js run ...`) for a short and a long model
 * time; the extra events divided by the extra wall time leave out everything both runs pay
 * alike — Node's start-up, module loading, the scenario, the manifest — and JIT warm-up, which
 * is over long before the short run ends. The minimal loop (minimal-loop.ts), in fresh
 * processes too and timed around its loop, gives the same difference, so the ratio of the two
 * carries across machines and across the load of a shared one.
 *
 * Rounds are interleaved (CLI short, minimal short, CLI long, minimal long), so a machine that
 * speeds up or slows down over the minutes of the bench weighs on both; figures are medians of
 * the rounds' rates.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { CaseResult } from './bench-case.js';

export interface MarginalCase {
  readonly id: string;
  readonly title: string;
  /** Rates in Hz, as `run --rates` takes them. */
  readonly ratesHz: readonly number[];
  readonly shortSec: number;
  readonly longSec: number;
  readonly logs: boolean;
}

/** One run: its events and its wall time (the whole process for the CLI, the loop for minimal). */
export interface TimedRun {
  readonly events: number;
  readonly wallSec: number;
  /**
   * CPU time: of the CLI process, every thread; of the minimal loop, its loop (NaN where
   * unknown). On a loaded machine wall time also counts the time other processes held the
   * cores; the CPU time's marginal rates are the check that a change of the wall figure is not
   * just the load.
   */
  readonly cpuSec: number;
}

export interface MarginalRound {
  readonly cliShort: TimedRun;
  readonly cliLong: TimedRun;
  readonly minimalShort: TimedRun;
  readonly minimalLong: TimedRun;
}

export interface MarginalSummary {
  readonly title: string;
  readonly rounds: number;
  readonly shortEvents: number;
  readonly longEvents: number;
  /** events / process wall time of the short and the long CLI run (start-up included): median. */
  readonly coldShortEventsPerSec: number;
  readonly coldLongEventsPerSec: number;
  /** (long - short events) / (long - short wall): median over rounds, and its range. */
  readonly marginalEventsPerSec: number;
  readonly marginalMin: number;
  readonly marginalMax: number;
  readonly minimalEventsPerSec: number;
  /** The same differences over CPU time instead of wall time (NaN where unknown): medians. */
  readonly marginalCpuEventsPerSec: number;
  readonly minimalCpuEventsPerSec: number;
  /** marginalCpuEventsPerSec / minimalCpuEventsPerSec. */
  readonly cpuRatio: number;
  /** Median of the CLI's marginal rate over the minimal loop's. */
  readonly ratio: number;
  /** Range of the rounds' own ratios. */
  readonly ratioMin: number;
  readonly ratioMax: number;
}

/**
 * Runs a bench script (`node <script> <args>`) in a fresh process and parses the JSON line it
 * prints last: every case script prints its result so.
 */
export function runCaseScript<T>(script: string, args: readonly string[]): T {
  const output = execFileSync(process.execPath, [script, ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  return JSON.parse(output.trim().split('\n').pop() ?? '') as T;
}

/** Extra events per extra second between a short and a long run. */
export function marginalRate(short: TimedRun, long: TimedRun): number {
  if (!(long.events > short.events)) {
    throw new Error(`the long run must make more events (${long.events} <= ${short.events})`);
  }
  const extraSec = long.wallSec - short.wallSec;
  // A long run that took no longer than the short one measures noise, not a rate.
  if (Number.isNaN(extraSec)) return Number.NaN;
  if (!(extraSec > 0)) throw new Error('the long run was not slower than the short one');
  return (long.events - short.events) / extraSec;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

export function summarizeMarginal(
  marginalCase: MarginalCase,
  rounds: readonly MarginalRound[],
): MarginalSummary {
  const first = rounds[0];
  if (first === undefined) throw new Error('no rounds to summarize');
  const cli = rounds.map((round) => marginalRate(round.cliShort, round.cliLong));
  const minimal = rounds.map((round) => marginalRate(round.minimalShort, round.minimalLong));
  const ratios = cli.map((rate, index) => rate / (minimal[index] as number));
  const marginalEventsPerSec = median(cli);
  const overCpu = (short: TimedRun, long: TimedRun): number =>
    marginalRate({ ...short, wallSec: short.cpuSec }, { ...long, wallSec: long.cpuSec });
  const medianOrNaN = (values: readonly number[]): number =>
    values.some(Number.isNaN) ? Number.NaN : median(values);
  const cliCpu = medianOrNaN(rounds.map((round) => overCpu(round.cliShort, round.cliLong)));
  const minimalCpu = medianOrNaN(
    rounds.map((round) => overCpu(round.minimalShort, round.minimalLong)),
  );
  const minimalEventsPerSec = median(minimal);
  return {
    title: marginalCase.title,
    rounds: rounds.length,
    shortEvents: first.cliShort.events,
    longEvents: first.cliLong.events,
    coldShortEventsPerSec: median(rounds.map((r) => r.cliShort.events / r.cliShort.wallSec)),
    coldLongEventsPerSec: median(rounds.map((r) => r.cliLong.events / r.cliLong.wallSec)),
    marginalEventsPerSec,
    marginalMin: Math.min(...cli),
    marginalMax: Math.max(...cli),
    minimalEventsPerSec,
    marginalCpuEventsPerSec: cliCpu,
    minimalCpuEventsPerSec: minimalCpu,
    cpuRatio: cliCpu / minimalCpu,
    ratio: marginalEventsPerSec / minimalEventsPerSec,
    ratioMin: Math.min(...ratios),
    ratioMax: Math.max(...ratios),
  };
}

export interface MarginalPaths {
  /** dist/src/cli.js */
  readonly cli: string;
  /** dist/bench/bench-case.js */
  readonly benchCase: string;
}

/** Clock ticks per second of /proc's times (USER_HZ: 100 on every Linux Node runs on). */
const procTicksPerSec = 100;

/**
 * CPU seconds of this process's children that have ended (Linux: cutime + cstime of
 * /proc/self/stat); NaN elsewhere. Read before and after a child, it gives that child's.
 */
function endedChildrenCpuSec(): number {
  if (!existsSync('/proc/self/stat')) return Number.NaN;
  const stat = readFileSync('/proc/self/stat', 'utf8');
  // Fields after the command name, which is in brackets and may hold spaces: state is the 3rd.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[13]) + Number(fields[14])) / procTicksPerSec;
}

/** The CLI as a user runs it, in a fresh process, timed from spawn to exit. */
function runCli(paths: MarginalPaths, marginalCase: MarginalCase, durationSec: number): TimedRun {
  const outDir = marginalCase.logs ? mkdtempSync(join(tmpdir(), 'lamport-marginal-')) : null;
  const args = [
    paths.cli,
    'run',
    '--rates',
    marginalCase.ratesHz.join(','),
    '--duration',
    String(durationSec),
    '--json',
    ...(outDir === null ? ['--no-logs'] : ['--out', outDir, '--force']),
  ];
  try {
    return timeCliRun(args);
  } finally {
    if (outDir !== null) rmSync(outDir, { recursive: true, force: true });
  }
}

/**
 * `node <args>` (a `lamport-lab run ... --json`) in a fresh process, timed from spawn to exit:
 * its events (from the JSON), wall time and CPU time.
 */
export function timeCliRun(args: readonly string[]): TimedRun {
  const cpuBeforeSec = endedChildrenCpuSec();
  const startMs = performance.now();
  const output = execFileSync(process.execPath, args, {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const wallSec = (performance.now() - startMs) / 1000;
  const cpuSec = endedChildrenCpuSec() - cpuBeforeSec;
  const { events } = JSON.parse(output) as { events: number };
  return { events, wallSec, cpuSec };
}

/** The minimal loop in a fresh process, timed around its loop. */
function runMinimal(
  paths: MarginalPaths,
  marginalCase: MarginalCase,
  durationSec: number,
): TimedRun {
  const args = [
    paths.benchCase,
    'minimal',
    'default',
    String(durationSec),
    'no-logs',
    '-',
    '0',
    '1',
    marginalCase.ratesHz.join(','),
  ];
  const result = runCaseScript<CaseResult>(args[0] as string, args.slice(1));
  return { events: result.events, wallSec: result.wallSec, cpuSec: result.cpuSec };
}

/** Runs `rounds` interleaved rounds; the CLI and the minimal loop must count the same events. */
export function measureMarginal(
  paths: MarginalPaths,
  marginalCase: MarginalCase,
  rounds: number,
): MarginalRound[] {
  const measured: MarginalRound[] = [];
  for (let round = 0; round < rounds; round += 1) {
    const cliShort = runCli(paths, marginalCase, marginalCase.shortSec);
    const minimalShort = runMinimal(paths, marginalCase, marginalCase.shortSec);
    const cliLong = runCli(paths, marginalCase, marginalCase.longSec);
    const minimalLong = runMinimal(paths, marginalCase, marginalCase.longSec);
    if (cliShort.events !== minimalShort.events || cliLong.events !== minimalLong.events) {
      throw new Error(`${marginalCase.id}: the minimal loop made another number of events`);
    }
    measured.push({ cliShort, cliLong, minimalShort, minimalLong });
  }
  return measured;
}
