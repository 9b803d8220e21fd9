/**
 * What `lamport-lab run [scenario]` does: load, override, resolve, run, report. The seed is
 * printed before anything else, so any run can be repeated. The TCP launcher, the checker and
 * the determinism check are loaded only by the runs that use them.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assert } from '../../../core/index.js';
import { describeLatency } from '../../../transports/latency.js';
import { writeSummary } from '../../analysis/summary-file.js';
import type { CliIo } from '../io.js';
import { InputError } from '../../common/errors.js';
import { estimateLogSize, largeLogWarning } from '../../logs/log-size.js';
import type { Manifest, TcpOverhead } from '../../logs/manifest.js';
import { checkOutDir, defaultOutDir, runFileNames } from '../../logs/out-dir.js';
import { makeOwnedDirectory } from '../../logs/owned-files.js';
import { secondsText } from '../../common/number-text.js';
import { ProgressBar } from '../../run/progress.js';
import { mostMessagesWaiting } from '../../logs/queue-max.js';
import { executeRun, type RunOutcome } from '../../run/virtual-run.js';
import { loadScenario, type ScenarioOverrides } from '../../scenario/load.js';
import {
  describeRateSource,
  type ResolvedScenario,
  resolveScenario,
  toRunConfig,
} from '../../scenario/resolve.js';
import type { LatencySpec } from '../../scenario/schema.js';
import { checkTcpPorts } from '../../run/tcp-ports.js';
import type { TcpProgress } from '../../run/tcp-run.js';
import { renderTable } from '../../common/text-table.js';
import { exitCodes } from '../../common/exit-codes.js';
import { builtEntryPaths } from '../../common/paths.js';
import { defaultTcpHost, type RunOptions } from './run-options.js';

export async function runCommand(
  scenarioName: string,
  options: RunOptions,
  io: CliIo,
): Promise<number> {
  if (options.mode === 'tcp' && !options.logs) {
    throw new InputError(
      '--no-logs: expected logs in tcp mode (each machine process writes its own), got --no-logs',
    );
  }
  if (options.checkDeterminism && options.out !== undefined) {
    // The two runs it compares go to a temporary directory, removed after: --out would be
    // silently ignored.
    throw new InputError(
      '--check-determinism: writes no logs (its two runs are compared and removed), got --out; drop one of the two',
    );
  }
  if (options.checkDeterminism) return await checkDeterminism(scenarioName, options, io);
  if (options.check && !options.logs) {
    throw new InputError(
      '--check: expected a run with logs to check, got --no-logs; drop one of the two',
    );
  }
  const loaded = loadScenario(scenarioName, scenarioOverrides(options), options.mode);
  const seed = options.seed ?? loaded.file.seed ?? io.randomSeed();
  const scenario = resolveScenario(loaded, seed);
  const overrides = repeatArguments(scenario.name, seed, options).slice(4);
  const outDir = options.logs
    ? (options.out ?? defaultOutDir(scenario.name, seed, overrides))
    : null;
  // Before anything is made: two machines given one port would race for it.
  if (options.mode === 'tcp') checkTcpPorts(options.ports ?? null, scenario.machines);
  if (outDir !== null) {
    checkOutDir(outDir, options.force, runFileNames(scenario.machines));
    // Made now, so that a directory the system refuses is refused before anything is printed.
    makeOwnedDirectory(outDir, '--out');
  }

  // Listen for Ctrl-C before anything is printed, so a stop is always a clean stop.
  let interrupted = false;
  let stopTcp = () => {};
  const removeInterrupt = io.onInterrupt(() => {
    interrupted = true;
    stopTcp();
  });
  const say = options.json ? io.stderr : io.stdout;
  say.write(`SEED=${seed}  scenario ${scenario.name} (${scenario.source})\n`);
  if (!options.quiet) say.write(`${describeScenario(scenario, options)}\n`);
  // After the seed, before the run starts (on stderr, apart from --json), so it can be stopped
  // in time.
  const warning =
    outDir === null
      ? null
      : largeLogWarning(
          estimateLogSize(scenario.rates, scenario.durationSec),
          scenario.durationSec,
        );
  if (warning !== null) io.stderr.write(warning);
  const progress = new ProgressBar(
    options.quiet ? { write: () => undefined } : io.stderr,
    io.nowMs,
  );
  const startMs = io.nowMs();
  let outcome: RunOutcome;
  try {
    if (options.mode === 'tcp') {
      assert(outDir !== null, 'tcp runs keep their logs');
      const { executeTcpRun, StoppedBeforeStartError } = await import('../../run/tcp-run.js');
      try {
        outcome = await executeTcpRun(
          {
            scenario,
            outDir,
            force: options.force,
            host: options.host,
            ports: options.ports ?? null,
            topology: options.topology,
          },
          {
            onProgress: (state) => progress.updateText(tcpProgressText(state)),
            onStopRequest: (handler) => {
              stopTcp = handler;
              if (interrupted) handler();
            },
          },
        );
      } catch (error) {
        if (!(error instanceof StoppedBeforeStartError)) throw error;
        progress.clear();
        io.stderr.write(`lamport-lab: ${error.message}\n`);
        return exitCodes.interrupted;
      }
    } else {
      outcome = await executeRun(
        // The summary only: the charts' series are made by `plot` and `report`, from the logs.
        { scenario, outDir, force: options.force, analyze: true, analysisSeries: false },
        { onProgress: (state) => progress.update(state), shouldStop: () => interrupted },
      );
    }
  } finally {
    removeInterrupt();
    progress.clear();
  }
  const wallSec = (io.nowMs() - startMs) / 1000;
  // Every run with logs gets its analysis beside them (summary.json).
  if (outcome.outDir !== null) {
    if (outcome.analysis === null) {
      // A stopped run was not analysed as it went (its length was unknown): reading its logs
      // back can take seconds, which looked like a hang after Ctrl-C.
      say.write(`reading the logs back for ${join(outcome.outDir, 'summary.json')} ...\n`);
    }
    // Loaded only here: the log reader is not needed by a run that analysed as it went.
    const analysis =
      outcome.analysis ??
      (await import('../../analysis/analyze-run.js')).analyzeRun(outcome.outDir);
    const note = writeSummary(outcome.outDir, analysis.summary);
    if (note !== null) io.stderr.write(note);
  }
  if (options.json) io.stdout.write(`${JSON.stringify(runJson(outcome), null, 2)}\n`);
  else if (!options.quiet) io.stdout.write(`${runReport(outcome.manifest, wallSec)}\n`);
  say.write(`${whereLogsWent(outcome, repeatCommand(scenarioName, seed, options), options)}\n`);
  if (!outcome.manifest.completed) return exitCodes.interrupted;
  if (options.check) return await checkOwnLogs(outcome, options, io);
  return 0;
}

/** `--check`: the same check as `lamport-lab check <run-dir>`; a violation exits 1. */
async function checkOwnLogs(outcome: RunOutcome, options: RunOptions, io: CliIo): Promise<number> {
  assert(outcome.outDir !== null, '--check runs keep their logs');
  const [{ checkRun }, { formatCheckReport }] = await Promise.all([
    import('../../check/check-run.js'),
    import('../../check/report-text.js'),
  ]);
  const report = checkRun(outcome.outDir, { maxErrors: 20 });
  const say = options.json ? io.stderr : io.stdout;
  say.write(`${formatCheckReport(report, false)}\n`);
  return report.ok ? 0 : exitCodes.finding;
}

