/**
 * A trial's run made in memory: the files `run` would write (machine-N.csv, faults.csv and
 * manifest.json, byte for byte: the playground's memory run, src/playground/memory-run.ts),
 * held as `check` reads a run in memory (runInputInMemory), so that a trial touches no file
 * system. Written to
 * /dev/shm and read back, a trial spent most of its time in file calls and re-reading.
 */
import { createHash } from 'node:crypto';
import { toolVersion } from '../common/paths.js';
import type { LogFileDigest } from '../logs/format.js';
import { type Manifest, manifestText } from '../logs/manifest.js';
import type { RunInMemory } from '../logs/run-input.js';
import { memoryRunLogs, type RunFile, startMemoryRun } from '../playground/memory-run.js';
import { pipelineManifest, type RunOverrides } from '../run/run-pipeline.js';
import type { ResolvedScenario } from '../scenario/resolve.js';

/** How check's messages name a trial's run (where a run directory's path would be). */
export const trialRunLabel = 'explore-trial';

export interface TrialRun {
  readonly manifest: Manifest;
  /** The run's files as `check` reads them (runInputInMemory, named trialRunLabel). */
  readonly memory: RunInMemory;
}

/**
 * Bytes of each machine's row buffer: a trial's logs are some KB; the default 64 KB a machine
 * was allocated and zeroed for every trial.
 */
const trialBufferBytes = 1 << 12;

/** The run `run` would make of `scenario` (without its summary, which a trial never read). */
export function trialRunInMemory(scenario: ResolvedScenario, overrides: RunOverrides): TrialRun {
  const started = startMemoryRun(scenario, undefined, {
    overrides,
    analyze: false,
    bufferBytes: trialBufferBytes,
  });
  const { pipeline } = started;
  while (!pipeline.simulation.advance(Number.POSITIVE_INFINITY));
  const result = pipeline.simulation.finish();
  const logs = memoryRunLogs(started);
  const digests = logs.files.map((file, at) => digestOf(file, logs.rows[at] ?? 0));
  const manifest = pipelineManifest(pipeline, result, digests, toolVersion);
  const machineLogs = logs.files.slice(0, scenario.machines).map((file) => file.bytes);
  const faultsCsv = logs.files[scenario.machines]?.bytes ?? null;
  // check reads manifest.json's JSON value, not the Manifest object that was written out.
  const manifestJson = JSON.parse(manifestText(manifest)) as unknown;
  return { manifest, memory: { manifest: manifestJson, logs: machineLogs, faultsCsv } };
}

function digestOf(file: RunFile, rows: number): LogFileDigest {
  const sha256 = createHash('sha256').update(file.bytes).digest('hex');
  return { file: file.name, sha256, bytes: file.bytes.length, rows };
}
