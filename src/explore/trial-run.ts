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
import { unhashedSha256 } from '../logs/log-file-digest.js';
import type { Manifest } from '../logs/manifest.js';
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

/**
 * How a trial's files are stated. 'sha256': the manifest lists each file's digest, byte for byte
 * the run directory `run` writes. 'unhashed' (explore's trials): the manifest states
 * unhashedSha256 for each file and the run is marked unhashed (RunInMemory), so `check` hashes
 * nothing either. Its verdict is the same: check compares each file's sha256 in the manifest with
 * that of the bytes it reads, and here both would be hashed from the very same bytes (these
 * arrays), read to their end (the causal merge reads every log out, or the check fails on a
 * row, hashed or not), so the comparison holds either way; nothing else in a check without a
 * re-run reads a digest.
 */
export type TrialDigests = 'sha256' | 'unhashed';

/** The run `run` would make of `scenario` (without its summary, which a trial never read). */
export function trialRunInMemory(
  scenario: ResolvedScenario,
  overrides: RunOverrides,
  digests: TrialDigests = 'sha256',
): TrialRun {
  const started = startMemoryRun(scenario, undefined, {
    overrides,
    analyze: false,
    bufferBytes: trialBufferBytes,
  });
  const { pipeline } = started;
  while (!pipeline.simulation.advance(Number.POSITIVE_INFINITY));
  const result = pipeline.simulation.finish();
  const logs = memoryRunLogs(started);
  const unhashed = digests === 'unhashed';
  const fileDigests = logs.files.map((file, at) => digestOf(file, logs.rows[at] ?? 0, unhashed));
  const manifest = pipelineManifest(pipeline, result, fileDigests, toolVersion);
  const machineLogs = logs.files.slice(0, scenario.machines).map((file) => file.bytes);
  const faultsCsv = logs.files[scenario.machines]?.bytes ?? null;
  // check reads manifest.json's JSON value, not the Manifest object that was written out: the
  // value manifestText's indented text parses to (white space is not part of a JSON value).
  const manifestJson = JSON.parse(JSON.stringify(manifest)) as unknown;
  return {
    manifest,
    memory: {
      manifest: manifestJson,
      logs: machineLogs,
      faultsCsv,
      ...(unhashed ? { unhashed } : {}),
    },
  };
}

function digestOf(file: RunFile, rows: number, unhashed: boolean): LogFileDigest {
  const sha256 = unhashed ? unhashedSha256 : createHash('sha256').update(file.bytes).digest('hex');
  return { file: file.name, sha256, bytes: file.bytes.length, rows };
}