/** The TCP launcher's progress line: time left, events and queue length per machine. */
function tcpProgressText(state: TcpProgress): string {
  if (!state.started) return 'tcp: machines connecting ...';
  const leftSec = Math.max(0, (state.durationMs - state.elapsedMs) / 1000);
  if (state.machines.length > 8) {
    // One line cannot hold dozens of machines: totals, the longest queue and who died.
    const events = state.machines.reduce((total, machine) => total + machine.events, 0);
    const queueMax = Math.max(...state.machines.map((machine) => machine.queueLength));
    const dead = state.machines.filter((machine) => !machine.alive).length;
    return `tcp: ${leftSec.toFixed(0)} s left  events ${events}  longest queue ${queueMax}${dead > 0 ? `  ${dead} machine(s) down` : ''}`;
  }
  const events = state.machines
    .map((machine) => (machine.alive ? machine.events : `${machine.events}✗`))
    .join('/');
  const queues = state.machines.map((machine) => machine.queueLength).join('/');
  return `tcp: ${leftSec.toFixed(0)} s left  events ${events}  queues ${queues}`;
}

function scenarioOverrides(options: RunOptions): ScenarioOverrides {
  return {
    values: {
      name: options.name,
      seed: options.seed,
      durationSec: options.duration,
      machines: options.machines,
      rates: options.rates,
      rateRange: options.rateRange,
      rateDistribution: options.rateDistribution,
      internalProbability: options.internalProbability,
      latency: options.latency,
      fifo: options.fifo,
    },
    flags: runScenarioFlags,
  };
}

