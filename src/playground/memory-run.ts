/**
 * A virtual run made in memory: the files `lamport-lab run <scenario> --seed S --out D` writes
 * (machine-N.csv, faults.csv with faults, manifest.json, summary.json), byte for byte, without a
 * file system. The run goes through the CLI's own pipeline (src/run/run-pipeline.ts) with the
 * logs kept in memory instead of written; sha256 comes from the caller (WebCrypto in the
 * browser), since the logs' digests are only needed once the run is over. No Node API: the
 * playground runs this in a Web Worker.
 */
import { assert } from '../../core/index.js';
import type { DriverResult, EventSink, RunConfig } from '../../transports/run-config.js';
import type { AnalysisResult } from '../analysis/run-analyzer.js';
import { summaryFileName, summaryText } from '../analysis/summary-text.js';
import { CsvRows } from '../logs/csv-rows.js';
import { FaultsCsvText } from '../logs/faults-csv-text.js';
import { faultsFileName } from '../logs/faults-format.js';
import { type LogFileDigest, logFileName } from '../logs/format.js';
import { type Manifest, manifestFileName, manifestText } from '../logs/manifest.js';
import { faultRowsOf, type RunFaults, runFaultsOf } from '../logs/run-faults-of.js';
import {
  type Pipeline,
  pipelineAnalysis,
  pipelineManifest,
  type RunOverrides,
  startPipeline,
} from '../run/run-pipeline.js';
import { type ResolvedScenario, toRunConfig } from '../scenario/resolve.js';

/** The hex SHA-256 of some bytes (WebCrypto's digest is asynchronous). */
export type Sha256Hex = (bytes: Uint8Array) => Promise<string>;

export interface MemoryRunProgress {
  readonly timeUs: number;
  readonly durationUs: number;
  readonly events: number;
}

export interface MemoryRunRequest {
  readonly scenario: ResolvedScenario;
  /** lamport-lab's version, as the manifest records it (package.json's, given by the page). */
  readonly toolVersion: string;
  readonly sha256Hex: Sha256Hex;
  /** Called between slices of the run (a worker posts it to the page). */
  readonly onProgress?: (progress: MemoryRunProgress) => void;
  /** Hears every event after the run's own sinks (the viewer's data). */
  readonly observer?: EventSink;
}

export interface RunFile {
  readonly name: string;
  readonly bytes: Uint8Array;
}

export interface MemoryRun {
  /** In the order the manifest lists them, then manifest.json and summary.json. */
  readonly files: readonly RunFile[];
  readonly manifest: Manifest;
  readonly analysis: AnalysisResult | null;
  /** The faults as faults.csv records them (null for a fault-free run). */
  readonly faults: RunFaults | null;
}

/** Events per slice between progress reports. */
const sliceEvents = 1 << 16;

/** The run's directory as the analysis sees it: summary.json leaves it out, so any name does. */
const memoryRunDir = '.';

/** Text whose characters are all below U+0100 as one byte each (faults.csv is ASCII). */
function latin1Bytes(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i += 1) bytes[i] = text.charCodeAt(i);
  return bytes;
}

function joined(chunks: readonly Uint8Array[], length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  return bytes;
}

async function digestOf(file: RunFile, rows: number, sha256Hex: Sha256Hex): Promise<LogFileDigest> {
  return { file: file.name, sha256: await sha256Hex(file.bytes), bytes: file.bytes.length, rows };
}

/**
 * A memory run whose driver is ready: advance `pipeline.simulation` (in slices or at once), call
 * its finish(), then take the logs (memoryRunLogs) and, with their digests, the rest
 * (finishMemoryRun). Split so that a caller with a synchronous hash (the library's `simulate`,
 * node:crypto) makes the same bytes by the same code without awaiting.
 */
export interface StartedMemoryRun {
  readonly scenario: ResolvedScenario;
  readonly config: RunConfig;
  readonly pipeline: Pipeline;
  readonly csv: CsvRows;
  readonly chunks: readonly Uint8Array[][];
  readonly faultsLog: FaultsCsvText | null;
}

/**
 * How a memory run is made beyond its scenario. `explore`'s trials (src/explore) give the
 * driver's overrides and leave the analysis out, as its runs to disk did; a trial's logs are a
 * few KB, so a smaller buffer per machine spares allocating 64 KB each for every trial.
 */
