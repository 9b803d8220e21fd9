/**
 * A run, end to end: the resolved scenario goes to the virtual driver, events go to the CSV
 * logs and the statistics, and the manifest is written last. The run is advanced in slices,
 * so progress can be shown and Ctrl-C stops it cleanly: what was logged so far is flushed and
 * the manifest says the run is incomplete. Nothing here prints; the CLI does.
 */
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { assert } from '../../core/index.js';
import type { FaultRecorder } from '../../transports/fault-config.js';
import type { DriverResult, EventSink, RunConfig } from '../../transports/run-config.js';
import { seededRngFactory } from '../../transports/seeded-rng.js';
import { type VirtualDeps, VirtualSimulation } from '../../transports/virtual/simulation.js';
import { AnalysisSink } from '../analysis/analysis-sink.js';
import { withFaultsSection } from '../analysis/faults-section.js';
import { InflationSink } from '../analysis/inflation-sink.js';
import { type AnalysisResult, analysisContext } from '../analysis/run-analyzer.js';
import { CausalitySink } from '../logs/causality-sink.js';
import { CsvLogSink, type LogFileDigest } from '../logs/csv-log.js';
import { FaultsCsvLog } from '../logs/faults-csv.js';
import { faultsFileName } from '../logs/faults-format.js';
import { buildManifest, type Manifest, writeManifest } from '../logs/manifest.js';
import { prepareOutDir, runFileNames } from '../logs/out-dir.js';
import { recordFilesAsTheyAre, recordOwnedFiles } from '../logs/owned-files.js';
import { readRunFaults } from '../logs/run-faults.js';
import { RunStatsSink, teeSinks } from '../logs/run-stats.js';
import { type ResolvedScenario, toRunConfig } from '../scenario/resolve.js';

export interface RunRequest {
  readonly scenario: ResolvedScenario;
  /** Where the logs go; null runs without writing any file (`--no-logs`). */
  readonly outDir: string | null;
  readonly force: boolean;
  /**
   * Also analyse the run as it goes (the analysis `analyze` makes of its logs), so that the
   * caller need not read the logs back. Only with logs; the result is in RunOutcome.analysis.
   */
  readonly analyze?: boolean;
  /**
   * With `analyze`: keep the per-event series too (time, clock, queue length, drift), which the
   * charts draw. The summary needs none of them; they were a tenth of a logged run's time.
   * Kept unless false.
   */
  readonly analysisSeries?: boolean;
}

export interface RunProgress {
  readonly timeUs: number;
  readonly durationUs: number;
  readonly events: number;
}

export interface RunHooks {
  /** Called between slices of the run. */
  readonly onProgress?: (progress: RunProgress) => void;
  /** Polled between slices; true stops the run early, keeping what was logged. */
  readonly shouldStop?: () => boolean;
}

export interface RunOutcome {
  readonly manifest: Manifest;
  readonly outDir: string | null;
  /**
   * The analysis of the logs, made during the run, when it was asked for and the run completed
   * (a stopped run's length is only known at the end, and the analysis needs it from the start).
   */
  readonly analysis: AnalysisResult | null;
}

/** Events per slice: large enough to cost nothing, small enough to answer Ctrl-C at once. */
const sliceEvents = 1 << 17;

/**
 * From this many expected events (~20 MB of logs) the logs are written and hashed on the log
 * writer thread. A million-event run gained 4-8 % (bench A/B, cold and warm); the default
 * 60-second run, of a few hundred events, lost 25 ms waiting for the thread to start.
 */
const offThreadLogEventsMin = 1 << 19;

/** Ticks the run will make: Σ rate × duration (ties and rounding aside). */
function expectedEvents(ratesMilliHz: readonly number[], durationUs: number): number {
  let milliHz = 0;
  for (const rate of ratesMilliHz) milliHz += rate;
  return (milliHz * durationUs) / 1e9;
}

/**
 * Closes the logs and records them as lamport-lab's, with the digests taken as they were written;
 * a close that fails records what reached the disk as it is (it is ours, not the user's).
 */
function closeLogs(csv: CsvLogSink, outDir: string, machineCount: number): LogFileDigest[] {
  let logs: LogFileDigest[];
  try {
    logs = csv.close();
  } catch (error) {
    recordFilesAsTheyAre(outDir, runFileNames(machineCount).slice(0, machineCount));
    throw error;
  }
  recordOwnedFiles(outDir, logs);
  return logs;
}

/**
 * Closes faults.csv and records it as lamport-lab's, like the machine logs; a close that fails
 * records what reached the disk as it is.
 */
