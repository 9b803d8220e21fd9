/**
 * A run, end to end: the resolved scenario goes to the virtual driver, events go to the CSV
 * logs and the statistics, and the manifest is written last. The run is advanced in slices,
 * so progress can be shown and Ctrl-C stops it cleanly: what was logged so far is flushed and
 * the manifest says the run is incomplete. Nothing here prints; the CLI does.
 */
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { assert } from '../../core/index.js';
import type { DriverResult, RunConfig } from '../../transports/run-config.js';
import type { AnalysisResult } from '../analysis/run-analyzer.js';
import { toolVersion } from '../common/paths.js';
import { CsvLogSink, type LogFileDigest } from '../logs/csv-log.js';
import { FaultsCsvLog } from '../logs/faults-csv.js';
import { faultsFileName } from '../logs/faults-format.js';
import type { Manifest } from '../logs/manifest.js';
import { writeManifest } from '../logs/manifest-file.js';
import { prepareOutDir, runFileNames } from '../logs/out-dir.js';
import { recordFilesAsTheyAre, recordOwnedFiles } from '../logs/owned-files.js';
import { readRunFaults } from '../logs/run-faults.js';
import { type ResolvedScenario, toRunConfig } from '../scenario/resolve.js';
import {
  type Pipeline,
  type PipelineRequest,
  type PipelineSinks,
  pipelineAnalysis,
  pipelineManifest,
  pipelineSinks,
  type RunOverrides,
  startPipeline,
} from './run-pipeline.js';

export type { RunOverrides };

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
 * A run whose files are open, without its driver: what `harness` (src/harness), which drives the
 * machines through other processes, shares with a run of the built-in model.
 */
export interface OpenedRun {
  readonly request: RunRequest;
  readonly csv: CsvLogSink | null;
  readonly faultsLog: FaultsCsvLog | null;
  readonly pipeline: PipelineSinks;
}

/** A run whose files are open and whose driver is ready: what executeRun and its sync twin share. */
interface StartedRun extends OpenedRun {
  readonly pipeline: Pipeline;
  readonly simulation: Pipeline['simulation'];
}

/** The machine logs' sink of a run that keeps logs (off the main thread for a large run). */
function csvSinkOf(request: RunRequest, config: RunConfig): CsvLogSink | null {
  const { scenario, outDir } = request;
  if (outDir === null) return null;
  return new CsvLogSink(outDir, scenario.machines, {
    offThread: expectedEvents(config.ratesMilliHz, config.durationUs) >= offThreadLogEventsMin,
  });
}

/** What the pipeline is asked to do for `request`: the same for a driven run and the harness. */
function pipelineRequestOf(
  request: RunRequest,
  config: RunConfig,
  csv: CsvLogSink | null,
  faultsLog: FaultsCsvLog | null,
): PipelineRequest {
  return {
    scenario: request.scenario,
    config,
    csv,
    faultsLog,
    analyze: request.analyze === true,
    analysisSeries: request.analysisSeries !== false,
  };
}

/**
 * The sinks of a run whose out dir the caller has prepared, without a driver: the harness feeds
 * them the events its child processes make, and its fault actions (faults.csv, as startRun).
 */
export function openRunSinks(request: RunRequest, config: RunConfig): OpenedRun {
  const csv = csvSinkOf(request, config);
  const faultsLog = faultsLogOf(request, config);
  const pipeline = pipelineSinks(pipelineRequestOf(request, config, csv, faultsLog));
  return { request, csv, faultsLog, pipeline };
}

/** faults.csv's log: only a run with faults and logs has evidence to write. */
function faultsLogOf(request: RunRequest, config: RunConfig): FaultsCsvLog | null {
  const { outDir } = request;
  return config.faults.length > 0 && outDir !== null
    ? new FaultsCsvLog(config.faults, outDir)
    : null;
}

function startRun(request: RunRequest, overrides: RunOverrides): StartedRun {
  const { scenario, outDir } = request;
  const config = toRunConfig(scenario);
  const withFaults = config.faults.length > 0;
  if (outDir !== null) {
    prepareOutDir(outDir, request.force, runFileNames(scenario.machines, { faults: withFaults }));
  }
  const csv = csvSinkOf(request, config);
  // The driver counts what faults did: a fault-free run writes exactly what it did before
  // faults existed.
  const faultsLog = faultsLogOf(request, config);
  const pipeline = startPipeline(pipelineRequestOf(request, config, csv, faultsLog), overrides);
  return { request, csv, faultsLog, pipeline, simulation: pipeline.simulation };
}

/** Closes the run's files (whatever happened: the rows produced reach the disk, recorded as ours). */
export function closeStartedRun(started: OpenedRun): LogFileDigest[] {
  const { outDir, scenario } = started.request;
  if (outDir === null) return [];
  return closeRunFiles(started.csv, started.faultsLog, outDir, scenario.machines);
}

/** The manifest (written) and the analysis, once the driver has finished and the files closed. */
export function finishRun(
  started: OpenedRun,
  result: DriverResult,
  logs: LogFileDigest[],
): RunOutcome {
  const { pipeline } = started;
  const { outDir } = started.request;
  const manifest = pipelineManifest(pipeline, result, logs, toolVersion);
  if (outDir === null) return { manifest, outDir, analysis: null };
  writeManifest(outDir, manifest);
  const analysis = pipelineAnalysis(pipeline, manifest, outDir, () => {
    // faults.csv is read back (it is small beside the logs); the logs themselves are not.
    // The file this run has just written and recorded: not hashed again.
    const read = readRunFaults(outDir, pipeline.request.config.durationUs, null);
    assert(read !== null, 'a run with faults and logs wrote faults.csv');
    return read;
  });
  return { manifest, outDir, analysis };
}

export async function executeRun(
  request: RunRequest,
  hooks: RunHooks = {},
  overrides: RunOverrides = {},
): Promise<RunOutcome> {
  const started = startRun(request, overrides);
  const { simulation } = started;
  const { durationUs } = started.pipeline.request.config;
  let logs: LogFileDigest[] = [];
  let result: DriverResult;
  try {
    for (;;) {
      const done = simulation.advance(sliceEvents);
      if (done) break;
      hooks.onProgress?.({
        timeUs: simulation.timeUs,
        durationUs,
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
