/**
 * `npm run bench`: speed and memory of the simulator. Every case runs in a fresh process (so its
 * peak RSS is its own and JIT warm-up is counted, as a user sees it), several times; figures are
 * medians. Prints a table, checks the issue-7 targets, compares with the previous
 * bench/results.json (flagging any figure more than 10 % worse), then writes the new one.
 *
 * Beside each simulator figure is the same work done by the reference loop (reference-loop.ts):
 * project / reference is the figure that carries across machines. The two must end in the same
 * state (clocks and queues), or the bench stops: a ratio of different work means nothing.
 *
 * Marginal rates (marginal.ts): the CLI as a user runs it, a short and a long run in fresh
 * processes, extra events over extra wall time, against the minimal loop (minimal-loop.ts).
 *
 * Environment: BENCH_REPETITIONS (default: 9 for the short cases, 5 for the long ones and 5 per
 * sweep, 10 for start-up), BENCH_ONLY (comma-separated case ids; `startup` is the start-up
 * of the CLI over bare node).
 * These are benchmark targets, not tests: compare runs made on the same, otherwise idle machine.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderTable } from '../src/common/text-table.js';
import type { CaseResult } from './bench-case.js';
import type { CheckCaseResult } from './check-case.js';
import { type ExploreSummary, exploreTable, measureExplore } from './explore-bench.js';
import {
  type FaultsSteadySummary,
  type FaultsSummary,
  measureFaults,
  measureFaultsSteady,
  measureFaultsLogs,
} from './faults-bench.js';
import {
  type MarginalCase,
  type MarginalSummary,
  measureMarginal,
  summarizeMarginal,
} from './marginal.js';
import type { StartupCommand, StartupResult } from './startup-case.js';
import {
  chromiumPath,
  measureView,
  type ViewCaseResult,
  viewTable,
  viewTargets,
} from './view-bench.js';

interface SimCase {
  readonly id: string;
  readonly title: string;
  readonly scenario: string;
  readonly durationSec: number;
  readonly machines?: number;
  readonly logs: boolean;
  /** Also run the reference loop on the same scenario. */
  readonly reference: boolean;
  /**
   * Also measure it warm (see bench-case.ts): the same run repeated in one process after
   * untimed ones. Only short cases: in a long one the warm-up is already a small share.
   */
  readonly warm: boolean;
  /** About how many events it makes: short cases are repeated more (see repetitionsFor). */
  readonly expectedEvents: number;
}

interface SweepResult {
  readonly mode: string;
  readonly durationSec: number;
  readonly workers: number;
  readonly runs: number;
  readonly events: number;
  /** The 200 runs once the workers are up and warm. */
  readonly wallSec: number;
  /** CPU time of every thread over those runs: cpuSec / wallSec is the cores kept busy. */
  readonly cpuSec: number;
  /** The whole sweep, thread start-up and warm-up included. */
  readonly wallWithStartSec: number;
  readonly runsPerSec: number;
  readonly eventsPerSec: number;
  readonly peakRssMb: number;
}

/** One figure of results.json; `better` says which way is an improvement. */
interface Figure {
  readonly id: string;
  readonly label: string;
  readonly value: number;
  readonly unit: string;
  readonly better: 'higher' | 'lower';
}

const here = dirname(fileURLToPath(import.meta.url));
const resultsPath = join(here, '..', '..', 'bench', 'results.json');
const repetitionsAsked =
  process.env.BENCH_REPETITIONS === undefined ? null : Number(process.env.BENCH_REPETITIONS);
/**
 * A short case's speed depends on which calls V8 happened to inline in that process (spread
 * +-25 % between identical runs), so short cases get more runs; each long one costs seconds.
 */
const repetitionsFor = (expectedEvents: number): number =>
  repetitionsAsked ?? (expectedEvents < 5e6 ? 9 : 5);
const repetitions = repetitionsAsked ?? 5;
const only = process.env.BENCH_ONLY?.split(',') ?? null;
const wanted = (id: string): boolean => only === null || only.includes(id);
/** The scale scenarios (rates drawn per machine, uniform 1..6 Hz in mHz steps) live beside the bench. */
const benchScenario = (file: string): string => join(here, '..', '..', 'bench', 'scenarios', file);

const simCases: readonly SimCase[] = [
  {
    id: 'default',
    warm: true,
    expectedEvents: 1_000_000,
    title: 'default (3 machines), 100 000 s, no logs',
    scenario: 'default',
    durationSec: 100_000,
    logs: false,
    reference: true,
  },
  {
    id: 'default-logs',
    warm: true,
    expectedEvents: 1_000_000,
    title: 'default (3 machines), 100 000 s, CSV logs',
    scenario: 'default',
    durationSec: 100_000,
    logs: true,
    reference: false,
  },
  // The default's 1 Hz machine backs up forever: 10x the model time, 10x the queued messages.
  {
    id: 'default-1m',
    warm: false,
    expectedEvents: 10_000_000,
    title: 'default (3 machines), 1 000 000 s, no logs',
    scenario: 'default',
    durationSec: 1_000_000,
    logs: false,
    reference: false,
  },
  // A1 (three machines at 6 Hz) has no growing queue: peak RSS must not grow with the duration.
  {
    id: 'A1-10k',
    warm: false,
    expectedEvents: 180_000,
    title: 'A1, 10 000 s',
    scenario: 'A1',
    durationSec: 10_000,
    logs: false,
    reference: false,
  },
  {
    id: 'A1-100k',
    warm: true,
    expectedEvents: 1_800_000,
    title: 'A1, 100 000 s',
    scenario: 'A1',
    durationSec: 100_000,
    logs: false,
    reference: true,
  },
  // And 10x again: the step from 10 000 s to 100 000 s holds one-time growth (compiled code, the
  // heap sizing itself to the run); from 100 000 s on, a run without a growing queue stays flat.
  {
    id: 'A1-1m',
    warm: false,
    expectedEvents: 18_000_000,
    title: 'A1, 1 000 000 s',
    scenario: 'A1',
    durationSec: 1_000_000,
    logs: false,
    reference: false,
  },
  {
    id: 'machines-100',
    warm: true,
    expectedEvents: 1_200_000,
    title: '100 machines, 3 600 s',
    scenario: benchScenario('machines-100.json'),
    durationSec: 3600,
    logs: false,
    reference: true,
  },
  {
    id: 'machines-1000',
    warm: false,
    expectedEvents: 12_500_000,
    title: '1 000 machines, 3 600 s',
    scenario: benchScenario('machines-1000.json'),
    durationSec: 3600,
    logs: false,
    reference: true,
  },
  {
    id: 'machines-10000',
    warm: false,
    expectedEvents: 2_100_000,
    title: '10 000 machines, 60 s',
    scenario: benchScenario('machines-10000.json'),
    durationSec: 60,
    logs: false,
    reference: true,
  },
];