function closeFaultsLog(faultsLog: FaultsCsvLog, outDir: string): LogFileDigest {
  let digest: LogFileDigest;
  try {
    digest = faultsLog.close();
  } catch (error) {
    recordFilesAsTheyAre(outDir, [faultsFileName]);
    throw error;
  }
  recordOwnedFiles(outDir, [digest]);
  return digest;
}

/** faults.csv hears every action; causality, of each duplicated copy (received twice). */
function faultRecorderOf(faultsLog: FaultsCsvLog, causality: CausalitySink | null): FaultRecorder {
  if (causality === null) return faultsLog;
  return {
    record(evidence) {
      faultsLog.record(evidence);
      if (evidence.action === 'duplicate')
        causality.duplicated(evidence.senderId, evidence.sendSeq);
    },
  };
}

/**
 * Replaceable parts of the driver, for tests that run deliberately broken models, and what
 * `explore` watches of a run besides its files.
 */
export interface RunOverrides {
  readonly step?: VirtualDeps['step'];
  /** Hears every event after the run's own sinks (explore's coverage). */
  readonly observer?: EventSink;
  /** Hears every fault action after faults.csv (explore's coverage); only with logs. */
  readonly faultObserver?: FaultRecorder;
  /**
   * The config the DRIVER runs, from the run's own (default: the same). Only tests use it: a
   * driver given another fault list than the one the manifest records is a broken driver
   * (e.g. one that delivers across partitions), which `check` must catch.
   */
  readonly driverConfig?: (config: RunConfig) => RunConfig;
}

/** The sinks a run's events go to: statistics always; with logs, causality, the CSVs, analysis. */
export interface RunSinks {
  readonly stats: RunStatsSink;
  readonly causality: CausalitySink | null;
  readonly csv: CsvLogSink | null;
  readonly analysis: AnalysisSink | null;
  /** With analysis and a corrupt-clock fault: the inflation replay beside the run. */
  readonly inflation: InflationSink | null;
  readonly all: EventSink;
}

export function runSinks(request: RunRequest, config: RunConfig): RunSinks {
  const { scenario, outDir } = request;
  const stats = new RunStatsSink(scenario.machines);
  // Causality needs a vector per open message; it is only worth it for a run that keeps logs.
  const restarts = config.faults.some((fault) => fault.kind === 'restart');
  const causality = outDir === null ? null : new CausalitySink(scenario.machines, { restarts });
  const csv =
    outDir === null
      ? null
      : new CsvLogSink(outDir, scenario.machines, {
          offThread:
            expectedEvents(config.ratesMilliHz, config.durationUs) >= offThreadLogEventsMin,
        });
  const analysis =
    outDir !== null && request.analyze === true
      ? new AnalysisSink(scenario.machines, config.durationUs, request.analysisSeries !== false)
      : null;
  // The faults section measures what corrupted clocks did by replaying them beside the run.
  const inflation =
    analysis !== null && config.faults.some((fault) => fault.kind === 'corrupt-clock')
      ? new InflationSink(scenario.machines, config.faults)
      : null;
  const sinks: EventSink[] = [stats];
  if (causality !== null) sinks.push(causality);
  if (csv !== null) sinks.push(csv);
  if (analysis !== null) sinks.push(analysis);
  if (inflation !== null) sinks.push(inflation);
  return { stats, causality, csv, analysis, inflation, all: teeSinks(sinks) };
}

/**
 * Closes the machine logs and faults.csv (after them in the manifest's list), recorded as
 * lamport-lab's: nothing of the user's was at these names (prepareOutDir saw to it).
 */
function closeRunFiles(
  csv: CsvLogSink | null,
  faultsLog: FaultsCsvLog | null,
  outDir: string,
  machineCount: number,
): LogFileDigest[] {
  let logs: LogFileDigest[] = [];
  try {
    if (csv !== null) logs = closeLogs(csv, outDir, machineCount);
  } finally {
    if (faultsLog !== null) logs = [...logs, closeFaultsLog(faultsLog, outDir)];
  }
  return logs;
}

/**
 * A run whose files are open, without its driver: what `harness` (src/harness), which drives
 * the machines through other processes, shares with a run of the built-in model.
 */
export interface OpenedRun {
  readonly request: RunRequest;
  readonly config: RunConfig;
  readonly sinks: RunSinks;
  readonly faultsLog: FaultsCsvLog | null;
}

/** A run whose files are open and whose driver is ready: what executeRun and its sync twin share. */
interface StartedRun extends OpenedRun {
  readonly simulation: VirtualSimulation;
}