export interface MemoryRunOptions {
  readonly overrides?: RunOverrides;
  /** Analyse the run as it goes, as `run` does (default true: summary.json is made). */
  readonly analyze?: boolean;
  /** Bytes of each machine's row buffer (default 64 KB). */
  readonly bufferBytes?: number;
}

export function startMemoryRun(
  scenario: ResolvedScenario,
  observer: EventSink | undefined,
  options: MemoryRunOptions = {},
): StartedMemoryRun {
  const config = toRunConfig(scenario);
  // The CSV sink copies each full buffer out: the buffer is reused for the next rows.
  const chunks: Uint8Array[][] = Array.from({ length: scenario.machines }, () => []);
  const csv = new CsvRows(scenario.machines, options.bufferBytes ?? 1 << 16, (machineId, chunk) =>
    chunks[machineId]?.push(chunk.slice()),
  );
  const faultsLog = config.faults.length === 0 ? null : new FaultsCsvText(config.faults);
  // As `run` does: analysed as it goes, the summary only (no per-event series).
  const overrides = { ...options.overrides, ...(observer === undefined ? {} : { observer }) };
  const pipeline = startPipeline(
    { scenario, config, csv, faultsLog, analyze: options.analyze ?? true, analysisSeries: false },
    overrides,
  );
  return { scenario, config, pipeline, csv, chunks, faultsLog };
}

/** The logs of a finished memory run: machine-N.csv, then faults.csv with faults; their rows. */
export interface MemoryRunLogs {
  readonly files: readonly RunFile[];
  readonly rows: readonly number[];
  readonly faultsText: string | null;
}

export function memoryRunLogs(started: StartedMemoryRun): MemoryRunLogs {
  const { csv, chunks, faultsLog } = started;
  const counts = csv.finish();
  const files: RunFile[] = counts.map(({ bytes }, id) => ({
    name: logFileName(id),
    bytes: joined(chunks[id] ?? [], bytes),
  }));
  const rows = counts.map(({ rows }) => rows);
  const faultsText = faultsLog?.text() ?? null;
  if (faultsLog !== null && faultsText !== null) {
    files.push({ name: faultsFileName, bytes: latin1Bytes(faultsText) });
    rows.push(faultsLog.rows);
  }
  return { files, rows, faultsText };
}

/** The manifest and summary of a finished memory run, given its logs' digests (in their order). */
export function finishMemoryRun(
  started: StartedMemoryRun,
  result: DriverResult,
  logs: MemoryRunLogs,
  digests: readonly LogFileDigest[],
  toolVersion: string,
): MemoryRun {
  const { pipeline, config } = started;
  const { faultsText } = logs;
  const files = [...logs.files];
  const manifest = pipelineManifest(pipeline, result, digests, toolVersion);
  const manifestJson = manifestText(manifest);
  files.push({ name: manifestFileName, bytes: new TextEncoder().encode(manifestJson) });
  // As `run` reads faults.csv and the manifest back for the summary's faults section.
  const faults =
    faultsText === null
      ? null
      : runFaultsOf(
          faultRowsOf(faultsText, faultsFileName),
          faultsFileName,
          JSON.parse(manifestJson),
          manifestFileName,
          config.durationUs,
        );
  const analysis = pipelineAnalysis(pipeline, manifest, memoryRunDir, () => {
    assert(faults !== null, 'a run with faults recorded faults.csv');
    return faults;
  });
  if (analysis !== null) {
    files.push({
      name: summaryFileName,
      bytes: new TextEncoder().encode(summaryText(analysis.summary)),
    });
  }
  return { files, manifest, analysis, faults };
}

export async function runInMemory(request: MemoryRunRequest): Promise<MemoryRun> {
  const { sha256Hex } = request;
  const started = startMemoryRun(request.scenario, request.observer);
  const { simulation } = started.pipeline;
  while (!simulation.advance(sliceEvents)) {
    request.onProgress?.({
      timeUs: simulation.timeUs,
      durationUs: started.config.durationUs,
      events: simulation.events,
    });
  }
  const result = simulation.finish();
  const logs = memoryRunLogs(started);
  const digests = await Promise.all(
    logs.files.map((file, at) => digestOf(file, logs.rows[at] ?? 0, sha256Hex)),
  );
  return finishMemoryRun(started, result, logs, digests, request.toolVersion);
}

/** SHA-256 by WebCrypto (the browser's, and Node 20's globalThis.crypto), as lower-case hex. */
export async function webCryptoSha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(
    await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>),
  );
  let hex = '';
  for (const byte of digest) hex += byte.toString(16).padStart(2, '0');
  return hex;
}
