/**
 * What `lamport-lab run [scenario]` does: load, override, resolve, run, report. The seed is
 * printed before anything else, so any run can be repeated. Its flags were checked before this
 * module was loaded (run-flags.ts). The TCP launcher, the checker and the determinism check are
 * loaded only by the runs that use them.
 */

import { join } from 'node:path';
import { assert } from '../../../core/index.js';
import { writeSummary } from '../../analysis/summary-file.js';
import { type ExitCode, exitCodes } from '../../common/exit-codes.js';
import { estimateLogSize, largeLogWarning } from '../../logs/log-size.js';
import { checkOutDir, defaultOutDir, runFileNames } from '../../logs/out-dir.js';
import { makeOwnedDirectory } from '../../logs/owned-files.js';
import { writingOutput } from '../../logs/unfinished-output-guard.js';
import { ProgressBar } from '../../run/progress.js';
import { checkTcpPorts } from '../../run/tcp-ports.js';
import { executeRun, type RunOutcome } from '../../run/virtual-run.js';
import { loadScenario, type ScenarioOverrides } from '../../scenario/load.js';
import { type ResolvedScenario, resolveScenario } from '../../scenario/resolve.js';
import type { CliIo } from '../io.js';
import type { TypedFlags } from '../typed-flags.js';
import { faultFlagsOf, type RunOptions, type ScenarioFlagOptions } from './run-options.js';
import { directoryTagWords, type RepeatBase, replaceCommand } from './run-repeat.js';
import {
  describeScenario,
  runJson,
  runReport,
  tcpProgressText,
  whereLogsWent,
} from './run-report.js';

export async function runCommand(
  scenarioName: string,
  options: RunOptions,
  io: CliIo,
  typed: TypedFlags = {},
): Promise<ExitCode> {
  // Loaded once, for the run here and for the two of --check-determinism alike.
  const loaded = loadScenario(
    scenarioName,
    scenarioOverrides(options, typed),
    options.mode,
    options.topology,
  );
  const seed = options.seed ?? loaded.file.seed ?? io.randomSeed();
  if (options.checkDeterminism) {
    const { checkDeterminism } = await import('./run-determinism.js');
    return await checkDeterminism({ scenario: scenarioName, seed, options }, io);
  }
  const scenario = resolveScenario(loaded, seed);
  const repeat: RepeatBase = { scenario: scenarioName, seed, options };
  const outDir = runOutDir(scenario, options);
  // A bug from here until summary.json is written leaves a directory without a whole run in it.
  const finished = await (outDir === null
    ? writeRun(scenario, null, options, io)
    : writingOutput(outDir, replaceCommand(repeat), () => writeRun(scenario, outDir, options, io)));
  if (finished === null) return exitCodes.interrupted;
  return await finishRun(finished, repeat, io);
}

/** The run and its files: the logs, the manifest and summary.json; null if stopped before it began. */
async function writeRun(
  scenario: ResolvedScenario,
  outDir: string | null,
  options: RunOptions,
  io: CliIo,
): Promise<FinishedRun | null> {
  const madeLevels = prepareOutDir(scenario, outDir, options);
  // Listen for Ctrl-C before anything is printed, so a stop is always a clean stop.
  const stop = new StopRequest();
  const removeInterrupt = io.onInterrupt(() => stop.request());
  let finished: FinishedRun | null;
  try {
    announce({ scenario, outDir, madeLevels, options }, io);
    finished = await executeWithProgress({ scenario, outDir, madeLevels, options }, io, stop);
  } finally {
    removeInterrupt();
  }
  if (finished !== null) await writeRunSummary(finished, options, io);
  return finished;
}

/** A Ctrl-C, remembered for a virtual run that polls it and passed on to a TCP run's launcher. */
class StopRequest {
  #requested = false;
  #onRequest = () => {};

  get requested(): boolean {
    return this.#requested;
  }

  request(): void {
    this.#requested = true;
    this.#onRequest();
  }