function startRun(request: RunRequest, overrides: RunOverrides): StartedRun {
  const { scenario, outDir } = request;
  const config = toRunConfig(scenario);
  const withFaults = config.faults.length > 0;
  if (outDir !== null) {
    prepareOutDir(outDir, request.force, runFileNames(scenario.machines, { faults: withFaults }));
  }
  const sinks = runSinks(request, config);
  // Only a run with faults and logs has evidence to write (the driver counts what faults did):
  // a fault-free run writes exactly what it did before faults existed.
  const faultsLog = withFaults && outDir !== null ? new FaultsCsvLog(config.faults, outDir) : null;
  const recorder = faultsLog === null ? null : faultRecorderOf(faultsLog, sinks.causality);
  const observed = overrides.faultObserver;
  const faultRecorder: FaultRecorder | null =
    recorder === null || observed === undefined
      ? recorder
      : {
          record(evidence) {
            recorder.record(evidence);
            observed.record(evidence);
          },
        };
  const observer = overrides.observer;
  const driven = overrides.driverConfig?.(config) ?? config;
  const simulation = new VirtualSimulation(driven, {
    sink: observer === undefined ? sinks.all : teeSinks([sinks.all, observer]),
    rngFor: seededRngFactory(config.seed),
    ...(overrides.step === undefined ? {} : { step: overrides.step }),
    ...(faultRecorder === null ? {} : { faultRecorder }),
  });
  return { request, config, sinks, faultsLog, simulation };
}

/** Closes the run's files (whatever happened: the rows produced reach the disk, recorded as ours). */
export function closeStartedRun(started: OpenedRun): LogFileDigest[] {
  const { outDir, scenario } = started.request;
  if (outDir === null) return [];
  return closeRunFiles(started.sinks.csv, started.faultsLog, outDir, scenario.machines);
}

/** The manifest (written) and the analysis, once the driver has finished and the files closed. */
export function finishRun(
  started: OpenedRun,
  result: DriverResult,
  logs: LogFileDigest[],
): RunOutcome {
  const { request, config, sinks } = started;
  const { scenario, outDir } = request;
  const machineStats = sinks.stats.perMachine();
  const messagesSent = machineStats.reduce((total, machine) => total + machine.messagesSent, 0);
  const manifest = buildManifest({
    scenario,
    result,
    stats: machineStats,
    messagesSent,
    logs,
    causality: sinks.causality?.stats() ?? null,
    faults: config.faults,
  });
  if (outDir !== null) writeManifest(outDir, manifest);
  const analysis = sinks.analysis;
  if (analysis === null || outDir === null || !manifest.completed) {
    return { manifest, outDir, analysis: null };
  }
  const analyzed = analysis.analyzer.finish(analysisContext(outDir, manifest));
  if (config.faults.length === 0) return { manifest, outDir, analysis: analyzed };
  // faults.csv is read back (it is small beside the logs); the logs themselves are not.
  const read = readRunFaults(outDir, config.durationUs);
  assert(read !== null, 'a run with faults and logs wrote faults.csv');
  const figures = sinks.inflation?.figures() ?? null;
  return { manifest, outDir, analysis: withFaultsSection(analyzed, read, figures) };
}

export async function executeRun(
  request: RunRequest,
  hooks: RunHooks = {},
  overrides: RunOverrides = {},
): Promise<RunOutcome> {
  const started = startRun(request, overrides);
  const { simulation, config } = started;
  let logs: LogFileDigest[] = [];
  let result: DriverResult;
  try {
    for (;;) {
      const done = simulation.advance(sliceEvents);
      if (done) break;
      hooks.onProgress?.({
        timeUs: simulation.timeUs,
        durationUs: config.durationUs,
        events: simulation.events,
      });
      await yieldToEventLoop();
      if (hooks.shouldStop?.()) break;
    }
    // Before the files close: the copies that arrive by the end at a crashed machine are dropped
    // then, and their rows belong in faults.csv (a fault-free finish records nothing).
    result = simulation.finish();
  } finally {
    logs = closeStartedRun(started);
  }
  return finishRun(started, result, logs);
}

/**
 * executeRun in one go, without yielding to the event loop: no progress, no Ctrl-C. For the
 * many small runs `explore` makes one after another, where a yield per run costs more than the run.
 */
export function executeRunSync(request: RunRequest, overrides: RunOverrides = {}): RunOutcome {
  const started = startRun(request, overrides);
  let logs: LogFileDigest[] = [];
  let result: DriverResult;
  try {
    while (!started.simulation.advance(Number.POSITIVE_INFINITY));
    result = started.simulation.finish();
  } finally {
    logs = closeStartedRun(started);
  }
  return finishRun(started, result, logs);
}