/** The `run` flag that sets each scenario field, for refusals that name what the user typed. */
export const runScenarioFlags: ScenarioOverrides['flags'] = {
  name: '--name',
  seed: '--seed',
  durationSec: '--duration',
  machines: '--machines',
  rates: '--rates',
  rateRange: '--rate-range',
  rateDistribution: '--rate-distribution',
  internalProbability: '--internal-probability',
  latency: '--latency',
  fifo: '--fifo',
};

function describeScenario(scenario: ResolvedScenario, options: RunOptions): string {
  const drawn = scenario.ratesDrawnFrom;
  const rates = `rates ${listOrRange(scenario.rates)}${drawn === null ? '' : ` (drawn from ${describeRateSource(drawn)})`}`;
  const latency =
    options.mode === 'tcp'
      ? `real TCP on ${options.host} (${options.topology}; the scenario's latency model does not apply)`
      : describeLatency(toRunConfig(scenario).latency);
  const fifo = scenario.fifo && options.mode !== 'tcp' ? ', FIFO channels' : '';
  return (
    `${scenario.machines} machines, ${rates}, internal probability ${scenario.internalProbability}, ` +
    `latency ${latency}${fifo}, ${scenario.durationSec} s of ${options.mode === 'tcp' ? 'wall' : 'model'} time`
  );
}

/** Machines listed one per row in the end-of-run table; more are elided. */
const machineRowsMax = 20;

/** Rates as a list, or as their range and mean when the list is too long to read. */
function listOrRange(values: readonly number[]): string {
  if (values.length <= 12) return `${values.join(', ')} Hz`;
  const mean = values.reduce((total, value) => total + value, 0) / values.length;
  return `${Math.min(...values)}..${Math.max(...values)} Hz (mean ${mean.toFixed(3)})`;
}

function runReport(manifest: Manifest, wallSec: number): string {
  const header = [
    'machine',
    'rate Hz',
    'internal',
    'send',
    'receive',
    'final clock',
    'max jump',
    'max queue',
    'final queue',
  ];
  // Thousands of machines would bury the summary: show the first and the last few.
  const shown =
    manifest.machines.length <= machineRowsMax
      ? manifest.machines
      : [
          ...manifest.machines.slice(0, machineRowsMax / 2),
          ...manifest.machines.slice(-machineRowsMax / 2),
        ];
  const rows = shown.map((machine) => [
    machine.id,
    machine.rateHz,
    machine.events.internal,
    machine.events.send,
    machine.events.receive,
    machine.finalClock,
    machine.clockJumpMax,
    mostMessagesWaiting(machine),
    machine.queuedAtEnd,
  ]);
  // A TCP run measures its length in µs (4.400435 s): milliseconds are plenty to read.
  const modelSec = secondsText(manifest.durationUs / 1e6);
  const status = manifest.completed ? '' : '  STOPPED EARLY (Ctrl-C): the logs hold the run so far';
  const { messages } = manifest;
  const hidden = manifest.machines.length - shown.length;
  return [
    '',
    renderTable(header, rows),
    ...(hidden > 0
      ? [
          `(machines ${machineRowsMax / 2}..${manifest.machines.length - machineRowsMax / 2 - 1} not shown: see manifest.json or \`lamport-lab analyze\`)`,
        ]
      : []),
    '',
    `${manifest.events} events in ${modelSec} s of ${manifest.mode === 'tcp' ? 'real' : 'model'} time (${wallSec.toFixed(2)} s wall)${status}`,
    `messages: ${messages.sent} sent, ${messages.received} received, ${messages.queuedAtEnd} still queued, ` +
      `${messages.inFlightAtEnd} in flight at the end` +
      (messages.undeliverable === undefined ? '' : `, ${messages.undeliverable} undeliverable`) +
      (messages.lost === undefined ? '' : `, ${messages.lost} lost with failed machines`),
    ...tcpReport(manifest),
  ].join('\n');
}

