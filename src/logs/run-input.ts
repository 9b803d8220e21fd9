/**
 * A run as `check` and `analyze` read it: a run directory, or the same files held in memory (a
 * run made in the caller's process and checked there, issue 22, with no file written). The
 * bytes in memory are exactly those the run directory would hold, so a check of either finds
 * the same things, named the same way (`machine-1.csv:57`).
 */
import { join } from 'node:path';
import { logFileName } from './format.js';
import { LogReader } from './log-reader.js';
import { manifestFileName } from './manifest.js';
import { type RunFiles, readRunFiles, runFilesOfManifest } from './run-manifest.js';
import { closeRunLogs, logReaderOptions, openRunLogs } from './run-logs.js';

/** What a run held in memory has instead of files. */
export interface RunInMemory {
  /** manifest.json's JSON value; null for events alone (no manifest). */
  readonly manifest: unknown;
  /** The bytes of machine-0.csv, machine-1.csv ... */
  readonly logs: readonly Uint8Array[];
  /** The bytes of faults.csv; null for a run without faults. */
  readonly faultsCsv: Uint8Array | null;
  /**
   * True when the manifest states unhashedSha256 for every file instead of its digest, and
   * `check` is to hash nothing either, taking each file's sha256 as that. Only for a maker that
   * stated the digests of these very bytes, so that hashed, both sides would agree: explore's
   * trials (src/explore/trial-run.ts), made and checked in one process, whose hashing was a
   * tenth of a trial's time. Such a run cannot be re-run for rule 0 (the re-run's digests are
   * real): check it with rerun 'never'.
   */
  readonly unhashed?: boolean;
}

export interface RunInput {
  /** The run directory; for a run in memory, how messages name it. */
  readonly runDir: string;
  readonly files: RunFiles;
  /** Null for a run directory: its files are read from there. */
  readonly memory: RunInMemory | null;
  /** Readers for machine-0.csv .. machine-<n-1>.csv, headers checked. */
  openLogs(options?: { readonly reuseRows?: boolean }): LogReader[];
}

export function runInputOfDir(runDir: string): RunInput {
  const files = readRunFiles(runDir);
  return {
    runDir,
    files,
    memory: null,
    openLogs: (options) => openRunLogs(runDir, files.machineCount, options),
  };
}

/**
 * A run in memory, named `label` in messages. Its manifest is parsed and checked as
 * manifest.json is (an inconsistent one is unreadable input); without one, the machine count is
 * the number of logs.
 */
export function runInputInMemory(label: string, memory: RunInMemory): RunInput {
  const files: RunFiles =
    memory.manifest === null
      ? { manifest: null, machineCount: memory.logs.length, assembled: false, scenarioKnown: false }
      : runFilesOfManifest(memory.manifest, join(label, manifestFileName));
  return {
    runDir: label,
    files,
    memory,
    openLogs: (options) => {
      const shared = {
        ...logReaderOptions(files.machineCount),
        ...options,
        hashed: memory.unhashed !== true,
      };
      const readers: LogReader[] = [];
      try {
        for (let id = 0; id < files.machineCount; id += 1) {
          const bytes = memory.logs[id] ?? new Uint8Array();
          readers.push(new LogReader(join(label, logFileName(id)), { ...shared, bytes }));
        }
      } catch (error) {
        closeRunLogs(readers);
        throw error;
      }
      return readers;
    },
  };
}