  /** A handler registered after the request runs at once: a stop is never lost. */
  onRequest(handler: () => void): void {
    this.#onRequest = handler;
    if (this.#requested) handler();
  }
}

/** A resolved run about to start: what it runs, where its logs go (null: --no-logs), how. */
interface PreparedRun {
  readonly scenario: ResolvedScenario;
  readonly outDir: string | null;
  /** The directory levels made for it (a start that fails takes them back, tcp-run.ts). */
  readonly madeLevels: readonly string[];
  readonly options: RunOptions;
}

/** Where the logs go: --out, or the default directory of the scenario's flags; null for --no-logs. */
function runOutDir(scenario: ResolvedScenario, options: RunOptions): string | null {
  return options.logs
    ? (options.out ?? defaultOutDir(scenario.name, scenario.seed, directoryTagWords(options)))
    : null;
}

/**
 * The logs' directory, checked and made before anything is printed, so that a directory the
 * system refuses is refused first. Returns the directory levels it made.
 */
function prepareOutDir(
  scenario: ResolvedScenario,
  outDir: string | null,
  options: RunOptions,
): readonly string[] {
  // Before anything is made: two machines given one port would race for it.
  if (options.mode === 'tcp') checkTcpPorts(options.ports ?? null, scenario.machines);
  if (outDir !== null) {
    const files = runFileNames(scenario.machines, { faults: scenario.faults !== undefined });
    checkOutDir(outDir, options.force, files);
    return makeOwnedDirectory(outDir, '--out');
  }
  return [];
}

/** The seed line, the scenario in one line and a warning of large logs, before the run starts. */
function announce({ scenario, outDir, options }: PreparedRun, io: CliIo): void {
  const say = options.json ? io.stderr : io.stdout;
  say.write(`SEED=${scenario.seed}  scenario ${scenario.name} (${scenario.source})\n`);
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
}

/** A run that ended (completed or stopped), and how long it took on the wall clock. */
interface FinishedRun {
  readonly outcome: RunOutcome;
  readonly wallSec: number;
}

/** Runs it with a progress line; null when a Ctrl-C stopped a TCP run before it started. */
async function executeWithProgress(
  prepared: PreparedRun,
  io: CliIo,
  stop: StopRequest,
): Promise<FinishedRun | null> {
  const { scenario, outDir, options } = prepared;
  const progress = new ProgressBar(
    options.quiet ? { write: () => undefined } : io.stderr,
    io.nowMs,
  );
  const startMs = io.nowMs();
  let outcome: RunOutcome | null;
  try {
    outcome =
      options.mode === 'tcp'
        ? await executeTcp(prepared, { io, progress, stop })
        : await executeRun(
            // The summary only: the charts' series are made by `plot` and `report`, from the logs.
            // A run with faults too: its faults section comes from faults.csv and, under
            // corrupt-clock, a replay of the clocks made beside the run.
            { scenario, outDir, force: options.force, analyze: true, analysisSeries: false },
            { onProgress: (state) => progress.update(state), shouldStop: () => stop.requested },
          );
  } finally {
    progress.clear();
  }
  if (outcome === null) return null;
  return { outcome, wallSec: (io.nowMs() - startMs) / 1000 };
}

interface TcpWatch {
  readonly io: CliIo;
  readonly progress: ProgressBar;
  readonly stop: StopRequest;
}

async function executeTcp(
  { scenario, outDir, madeLevels, options }: PreparedRun,
  { io, progress, stop }: TcpWatch,
): Promise<RunOutcome | null> {
  assert(outDir !== null, 'tcp runs keep their logs');
  const { executeTcpRun, StoppedBeforeStartError } = await import('../../run/tcp-run.js');
  try {
    return await executeTcpRun(
      {
        scenario,
        outDir,
        madeLevels,
        force: options.force,
        host: options.host,
        ports: options.ports ?? null,
        topology: options.topology,
      },
      {
        onProgress: (state) => progress.updateText(tcpProgressText(state)),
        onStopRequest: (handler) => stop.onRequest(handler),
      },
    );
  } catch (error) {
    if (!(error instanceof StoppedBeforeStartError)) throw error;
    progress.clear();
    io.stderr.write(`lamport-lab: ${error.message}\n`);
    return null;
  }
}

/** The summary beside the logs, the report, where the logs went, and the exit code. */
async function finishRun(
  { outcome, wallSec }: FinishedRun,
  repeat: RepeatBase,
  io: CliIo,
): Promise<ExitCode> {
  const { options } = repeat;
  const say = options.json ? io.stderr : io.stdout;
  if (options.json) io.stdout.write(`${JSON.stringify(runJson(outcome), null, 2)}\n`);
  else if (!options.quiet) io.stdout.write(`${runReport(outcome.manifest, wallSec)}\n`);
  say.write(`${whereLogsWent(outcome, repeat)}\n`);
  if (!outcome.manifest.completed) return exitCodes.interrupted;
  if (options.check) return await checkOwnLogs(outcome, options, io);
  return exitCodes.ok;
}

/** Every run with logs gets its analysis beside them (summary.json). */
async function writeRunSummary(
  { outcome }: FinishedRun,
  options: RunOptions,
  io: CliIo,
): Promise<void> {
  if (outcome.outDir === null) return;
  // --quiet prints the seed and where the logs went, nothing else (--help says so).
  if (outcome.analysis === null && !options.quiet) {
    // A TCP run, or a stopped one (its length was unknown), was not analysed as it went:
    // reading its logs back can take seconds, which looked like a hang after Ctrl-C.
    const say = options.json ? io.stderr : io.stdout;
    say.write(`reading the logs back for ${join(outcome.outDir, 'summary.json')} ...\n`);
  }
  // Loaded only here: the log reader is not needed by a run that analysed as it went.
  const analysis =
    outcome.analysis ?? (await import('../../analysis/analyze-run.js')).analyzeRun(outcome.outDir);
  const note = writeSummary(outcome.outDir, analysis.summary);
  if (note !== null) io.stderr.write(note);
}

/** `--check`: the same check as `lamport-lab check <run-dir>`; a broken rule is a finding. */
async function checkOwnLogs(
  outcome: RunOutcome,
  options: RunOptions,
  io: CliIo,
): Promise<ExitCode> {
  assert(outcome.outDir !== null, '--check runs keep their logs');
  const [{ checkRun }, { formatCheckReport }] = await Promise.all([
    import('../../check/check-run.js'),
    import('../../check/report-text.js'),
  ]);
  const report = checkRun(outcome.outDir, { maxErrors: 20, strict: options.strict });
  const say = options.json ? io.stderr : io.stdout;
  say.write(`${formatCheckReport(report, false)}\n`);
  return report.ok ? exitCodes.ok : exitCodes.finding;
}

function scenarioOverrides(options: RunOptions, typed: TypedFlags): ScenarioOverrides {
  return {
    values: scenarioValuesOf(options),
    flags: runScenarioFlags,
    typed,
    appendedFaults: faultFlagsOf(options),
  };
}

/** The scenario values `run`'s flags give (`harness` takes the same flags). */
export function scenarioValuesOf(options: ScenarioFlagOptions): ScenarioOverrides['values'] {
  return {
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