/** TCP runs: what the real clocks and network did, per machine, and any failures. */
function tcpReport(manifest: Manifest): string[] {
  const tcp = manifest.tcp;
  if (tcp === undefined) return [];
  const lines = tcp.machines.map((machine) => {
    const { lateness } = machine;
    const undeliverable = manifest.machines[machine.id]?.undeliverableAtEnd ?? 0;
    // A killed machine's ticks come from its log, and were due only while it was alive.
    const until =
      machine.failure === null
        ? ''
        : ` until it failed at ${(machine.failure.atMs / 1000).toFixed(3)} s`;
    return (
      `machine ${machine.id}: ${machine.ticksMade}/${machine.ticksExpected} ticks${until}, ` +
      `${machine.achievedRateHz} Hz achieved, lateness p50 ${lateness.p50Ms} ms p99 ${lateness.p99Ms} ms ` +
      `max ${lateness.maxMs} ms, ${undeliverable} undeliverable to it, ` +
      `${machine.badConnections.count} bad connections`
    );
  });
  for (const machine of tcp.machines) {
    if (machine.failure !== null) {
      lines.push(
        `machine ${machine.id} FAILED at ${(machine.failure.atMs / 1000).toFixed(3)} s: ${machine.failure.reason}`,
      );
    }
  }
  return [
    '',
    `tcp (${tcp.topology} on ${tcp.host}), set-up ${tcp.setupMs} ms:`,
    ...overheadReport(tcp.overhead),
    ...lines,
  ];
}

/** The launcher's overhead: set-up taken apart, then per machine process (see the README). */
function overheadReport(overhead: TcpOverhead | undefined): string[] {
  if (overhead === undefined) return [];
  const rss = overhead.peakRssMbPerMachine;
  const rssText =
    rss === null ? 'peak RSS not reported' : `peak RSS ${rss.median} MB (max ${rss.max} MB)`;
  return [
    `set-up: ${overhead.setupMsPerMachine} ms per machine; start-up ${overhead.startupPhaseMs} ms ` +
      `(fork loop ${overhead.forkLoopMs} ms), connections ${overhead.connectPhaseMs} ms, ` +
      `start delay ${overhead.startDelayMs} ms`,
    `per machine process, median (max): start-up ${overhead.startupMsPerMachine.median} ms ` +
      `(${overhead.startupMsPerMachine.max} ms), connections ${overhead.connectMsPerMachine.median} ms ` +
      `(${overhead.connectMsPerMachine.max} ms), ${rssText}; launcher peak RSS ${overhead.launcherPeakRssMb} MB`,
  ];
}

/**
 * --check-determinism: the same run in two fresh processes, the second with another time zone and
 * locale, then every log and manifest byte compared. Virtual mode only.
 */