/**
 * Rates 1, 2, 6 Hz (the 1 Hz machine backs up for ever, so receives, sends and internal events
 * all stay in the mix). The logged case is shorter: its long run writes ~190 MB of CSV.
 */
const marginalCases: readonly MarginalCase[] = [
  {
    id: 'marginal',
    title: 'CLI rates 1,2,6, no logs, 100 000 s vs 3 000 000 s',
    ratesHz: [1, 2, 6],
    shortSec: 100_000,
    longSec: 3_000_000,
    logs: false,
  },
  {
    id: 'marginal-logs',
    title: 'CLI rates 1,2,6, CSV logs, 100 000 s vs 600 000 s',
    ratesHz: [1, 2, 6],
    shortSec: 100_000,
    longSec: 600_000,
    logs: true,
  },
];

/**
 * Bad settings stop the bench before it runs or writes anything: a misspelt BENCH_ONLY used to
 * run nothing and rewrite results.json, and a BENCH_REPETITIONS that is not a number crashed
 * after minutes of work.
 */
function refuse(message: string): never {
  process.stderr.write(`bench: ${message}\n`);
  process.exit(2);
}
if (
  repetitionsAsked !== null &&
  !(Number.isSafeInteger(repetitionsAsked) && repetitionsAsked >= 1)
) {
  refuse(`BENCH_REPETITIONS must be a whole number >= 1, got "${process.env.BENCH_REPETITIONS}"`);
}
const knownIds = [
  ...simCases.map((simCase) => simCase.id),
  ...marginalCases.map((marginalCase) => marginalCase.id),
  'sweep',
  'tcp',
  'check',
  'startup',
  'faults',
  'faults-logs',
  'explore',
  'view',
];
// The bench takes its settings from the environment; an argument is most likely a wish for
// help, and running minutes of cases instead would be the wrong answer.
const benchArguments = process.argv.slice(2);
if (benchArguments.length === 1 && ['--help', '-h'].includes(benchArguments[0] as string)) {
  process.stdout.write(`Usage: npm run bench   (node dist/bench/run-bench.js)

Measures speed and memory, prints the figures, the issue-7 targets and a comparison with the
previous bench/results.json, then writes the new one. explore's 3 rounds alone take ~9
minutes; run it on an otherwise idle machine. Settings come from the environment:
  BENCH_ONLY=<ids>          comma-separated cases to run (the others keep their previous figures)
  BENCH_REPETITIONS=<n>     processes per case (default: 9 short, 5 long, 5 per sweep, 3 for check,
                            10 for startup, 5 rounds of the marginal cases, at most 3 of faults-logs,
                            3 rounds of explore, each ~3 minutes)

Case ids: ${knownIds.join(', ')}

Examples:
  $ npm run bench
  $ BENCH_ONLY=default,default-logs npm run bench
  $ BENCH_ONLY=sweep BENCH_REPETITIONS=3 npm run bench
  $ BENCH_ONLY=marginal,marginal-logs npm run bench
  $ BENCH_ONLY=startup npm run bench
  $ BENCH_ONLY=faults,faults-logs npm run bench
  $ BENCH_ONLY=explore npm run bench
  $ BENCH_ONLY=view npm run bench       (the viewer in Chromium: /usr/bin/chromium)
`);
  process.exit(0);
}
if (benchArguments.length > 0) {
  refuse(
    `expected no arguments (settings are BENCH_ONLY and BENCH_REPETITIONS; see --help), got ${benchArguments.join(' ')}`,
  );
}
const unknownIds = (only ?? []).filter((id) => !knownIds.includes(id));
if (unknownIds.length > 0) {
  refuse(
    `BENCH_ONLY: unknown case ${unknownIds.map((id) => `"${id}"`).join(', ')}; known: ${knownIds.join(', ')}`,
  );
}

function node(script: string, args: readonly string[]): string {
  const output = execFileSync(process.execPath, [join(here, script), ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  return output.trim().split('\n').pop() ?? '';
}

/** Warm measurements: untimed runs first, then timed ones, in each of a few processes. */
const warmUpRuns = 3;
const warmTimedRuns = 3;
const warmProcesses = 3;

function runSimCase(
  simCase: SimCase,
  engine: 'project' | 'reference',
  temperature: 'cold' | 'warm' = 'cold',
): CaseResult {
  const args = [
    engine,
    simCase.scenario,
    String(simCase.durationSec),
    simCase.logs ? 'logs' : 'no-logs',
    simCase.machines === undefined ? '-' : String(simCase.machines),
  ];
  if (temperature === 'warm') args.push(String(warmUpRuns), String(warmTimedRuns));
  return JSON.parse(node('bench-case.js', args)) as CaseResult;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

interface SimSummary {
  readonly events: number;
  readonly copies: number;
  readonly queuedMessages: number;
  readonly eventsPerSec: number;
  readonly eventsPerSecMin: number;
  readonly eventsPerSecMax: number;
  readonly wallSec: number;
  /** Wall time per event: the cost that may grow with N only by the tick heap's log factor. */
  readonly nsPerEvent: number;
  /** Wall time per event and per message copy together (a broadcast is N-1 copies). */
  readonly nsPerOperation: number;
  readonly peakRssMb: number;
  readonly endState: string;
  /** How many fresh processes the medians are over. */
  readonly repetitions: number;
}

function summarize(runs: readonly CaseResult[]): SimSummary {
  const first = runs[0] as CaseResult;
  for (const run of runs) {
    if (run.endState !== first.endState) throw new Error('a benchmark case is not deterministic');
  }
  const rates = runs.map((run) => run.eventsPerSec);
  const wallSec = median(runs.map((run) => run.wallSec));
  return {
    events: first.events,
    copies: first.copies,
    queuedMessages: first.queuedMessages,
    eventsPerSec: median(rates),
    eventsPerSecMin: Math.min(...rates),
    eventsPerSecMax: Math.max(...rates),
    wallSec,
    nsPerEvent: (wallSec * 1e9) / first.events,
    nsPerOperation: (wallSec * 1e9) / (first.events + first.copies),
    peakRssMb: median(runs.map((run) => run.peakRssMb)),
    endState: first.endState,
    repetitions: runs.length,
  };
}

const millions = (value: number): string => `${(value / 1e6).toFixed(2)} M`;

const project = new Map<string, SimSummary>();
const reference = new Map<string, SimSummary>();
/** The warm measurements of the cases that have them, by case id. */
const projectWarm = new Map<string, SimSummary>();
const referenceWarm = new Map<string, SimSummary>();
const rows: string[][] = [];
for (const simCase of simCases) {
  if (!wanted(simCase.id)) continue;
  // The project and the reference take turns, so the ratio does not depend on the machine
  // drifting between a block of one and a block of the other.
  const projectRuns: CaseResult[] = [];
  const referenceRuns: CaseResult[] = [];
  for (let run = 0; run < repetitionsFor(simCase.expectedEvents); run += 1) {
    projectRuns.push(runSimCase(simCase, 'project'));
    if (simCase.reference) referenceRuns.push(runSimCase(simCase, 'reference'));
  }
  const mine = summarize(projectRuns);
  project.set(simCase.id, mine);
  let theirs: SimSummary | undefined;
  if (simCase.reference) {
    theirs = summarize(referenceRuns);
    if (theirs.endState !== mine.endState || theirs.events !== mine.events) {
      throw new Error(`${simCase.id}: the reference loop did different work (end state differs)`);
    }
    reference.set(simCase.id, theirs);
  }
  rows.push([
    simCase.title,
    String(mine.events),
    millions(mine.eventsPerSec),
    `${millions(mine.eventsPerSecMin)}-${millions(mine.eventsPerSecMax)}`,
    mine.nsPerEvent.toFixed(0),
    theirs === undefined ? '' : millions(theirs.eventsPerSec),
    ratioText(projectRuns, referenceRuns, mine, theirs),
    mine.peakRssMb.toFixed(0),
  ]);
  if (simCase.warm) {
    const warm = measureWarm(simCase, mine);
    rows.push([
      `${simCase.title}, warm`,
      String(warm.mine.events),
      millions(warm.mine.eventsPerSec),
      `${millions(warm.mine.eventsPerSecMin)}-${millions(warm.mine.eventsPerSecMax)}`,
      warm.mine.nsPerEvent.toFixed(0),
      warm.theirs === undefined ? '' : millions(warm.theirs.eventsPerSec),
      ratioText(warm.mineRuns, warm.theirRuns, warm.mine, warm.theirs),
      '',
    ]);
  }
  process.stderr.write(`done: ${simCase.title}\n`);
}

/**
 * The case measured warm, project and reference taking turns like the cold runs. Peak RSS is
 * not kept: several runs in one process say nothing about one run's memory.
 */
function measureWarm(
  simCase: SimCase,
  cold: SimSummary,
): {
  mine: SimSummary;
  theirs: SimSummary | undefined;
  mineRuns: CaseResult[];
  theirRuns: CaseResult[];
} {
  const projectRuns: CaseResult[] = [];
  const referenceRuns: CaseResult[] = [];
  for (let run = 0; run < warmProcesses; run += 1) {
    projectRuns.push(runSimCase(simCase, 'project', 'warm'));
    if (simCase.reference) referenceRuns.push(runSimCase(simCase, 'reference', 'warm'));
  }
  const mine = summarize(projectRuns);
  if (mine.endState !== cold.endState) {
    throw new Error(`${simCase.id}: a warm run ended in another state than a cold one`);
  }
  projectWarm.set(simCase.id, mine);
  const runs = { mineRuns: projectRuns, theirRuns: referenceRuns };
  if (!simCase.reference) return { mine, theirs: undefined, ...runs };
  const theirs = summarize(referenceRuns);
  if (theirs.endState !== mine.endState) {
    throw new Error(`${simCase.id}: the warm reference loop did different work`);
  }
  referenceWarm.set(simCase.id, theirs);
  return { mine, theirs, ...runs };
}

/**
 * The ratio of the medians (the figure the targets use) and, in brackets, the range of the
 * ratios of single turns (a project run and the reference run right after it): how far one
 * pair of runs on this VM can be from that figure.
 */
function ratioText(
  mineRuns: readonly CaseResult[],
  theirRuns: readonly CaseResult[],
  mine: SimSummary,
  theirs: SimSummary | undefined,
): string {
  if (theirs === undefined) return '';
  const turns = mineRuns.map(
    (run, index) => run.eventsPerSec / (theirRuns[index] as CaseResult).eventsPerSec,
  );
  const ratio = mine.eventsPerSec / theirs.eventsPerSec;
  return `${ratio.toFixed(2)} (${Math.min(...turns).toFixed(2)}-${Math.max(...turns).toFixed(2)})`;
}
if (rows.length > 0) {
  process.stdout.write(
    `${renderTable(
      [
        'case',
        'events',
        'events/s',
        'min-max',
        'ns/event',
        'reference',
        'ratio (turns)',
        'peak RSS MB',
      ],
      rows,
    )}\n\n`,
  );
}

// Marginal rates: the CLI in fresh processes, a short and a long run, against the minimal loop.
const marginals = new Map<string, MarginalSummary & { readonly loadAverage: number[] }>();
const marginalPaths = {
  cli: join(here, '..', 'src', 'cli.js'),
  benchCase: join(here, 'bench-case.js'),
};
for (const marginalCase of marginalCases) {
  if (!wanted(marginalCase.id)) continue;
  // The 1-minute load average before and after: on a shared machine it says how far the wall
  // figures are from a quiet machine's (the ratios and the CPU figures move much less).
  const loadBefore = loadavg()[0] as number;
  const rounds = measureMarginal(marginalPaths, marginalCase, repetitions);
  marginals.set(marginalCase.id, {
    ...summarizeMarginal(marginalCase, rounds),
    loadAverage: [loadBefore, loadavg()[0] as number],
  });
  process.stderr.write(`done: ${marginalCase.title}\n`);
}
if (marginals.size > 0) {
  process.stdout.write(
    `${renderTable(
      [
        'marginal case',
        'events short/long',
        'cold short',
        'cold long',
        'marginal events/s',
        'min-max',
        'minimal loop',
        'ratio (rounds)',
        'per CPU s: CLI / minimal = ratio',
      ],
      [...marginals.values()].map((summary) => [
        summary.title,
        `${millions(summary.shortEvents)}/${millions(summary.longEvents)}`,
        millions(summary.coldShortEventsPerSec),
        millions(summary.coldLongEventsPerSec),
        millions(summary.marginalEventsPerSec),
        `${millions(summary.marginalMin)}-${millions(summary.marginalMax)}`,
        millions(summary.minimalEventsPerSec),
        `${summary.ratio.toFixed(2)} (${summary.ratioMin.toFixed(2)}-${summary.ratioMax.toFixed(2)})`,
        `${millions(summary.marginalCpuEventsPerSec)} / ${millions(summary.minimalCpuEventsPerSec)} = ${summary.cpuRatio.toFixed(2)}`,
      ]),
    )}\n`,
  );
  process.stdout.write(
    `cold: events / wall time of the whole CLI process; marginal: extra events / extra wall time, long run minus short (start-up cancels); minimal loop: minimal-loop.ts, same ticks, marginal too; per CPU s: the same over CPU time instead of wall time (the CLI's every thread; less swayed by the load of a shared machine); medians of ${repetitions} interleaved rounds; load average (1 min) before/after each case: ${[
      ...marginals.values(),
    ]
      .map((summary) => summary.loadAverage.map((load) => load.toFixed(1)).join('/'))
      .join(', ')} on ${availableParallelism()} cores\n\n`,
  );
}

// Sweeps: the same 200 runs on one worker and on every core.
const cores = availableParallelism();
/** Sweep results keyed `<mode>-<workers>`. */
const sweeps = new Map<string, SweepResult>();
const sweepModes = [
  // What `experiments --sweep` does per run: simulate with CSV logs, analyse, chart.
  { mode: 'experiments', durationSec: 600 },
  // The simulator alone, one model hour per run.
  { mode: 'simulate', durationSec: 3600 },
] as const;
if (wanted('sweep')) {
  const workerCounts = [1, cores];
  for (const { mode, durationSec } of sweepModes) {
    // One worker and every core take turns, so a machine that slows down over the minutes of
    // the bench (a shared VM does) weighs on both alike.
    const runs = new Map<number, SweepResult[]>(workerCounts.map((workers) => [workers, []]));
    for (let repetition = 0; repetition < repetitions; repetition += 1) {
      for (const workers of workerCounts) {
        runs
          .get(workers)
          ?.push(
            JSON.parse(
              node('sweep-case.js', [mode, String(workers), '200', String(durationSec)]),
            ) as SweepResult,
          );
      }
    }
    for (const workers of workerCounts) {
      // The run with the median wall time (an odd count of runs has one).
      const sorted = [...(runs.get(workers) ?? [])].sort((a, b) => a.wallSec - b.wallSec);
      sweeps.set(`${mode}-${workers}`, sorted[Math.floor(sorted.length / 2)] as SweepResult);
    }
    process.stderr.write(`done: ${mode} sweep on 1 and ${cores} worker(s)\n`);
  }
  const sweepRows = [...sweeps.values()].map((sweep) => [
    `${sweep.mode} sweep, ${sweep.runs} runs of ${sweep.durationSec} s, ${sweep.workers} worker(s)`,
    sweep.wallSec.toFixed(2),
    (sweep.cpuSec / sweep.wallSec).toFixed(2),
    sweep.wallWithStartSec.toFixed(2),
    sweep.runsPerSec.toFixed(1),
    millions(sweep.eventsPerSec),
    sweep.peakRssMb.toFixed(0),
  ]);
  process.stdout.write(
    `${renderTable(
      ['case', 'wall s (warm)', 'cores busy', 'with start-up', 'runs/s', 'events/s', 'peak RSS MB'],
      sweepRows,
    )}\n\n`,
  );
}

// `check` of a long run whose queue grows without end (issue 16): 10 M rows, 2.2 M messages
// queued at the end. Its memory must stay bounded by what is queued (a few tens of bytes a
// message), not grow with the rows. The run is made once, then checked in fresh processes.
let checkCase: (CheckCaseResult & { repetitions: number }) | null = null;
if (wanted('check')) {
  const runDir = mkdtempSync(join(tmpdir(), 'lamport-bench-check-'));
  try {
    execFileSync(
      process.execPath,
      [
        join(here, '..', 'src', 'cli.js'),
        'run',
        benchScenario('check-backlog.json'),
        '--out',
        runDir,
        '--force',
        '--quiet',
      ],
      { stdio: 'ignore' },
    );
    const runs: CheckCaseResult[] = [];
    for (let run = 0; run < (repetitionsAsked ?? 3); run += 1) {
      const result = JSON.parse(node('check-case.js', [runDir])) as CheckCaseResult;
      if (!result.ok) throw new Error('check-10m: the generated run does not check OK');
      runs.push(result);
    }
    const first = runs[0] as CheckCaseResult;
    const wallSec = median(runs.map((run) => run.wallSec));
    checkCase = {
      rows: first.rows,
      notReceived: first.notReceived,
      ok: true,
      wallSec,
      rowsPerSec: first.rows / wallSec,
      peakRssMb: median(runs.map((run) => run.peakRssMb)),
      repetitions: runs.length,
    };
  } finally {
    rmSync(runDir, { recursive: true, force: true });
  }
  process.stdout.write(
    `${renderTable(
      ['case', 'rows', 'queued at end', 'wall s', 'rows/s', 'peak RSS MB'],
      [
        [
          'check of a 10 M-row run, queue growing without end',
          String(checkCase.rows),
          String(checkCase.notReceived),
          checkCase.wallSec.toFixed(2),
          millions(checkCase.rowsPerSec),
          checkCase.peakRssMb.toFixed(0),
        ],
      ],
    )}\n\n`,
  );
  process.stderr.write('done: check of a 10 M-row run\n');
}

// The TCP launcher: 32 machine processes on this host.
let tcp: Record<string, number | boolean> | null = null;
if (wanted('tcp') && existsSync(join(here, 'tcp-case.js'))) {
  tcp = JSON.parse(node('tcp-case.js', ['32'])) as Record<string, number | boolean>;
  process.stdout.write(`tcp, 32 machine processes: ${JSON.stringify(tcp)}\n\n`);
}

// Start-up over bare node (issue 17): --help, --version and the smallest run (ten events), as a
// user runs them (package.json's bin), in fresh processes taking turns with `node -e 0`.
let startup: StartupResult | null = null;
const startupLabels: Record<StartupCommand, string> = {
  help: 'lamport-lab --help',
  version: 'lamport-lab --version',
  run: 'lamport-lab run --duration 1 --no-logs',
};
if (wanted('startup')) {
  startup = JSON.parse(node('startup-case.js', [String(repetitionsAsked ?? 10)])) as StartupResult;
  const [cli] = startup.clis;
  if (cli === undefined) throw new Error('startup-case: no result');
  const startupRows = (Object.keys(startupLabels) as StartupCommand[]).map((name) => [
    startupLabels[name],
    cli.medianMs[name].toFixed(0),
    (startup as StartupResult).bareMs.toFixed(0),
    cli.overBareMs[name].toFixed(0),
    cli.cpuOverBareMs?.[name].toFixed(0) ?? '',
  ]);
  process.stdout.write(
    `${renderTable(
      [
        'start-up over bare node',
        'median ms',
        'node -e 0 ms',
        'over bare node ms',
        'CPU over bare ms',
      ],
      startupRows,
    )}\n(wall: medians of ${startup.repetitions} fresh processes each; CPU: their mean, all threads, less load-bound)\n\n`,
  );
  process.stderr.write('done: start-up over bare node\n');
}

// Faults (issue 18): every fault kind at once against no faults, marginal rates (faults-bench.ts):
// the driver alone (`faults`), and the CLI with its logs as a user runs it (`faults-logs`).
type FaultsFigures = FaultsSummary & { readonly loadAverage: number[] };
function measureFaultsCase(id: string, measure: () => FaultsSummary): FaultsFigures | null {
  if (!wanted(id)) return null;
  const loadBefore = loadavg()[0] as number;
  const summary = measure();
  return { ...summary, loadAverage: [loadBefore, loadavg()[0] as number] };
}
const faultsLoadBefore = loadavg()[0] as number;
const faultsSteady: FaultsSteadySummary | null = wanted('faults')
  ? measureFaultsSteady(join(here, 'faults-steady-case.js'), repetitions)
  : null;
const faultsSteadyLoad = [faultsLoadBefore, loadavg()[0] as number];
const faults = measureFaultsCase('faults', () =>
  measureFaults(join(here, 'faults-case.js'), repetitions),
);
const faultsLogs = measureFaultsCase('faults-logs', () =>
  measureFaultsLogs(marginalPaths.cli, Math.min(repetitions, 3)),
);
const faultsRows = [
  ['driver only (as `run --no-logs`)', faults] as const,
  ['CLI with CSV logs and faults.csv', faultsLogs] as const,
].flatMap(([how, figures]) =>
  figures === null
    ? []
    : [
        [
          `rates 1,2,6, every fault kind vs none, ${how}`,
          `${millions(figures.longEvents)} events${figures.actions > 0 ? `, ${figures.actions} actions` : ''}`,
          millions(figures.faultFreeEventsPerSec),
          millions(figures.faultsEventsPerSec),
          `${figures.ratio.toFixed(2)} (${figures.ratioMin.toFixed(2)}-${figures.ratioMax.toFixed(2)})`,
          figures.cpuRatio.toFixed(2),
          figures.loadAverage.map((load) => load.toFixed(1)).join(' -> '),
        ],
      ],
);
if (faultsRows.length > 0) {
  const rounds = [faults, faultsLogs].flatMap((f) => (f === null ? [] : [f.rounds])).join(' / ');
  process.stdout.write(
    `${renderTable(
      [
        'faults case',
        'long run',
        'fault-free',
        'every kind',
        'ratio (rounds)',
        'CPU ratio',
        'load',
      ],
      faultsRows,
    )}\n(marginal events/s, medians of ${rounds} rounds, fresh processes; the target is read from the steady-state measure below)\n\n`,
  );
}
if (faultsSteady !== null) {
  const f = faultsSteady;
  process.stdout.write(
    `${renderTable(
      ['faults case, steady state', 'fault-free', 'every kind', 'ratio', 'rounds', 'load'],
      [
        [
          `rates 1,2,6, every kind vs none, ${millions(f.faultsEvents)} events timed a run`,
          `${f.faultFreeNsPerEvent.toFixed(0)} ns/event`,
          `${f.faultsNsPerEvent.toFixed(0)} ns/event`,
          f.ratio.toFixed(2),
          `${f.roundRatio.toFixed(2)} (${f.roundRatioMin.toFixed(2)}-${f.roundRatioMax.toFixed(2)})`,
          faultsSteadyLoad.map((load) => load.toFixed(1)).join(' -> '),
        ],
      ],
    )}\n(median 50 000-event slice past the first 500 000, a process per run; ratio of the medians of ${f.rounds} rounds, and the rounds' own; target: ratio >= 0.8)\n\n`,
  );
}
if (faultsRows.length > 0 || faultsSteady !== null) process.stderr.write('done: faults\n');

// Explore (issue 19): runs/s of an exploration on one worker and on two, and the scaling, once
// settled and over a whole `explore --time 60`; 3 rounds by default, each ~3 minutes.
let explore: ExploreSummary | null = null;
if (wanted('explore')) {
  explore = measureExplore(join(here, 'explore-case.js'), repetitionsAsked ?? 3);
  process.stdout.write(`${exploreTable(explore)}\n\n`);
  process.stderr.write('done: explore\n');
}

// The viewer (issue 20): view.html of a 100 000- and a 1 000 000-event run in Chromium.
let view: ViewCaseResult | null = null;
if (wanted('view') && !existsSync(chromiumPath)) {
  // A full bench on a machine without a browser still measures the rest.
  process.stdout.write(
    `view: skipped: no Chromium at ${chromiumPath} (apt-get install chromium)\n\n`,
  );
} else if (wanted('view')) {
  view = measureView(join(here, 'view-case.js'), repetitions);
  process.stdout.write(`${viewTable(view)}\n\n`);
  process.stderr.write('done: view\n');
}

// Figures: what results.json keeps and the next bench compares against.
const figures: Figure[] = [];
if (view !== null) {
  figures.push(
    {
      id: 'view.openSec',
      label: 'viewer: open a 100 000-event view.html',
      value: view.run100k.openMsMedian / 1000,
      unit: 's',
      better: 'lower',
    },
    {
      id: 'view.framesPerSec',
      label: 'viewer: pan/zoom frames/s, slowest phase',
      value: view.framesPerSecMin,
      unit: 'frames/s',
      better: 'higher',
    },
    {
      id: 'view.htmlMb',
      label: 'viewer: view.html of 100 000 events',
      value: view.run100k.htmlBytes / 1e6,
      unit: 'MB',
      better: 'lower',
    },
    {
      id: 'view.open1mSec',
      label: 'viewer: open a 1 000 000-event view.html',
      value: view.run1m.openMsMedian / 1000,
      unit: 's',
      better: 'lower',
    },
  );
}
if (explore !== null) {
  figures.push(
    {
      id: 'explore.runsPerSec.1',
      label: 'explore runs/s, 1 worker, settled',
      value: explore.settled.one.runsPerSec,
      unit: 'runs/s',
      better: 'higher',
    },
    {
      id: 'explore.scaling',
      label: 'explore runs/s, 2 workers / 1, settled',
      value: explore.settled.scaling,
      unit: '×',
      better: 'higher',
    },
    {
      id: 'explore.time.scaling',
      label: 'explore --time 60 runs, 2 workers / 1',
      value: explore.time.scaling,
      unit: '×',
      better: 'higher',
    },
  );
}
if (faultsSteady !== null) {
  figures.push({
    id: 'faults.steady.ratio',
    label: 'every fault kind / fault-free, steady state',
    value: faultsSteady.ratio,
    unit: '×',
    better: 'higher',
  });
}
if (faults !== null) {
  figures.push({
    id: 'faults.ratio',
    label: 'every fault kind / fault-free, marginal',
    value: faults.ratio,
    unit: '×',
    better: 'higher',
  });
}
if (faultsLogs !== null) {
  figures.push({
    id: 'faults-logs.ratio',
    label: 'every fault kind / fault-free, marginal, CLI with logs',
    value: faultsLogs.ratio,
    unit: '×',
    better: 'higher',
  });
}
for (const [name, overBareMs] of Object.entries(startup?.clis[0]?.overBareMs ?? {})) {
  figures.push({
    id: `startup.${name}.overBareMs`,
    label: `start-up of ${startupLabels[name as StartupCommand]} over bare node`,
    value: overBareMs,
    unit: 'ms',
    better: 'lower',
  });
}
/** A case's speed and, when the reference ran, its ratio: `${key}.eventsPerSec`, `${key}.ratio`. */
function pushSpeedFigures(key: string, summary: SimSummary, theirs: SimSummary | undefined): void {
  figures.push({
    id: `${key}.eventsPerSec`,
    label: `${key} events/s`,
    value: summary.eventsPerSec,
    unit: 'events/s',
    better: 'higher',
  });
  if (theirs === undefined) return;
  figures.push({
    id: `${key}.ratio`,
    label: `${key} project/reference`,
    value: summary.eventsPerSec / theirs.eventsPerSec,
    unit: '×',
    better: 'higher',
  });
}
for (const [id, summary] of project) {
  pushSpeedFigures(id, summary, reference.get(id));
  figures.push({
    id: `${id}.peakRssMb`,
    label: `${id} peak RSS`,
    value: summary.peakRssMb,
    unit: 'MB',
    better: 'lower',
  });
}
for (const [id, summary] of projectWarm) {
  pushSpeedFigures(`${id}.warm`, summary, referenceWarm.get(id));
}
for (const [key, sweep] of sweeps) {
  figures.push({
    id: `sweep-${key}.runsPerSec`,
    label: `${sweep.mode} sweep on ${sweep.workers} worker(s) runs/s`,
    value: sweep.runsPerSec,
    unit: 'runs/s',
    better: 'higher',
  });
}

for (const [id, summary] of marginals) {
  figures.push(
    {
      id: `${id}.eventsPerSec`,
      label: `${id} marginal events/s`,
      value: summary.marginalEventsPerSec,
      unit: 'events/s',
      better: 'higher',
    },
    {
      id: `${id}.minimalEventsPerSec`,
      label: `${id} minimal loop events/s`,
      value: summary.minimalEventsPerSec,
      unit: 'events/s',
      better: 'higher',
    },
    {
      id: `${id}.ratio`,
      label: `${id} marginal / minimal loop`,
      value: summary.ratio,
      unit: '×',
      better: 'higher',
    },
    {
      id: `${id}.cpuRatio`,
      label: `${id} marginal / minimal loop, per CPU second`,
      value: summary.cpuRatio,
      unit: '×',
      better: 'higher',
    },
  );
}

if (checkCase !== null) {
  figures.push(
    {
      id: 'check-10m.rowsPerSec',
      label: 'check-10m rows/s',
      value: checkCase.rowsPerSec,
      // A speed like the simulator's: judged after dividing out the machine's own change.
      unit: 'events/s',
      better: 'higher',
    },
    {
      id: 'check-10m.peakRssMb',
      label: 'check-10m peak RSS',
      value: checkCase.peakRssMb,
      unit: 'MB',
      better: 'lower',
    },
  );
}

// Derived memory figures.
const memoryLines: string[] = [];
const a1Short = project.get('A1-10k');
const a1Long = project.get('A1-100k');
if (a1Short !== undefined && a1Long !== undefined) {
  const growth = a1Long.peakRssMb / a1Short.peakRssMb - 1;
  memoryLines.push(
    `A1 (no growing queue), 10x the model time: peak RSS ${a1Short.peakRssMb.toFixed(0)} -> ${a1Long.peakRssMb.toFixed(0)} MB (${(100 * growth).toFixed(1)} %)`,
  );
  figures.push({
    id: 'A1.rssGrowth10x',
    label: 'A1 RSS growth at 10x time',
    value: growth,
    unit: 'fraction',
    better: 'lower',
  });
}
const a1Longest = project.get('A1-1m');
if (a1Long !== undefined && a1Longest !== undefined) {
  const growth = a1Longest.peakRssMb / a1Long.peakRssMb - 1;
  memoryLines.push(
    `A1, 10x again (100 000 -> 1 000 000 s): peak RSS ${a1Long.peakRssMb.toFixed(0)} -> ${a1Longest.peakRssMb.toFixed(0)} MB (${(100 * growth).toFixed(1)} %)`,
  );
  figures.push({
    id: 'A1.rssGrowth100x',
    label: 'A1 RSS growth from 10x to 100x time',
    value: growth,
    unit: 'fraction',
    better: 'lower',
  });
}
const defaultShort = project.get('default');
const defaultLong = project.get('default-1m');
let bytesPerQueued: number | null = null;
if (defaultShort !== undefined && defaultLong !== undefined) {
  const extraMessages = defaultLong.queuedMessages - defaultShort.queuedMessages;
  bytesPerQueued =
    ((defaultLong.peakRssMb - defaultShort.peakRssMb) * 1024 * 1024) / Math.max(1, extraMessages);
  memoryLines.push(
    `default (machine 2 backs up), 10x the model time: +${extraMessages} queued messages, peak RSS ${defaultShort.peakRssMb.toFixed(0)} -> ${defaultLong.peakRssMb.toFixed(0)} MB: ${bytesPerQueued.toFixed(0)} bytes per queued message (a queue slot is 24 bytes; rings double)`,
  );
}
const logged = project.get('default-logs');
const unlogged = project.get('default');
if (logged !== undefined && unlogged !== undefined) {
  memoryLines.push(
    `CSV logging's share of a logged run (default, 100 000 s): ${(100 * (1 - unlogged.wallSec / logged.wallSec)).toFixed(0)} % of its wall time`,
  );
}
// Per-event cost against the machine count: it may grow with the tick heap's depth (log2 N),
// nothing faster. A broadcast is one event and, in the simulator, one entry in the shared
// broadcast log, whatever N. The reference loop copies each broadcast into N-1 queues, so its
// cost per event grows with N; per event or copy is shown for both, for comparison.
const scaleCases = [
  ['machines-100', 100],
  ['machines-1000', 1000],
  ['machines-10000', 10_000],
] as const;
const scaled = scaleCases.flatMap(([id, machines]) => {
  const summary = project.get(id);
  const theirs = reference.get(id);
  return summary === undefined
    ? []
    : [
        {
          machines,
          nsPerEvent: summary.nsPerEvent,
          nsPerOperation: summary.nsPerOperation,
          referenceNsPerEvent: theirs?.nsPerEvent ?? Number.NaN,
          referenceNsPerOperation: theirs?.nsPerOperation ?? Number.NaN,
        },
      ];
});
let scaleGrowth: { measured: number; allowed: number } | null = null;
const smallest = scaled[0];
const largest = scaled[scaled.length - 1];
if (smallest !== undefined && largest !== undefined && largest !== smallest) {
  scaleGrowth = {
    measured: largest.nsPerEvent / smallest.nsPerEvent,
    allowed: Math.log2(largest.machines) / Math.log2(smallest.machines),
  };
  const growth = (ns: (point: (typeof scaled)[number]) => number): string =>
    `x${(ns(largest) / ns(smallest)).toFixed(2)}`;
  const perPoint = (
    ours: (point: (typeof scaled)[number]) => number,
    theirs: (point: (typeof scaled)[number]) => number,
  ): string =>
    scaled
      .map(
        (point) =>
          `${point.machines} machines ${ours(point).toFixed(0)} ns (reference ${theirs(point).toFixed(0)} ns)`,
      )
      .join(', ');
  memoryLines.push(
    `cost per event: ${perPoint(
      (point) => point.nsPerEvent,
      (point) => point.referenceNsPerEvent,
    )}; ${largest.machines} vs ${smallest.machines}: ${growth((point) => point.nsPerEvent)}, reference loop ${growth((point) => point.referenceNsPerEvent)}, log2 N x${scaleGrowth.allowed.toFixed(2)}`,
    `cost per event or message copy: ${perPoint(
      (point) => point.nsPerOperation,
      (point) => point.referenceNsPerOperation,
    )}; ${largest.machines} vs ${smallest.machines}: ${growth((point) => point.nsPerOperation)}, reference loop ${growth((point) => point.referenceNsPerOperation)}`,
  );
}
if (memoryLines.length > 0) process.stdout.write(`${memoryLines.join('\n')}\n\n`);

// Targets of issue 7 (this 2-core machine).
interface Target {
  readonly label: string;
  readonly value: number | undefined;
  readonly goal: number;
  /** Met when the value is at most the goal (a growth), rather than at least (a speed). */
  readonly atMost?: boolean;
  readonly text: string;
}
const ratioOf = (id: string, temperature: 'cold' | 'warm' = 'cold'): number | undefined => {
  const mine = (temperature === 'cold' ? project : projectWarm).get(id);
  const theirs = (temperature === 'cold' ? reference : referenceWarm).get(id);
  return mine === undefined || theirs === undefined
    ? undefined
    : mine.eventsPerSec / theirs.eventsPerSec;
};
const sweepSpeedup = (mode: string): number | undefined => {
  const one = sweeps.get(`${mode}-1`);
  const all = sweeps.get(`${mode}-${cores}`);
  return one === undefined || all === undefined || cores === 1
    ? undefined
    : all.runsPerSec / one.runsPerSec;
};
/** Whether `value` meets the target: at most its goal for a growth, at least it for a speed. */
function meets(target: Target, value: number): boolean {
  return target.atMost === true ? value <= target.goal : value >= target.goal;
}

/**
 * A target's value as printed: two decimals (or millions), more where rounding would land on the
 * other side of the goal (0.4997 against 0.5 shows as 0.4997, not as a missed 0.50).
 */
function shownAgainst(value: number, target: Target): string {
  const scale = value >= 1000 ? 1e6 : 1;
  const suffix = scale === 1 ? '' : ' M';
  for (const decimals of [2, 4, 6]) {
    const shown = (value / scale).toFixed(decimals);
    if (meets(target, Number(shown) * scale) === meets(target, value)) return `${shown}${suffix}`;
  }
  return `${value}`;
}
const startupOver = (name: StartupCommand): number | undefined =>
  startup?.clis[0]?.overBareMs[name];
const targets: Target[] = [
  {
    label: 'start-up over bare node: run --duration 1 --no-logs',
    value: startupOver('run'),
    goal: 100,
    atMost: true,
    text: '<= 100 ms',
  },
  {
    label: 'start-up over bare node: --help',
    value: startupOver('help'),
    goal: 60,
    atMost: true,
    text: '<= 60 ms',
  },
  {
    label: 'start-up over bare node: --version',
    value: startupOver('version'),
    goal: 60,
    atMost: true,
    text: '<= 60 ms',
  },
  {
    label: '3 machines, no logs',
    value: project.get('default')?.eventsPerSec,
    goal: 10e6,
    text: '>= 10 M events/s',
  },
  {
    label: '3 machines, no logs',
    value: ratioOf('default'),
    goal: 0.5,
    text: '>= 0.5 x reference',
  },
  {
    label: '3 machines, no logs, warm',
    value: projectWarm.get('default')?.eventsPerSec,
    goal: 10e6,
    text: '>= 10 M events/s',
  },
  {
    label: '3 machines, no logs, warm',
    value: ratioOf('default', 'warm'),
    goal: 0.5,
    text: '>= 0.5 x reference',
  },
  {
    label: '3 machines, CSV logs',
    value: project.get('default-logs')?.eventsPerSec,
    goal: 2e6,
    text: '>= 2 M events/s',
  },
  {
    label: '3 machines, CSV logs, warm',
    value: projectWarm.get('default-logs')?.eventsPerSec,
    goal: 2e6,
    text: '>= 2 M events/s',
  },
  {
    label: 'CLI marginal, 3 machines, no logs',
    value: marginals.get('marginal')?.ratio,
    goal: 0.37,
    text: '>= 0.37 x minimal loop (before issue 17)',
  },
  {
    label: 'CLI marginal, 3 machines, no logs',
    value: marginals.get('marginal')?.ratio,
    goal: 0.5,
    text: '>= 0.5 x minimal loop (aim)',
  },
  {
    label: 'CLI marginal, 3 machines, no logs, per CPU second',
    value: marginals.get('marginal')?.cpuRatio,
    goal: 0.5,
    text: '>= 0.5 x minimal loop (aim)',
  },
  {
    label: 'CLI marginal, 3 machines, CSV logs',
    value: marginals.get('marginal-logs')?.marginalEventsPerSec,
    goal: 2.5e6,
    text: '>= 2.5 M events/s (before issue 17)',
  },
  // The same floor against the minimal loop (2.5 M of its ~37 M on a quiet machine), which
  // holds on a loaded machine too, where the absolute figure cannot.
  {
    label: 'CLI marginal, 3 machines, CSV logs',
    value: marginals.get('marginal-logs')?.ratio,
    goal: 0.068,
    text: '>= 0.068 x minimal loop (2.5 of 37 M)',
  },
  {
    label: '1 000 machines',
    value: project.get('machines-1000')?.eventsPerSec,
    goal: 3e6,
    text: '>= 3 M events/s',
  },
  {
    label: '10 000 vs 100 machines, per-event cost growth / log2 N growth',
    value: scaleGrowth === null ? undefined : scaleGrowth.measured / scaleGrowth.allowed,
    goal: 1,
    atMost: true,
    text: '<= 1 (cost grows <= log factor)',
  },
  {
    label: 'check of a 10 M-row run with a growing queue, rows/s',
    value: checkCase?.rowsPerSec,
    goal: 1e6,
    text: '>= 1 M rows/s',
  },
  {
    label: 'check of a 10 M-row run with a growing queue, peak RSS MB',
    value: checkCase?.peakRssMb,
    goal: 1024,
    atMost: true,
    text: '<= 1024 MB',
  },
  ...sweepModes.map(({ mode }) => ({
    label: `${mode} sweep, ${cores} workers vs 1`,
    value: sweepSpeedup(mode),
    goal: Math.min(1.8, 0.9 * cores),
    text: `>= ${Math.min(1.8, 0.9 * cores).toFixed(1)} x`,
  })),
  ...viewTargets(view),
];
const targetRows = targets
  .filter((target) => target.value !== undefined)
  .map((target) => {
    const value = target.value as number;
    return [
      target.label,
      target.text,
      shownAgainst(value, target),
      meets(target, value) ? 'met' : 'MISSED',
    ];
  });
if (targetRows.length > 0) {
  process.stdout.write(
    `${renderTable(['target', 'goal', 'measured (median)', 'verdict'], targetRows)}\n\n`,
  );
}

// Compare with the previous results.json: flag any figure more than 10 % worse. On a shared VM
// the same build runs 20-30 % faster or slower from one hour to the next, which alone would
// flag every speed figure. So speeds are also compared after dividing out the machine's own
// change, measured by the reference loop: it is the same code in both benches, so its speed
// ratio now / then is the machine's (the median over the cases that ran it both times, cold).
// A speed is flagged when it is more than 10 % worse after that adjustment, or, when no
// reference ran, more than 10 % worse as measured. Ratios and memory are compared as they are.
// Read once: the comparison and the partial bench's kept sections both come from it.
const previousDocument = readPreviousDocument();
const previous = new Map(
  (previousDocument.figures ?? []).map((figure) => [figure.id, figure] as const),
);
const previousCases = previousDocument.cases ?? {};
const machineFactors = [...reference].flatMap(([id, theirs]) => {
  const before = (previousCases[id] as { reference?: SimSummary } | undefined)?.reference;
  return before === undefined || !(before.eventsPerSec > 0)
    ? []
    : [theirs.eventsPerSec / before.eventsPerSec];
});
const machineSpeed = machineFactors.length === 0 ? null : median(machineFactors);
if (machineSpeed !== null) {
  process.stdout.write(
    `this machine runs the reference loop ${machineSpeed.toFixed(2)}x as fast as in the previous bench (median of ${machineFactors.length} case(s)); speeds are judged after dividing that out\n`,
  );
}
/** How much a fraction figure (all of them are 'lower is better') may rise before it is worse. */
const fractionWorseBy = 0.05;
const isSpeed = (figure: Figure): boolean => figure.unit === 'events/s' || figure.unit === 'runs/s';
const percent = (change: number): string =>
  `${change >= 0 ? '+' : ''}${(100 * change).toFixed(1)} %`;
const comparisonRows: string[][] = [];
let worse = 0;
for (const figure of figures) {
  const before = previous.get(figure.id)?.value;
  const isFraction = figure.unit === 'fraction';
  if (before === undefined || (before === 0 && !isFraction)) continue;
  const change = figure.value / before - 1;
  const adjusted =
    isSpeed(figure) && machineSpeed !== null ? figure.value / machineSpeed / before - 1 : null;
  const judged = adjusted ?? change;
  // A fraction near zero (RSS growth) has no useful relative change: 0.068 -> 0.080 would be
  // "17 % worse". It is judged by how much it rose: more than 0.05 (five points) is worse.
  const isWorse = isFraction
    ? figure.value - before > fractionWorseBy
    : figure.better === 'higher'
      ? judged < -0.1
      : judged > 0.1;
  if (isWorse) worse += 1;
  comparisonRows.push([
    figure.label,
    before.toPrecision(4),
    figure.value.toPrecision(4),
    isFraction
      ? `${figure.value >= before ? '+' : ''}${(100 * (figure.value - before)).toFixed(1)} points`
      : percent(change),
    adjusted === null ? '' : percent(adjusted),
    isWorse ? (isFraction ? 'WORSE (> 5 points)' : 'WORSE (> 10 %)') : '',
  ]);
}
if (previous.size === 0) {
  process.stdout.write('no previous bench/results.json figures to compare with\n');
}
if (comparisonRows.length > 0) {
  process.stdout.write(
    `${renderTable(
      ['figure', 'previous', 'now', 'change', "for the machine's speed", ''],
      comparisonRows,
    )}\n`,
  );
  process.stdout.write(
    worse === 0
      ? 'no figure is worse than the previous bench/results.json by more than 10 % (5 points for a fraction)\n'
      : `${worse} figure(s) worse than the previous bench/results.json by more than 10 % (5 points for a fraction)\n`,
  );
}

// A partial bench (BENCH_ONLY) keeps everything previous of what it did not run: figures,
// case details, sweeps, the memory figure and the TCP case.
const measured = new Set(figures.map((figure) => figure.id));
const kept = [...previous.values()].filter((figure) => !measured.has(figure.id));
const document = {
  node: process.version,
  cores,
  repetitions: repetitionsAsked ?? 'per case: 9 below 5 M events, 5 above, 5 per sweep',
  figures: [...figures, ...kept].map(({ id, label, value, unit, better }) => ({
    id,
    label,
    value,
    unit,
    better,
  })),
  cases: {
    ...previousDocument.cases,
    ...Object.fromEntries(
      [...project].map(([id, summary]) => [
        id,
        {
          project: summary,
          reference: reference.get(id),
          projectWarm: projectWarm.get(id),
          referenceWarm: referenceWarm.get(id),
        },
      ]),
    ),
  },
  sweeps: { ...previousDocument.sweeps, ...Object.fromEntries(sweeps) },
  marginal: { ...previousDocument.marginal, ...Object.fromEntries(marginals) },
  bytesPerQueuedMessage: bytesPerQueued ?? previousDocument.bytesPerQueuedMessage ?? null,
  tcp: tcp ?? previousDocument.tcp ?? null,
  check: checkCase ?? previousDocument.check ?? null,
  startup: startup ?? previousDocument.startup ?? null,
  view: view ?? previousDocument.view ?? null,
};
writeFileSync(resultsPath, `${JSON.stringify(document, null, 2)}\n`);
process.stdout.write(`wrote ${resultsPath}\n`);

/** The previous results.json as written; empty when there is none or it is unreadable. */
interface PreviousDocument {
  readonly figures?: Figure[];
  readonly cases?: Record<string, unknown>;
  readonly sweeps?: Record<string, unknown>;
  readonly marginal?: Record<string, unknown>;
  readonly bytesPerQueuedMessage?: unknown;
  readonly tcp?: unknown;
  readonly check?: unknown;
  readonly startup?: unknown;
  readonly view?: unknown;
}

function readPreviousDocument(): PreviousDocument {
  if (!existsSync(resultsPath)) return {};
  try {
    return JSON.parse(readFileSync(resultsPath, 'utf8')) as PreviousDocument;
  } catch {
    process.stderr.write(`note: ${resultsPath} is not readable JSON; nothing to compare with\n`);
    return {};
  }
}