async function checkDeterminism(
  scenarioName: string,
  options: RunOptions,
  io: CliIo,
): Promise<number> {
  if (options.mode === 'tcp') {
    throw new InputError(
      '--check-determinism: expected virtual mode (a TCP run depends on the real network), got --mode tcp',
    );
  }
  const loaded = loadScenario(scenarioName, scenarioOverrides(options));
  const seed = options.seed ?? loaded.file.seed ?? io.randomSeed();
  const words = repeatArguments(scenarioName, seed, options);
  const workDir = mkdtempSync(join(tmpdir(), 'lamport-determinism-'));
  try {
    const environments = [
      { TZ: 'UTC', LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' },
      { TZ: 'Pacific/Kiritimati', LANG: 'de_DE.UTF-8', LC_ALL: 'de_DE.UTF-8' },
    ];
    const dirs = environments.map((environment, index) => {
      const outDir = join(workDir, `run-${index + 1}`);
      const result = spawnSync(
        process.execPath,
        [builtEntryPaths.cli, ...words, '--out', outDir, '--quiet'],
        {
          encoding: 'utf8',
          env: { ...process.env, ...environment },
        },
      );
      if (result.status !== 0) throw new Error(`run ${index + 1} failed: ${result.stderr.trim()}`);
      return outDir;
    });
    const { firstDifference } = await import('../../regress/replay.js');
    const difference = firstDifference(dirs[0] as string, dirs[1] as string);
    const what = `SEED=${seed}: two runs in separate processes (TZ=UTC and TZ=Pacific/Kiritimati, LANG=de_DE)`;
    if (difference === null) {
      io.stdout.write(`deterministic: ${what} wrote identical logs and manifests\n`);
      return 0;
    }
    io.stdout.write(
      `NOT deterministic: ${what} differ at ${difference.file}:${difference.line}\n` +
        `  first:  ${difference.original ?? '(no line)'}\n  second: ${difference.replayed ?? '(no line)'}\n`,
    );
    return 1;
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

/**
 * The command that repeats this run exactly: the scenario, the seed and every override, its
 * --name, and in tcp mode where its machines listened (not part of the scenario, so not of the
 * directory tag).
 */
function repeatCommand(scenarioName: string, seed: number, options: RunOptions): string {
  const words = ['lamport-lab', ...repeatArguments(scenarioName, seed, options)];
  // The name is already the directory's prefix, so it is not part of the tag either.
  if (options.name !== undefined) words.push('--name', options.name);
  if (options.mode === 'tcp') {
    if (options.host !== defaultTcpHost) words.push('--host', options.host);
    if (options.ports !== undefined) words.push('--ports', options.ports.join(','));
  }
  return words.map(shellWord).join(' ');
}

/** The repeat command's arguments, unquoted: a child process takes them as they are. */
function repeatArguments(scenarioName: string, seed: number, options: RunOptions): string[] {
  const words = ['run', scenarioName, '--seed', String(seed)];
  const add = (flag: string, value: string | number | undefined) => {
    if (value !== undefined) words.push(flag, String(value));
  };
  add('--duration', options.duration);
  add('--machines', options.machines);
  add('--rates', options.rates?.join(','));
  add('--rate-range', options.rateRange && `${options.rateRange.min}-${options.rateRange.max}`);
  add('--rate-distribution', options.rateDistribution && JSON.stringify(options.rateDistribution));
  add('--internal-probability', options.internalProbability);
  add('--latency', options.latency && latencyFlag(options.latency));
  if (options.fifo !== undefined) words.push(options.fifo ? '--fifo' : '--no-fifo');
  if (options.mode === 'tcp') {
    words.push('--mode', 'tcp');
    if (options.topology !== 'mesh') words.push('--topology', options.topology);
  }
  return words;
}

/** Quotes a word for a POSIX shell when it holds anything but safe characters. */
function shellWord(word: string): string {
  return /^[\w./:=,-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`;
}

function latencyFlag(latency: LatencySpec): string {
  switch (latency.kind) {
    case 'constant':
      return String(latency.ms);
    case 'uniform':
      return `uniform:${latency.minMs}-${latency.maxMs}`;
    case 'exponential':
      return `exp:${latency.meanMs}`;
  }
}

function whereLogsWent(outcome: RunOutcome, repeatText: string, options: RunOptions): string {
  if (outcome.outDir === null) return `no logs written (--no-logs); repeat: ${repeatText}`;
  // Into the same directory, which now holds this run: without --force the repeat is refused.
  const outFlag = options.out === undefined ? '' : ` --out ${shellWord(options.out)}`;
  const count = outcome.manifest.machines.length;
  return (
    `logs: ${outcome.outDir}/ (machine-0.csv .. machine-${count - 1}.csv, manifest.json, summary.json); ` +
    `repeat: ${repeatText}${outFlag} --force`
  );
}

function runJson(outcome: RunOutcome): unknown {
  const { manifest } = outcome;
  return {
    seed: manifest.scenario.seed,
    scenario: manifest.scenario.name,
    completed: manifest.completed,
    durationSec: manifest.durationUs / 1e6,
    events: manifest.events,
    messages: manifest.messages,
    machines: manifest.machines,
    runDir: outcome.outDir,
  };
}
