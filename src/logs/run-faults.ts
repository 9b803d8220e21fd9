/**
 * A run's faults, read for the analysis, the charts and the exports: `faults.csv` (the evidence)
 * with the manifest's fault list (`faults`: index, kind, stream, fired; `scenario.faults`: each
 * fault as resolved). A run whose manifest names no faults has none, and everything that shows
 * faults shows nothing: its outputs do not change by a byte. One whose manifest names faults
 * has faults.csv, as `check` requires: without it, the run is refused, not shown as faultless.
 *
 * The manifest is read again here, raw, because its schema (run-manifest.ts) keeps only what the
 * checks use. `fired` is counted from faults.csv's rows; whether it equals the manifest's, and
 * whether the rows agree with the logs, is `check`'s question, not the pictures'.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../common/errors.js';
import { readJsonFile } from '../common/json-file.js';
import { faultsFileName } from './faults-format.js';
import { type LogFileDigest, manifestFileName, unhashedSha256 } from './log-file-digest.js';
import { missingFaultsFile, type ReadLog, refuseChangedLogs } from './recorded-logs.js';
import { faultRowsOf, type RunFaults, runFaultsOf } from './run-faults-of.js';

export type { RunFault, RunFaults } from './run-faults-of.js';

/**
 * The faults of the run in `runDir`, or null when its manifest names none. `endUs` is the run's
 * end: spans that never closed last until it. `recorded`: the manifest's list of the run's files
 * (`logs`) that faults.csv is held to (refuseChangedLogs): a caller that shows the run as the run
 * (analyze, export) refuses a faults.csv the run did not write; null holds it to nothing (`view`,
 * whose check reports the difference). Bad input is refused in one line (run-faults-of.ts), and
 * so is a missing faults.csv of a run whose manifest names faults.
 */
export function readRunFaults(
  runDir: string,
  endUs: number,
  recorded: readonly LogFileDigest[] | null,
): RunFaults | null {
  const csvPath = join(runDir, faultsFileName);
  const manifestPath = join(runDir, manifestFileName);
  return runFaultsOfFiles(
    {
      runDir,
      csv: existsSync(csvPath) ? readFileSync(csvPath) : null,
      manifest: existsSync(manifestPath) ? readJsonFile(manifestPath) : null,
      recorded,
      hashed: true,
    },
    endUs,
  );
}

/** A run's faults.csv and manifest, as read from its directory or held in memory (run-input.ts). */
export interface RunFaultsFiles {
  /** The run directory; for a run in memory, how messages name it. */
  readonly runDir: string;
  /** faults.csv's bytes; null when there is none. */
  readonly csv: Uint8Array | null;
  /** manifest.json's JSON value; null when there is none. */
  readonly manifest: unknown;
  /** As for readRunFaults. */
  readonly recorded: readonly LogFileDigest[] | null;
  /** False: faults.csv's sha256 is taken as unhashedSha256 (RunInMemory.unhashed). */
  readonly hashed: boolean;
}

/** readRunFaults of files already in hand. */
export function runFaultsOfFiles(files: RunFaultsFiles, endUs: number): RunFaults | null {
  const { runDir, csv, manifest, recorded } = files;
  const csvPath = join(runDir, faultsFileName);
  const manifestPath = join(runDir, manifestFileName);
  if (manifest === null) {
    if (csv === null) return null;
    throw new InputError(
      `${manifestPath}: no such file: faults.csv names its faults by their index in the manifest's list`,
    );
  }
  // A run without faults names none in its manifest (no fault list, no resolved faults, no
  // faults.csv among its logs): a faults.csv beside its logs is not its own but a user's file
  // that `run` kept, and is ignored, as check ignores it. A manifest that names faults anywhere
  // is read, and refused where it does not hold together; without faults.csv, as `check` is.
  if (!namesFaults(manifest)) return null;
  if (csv === null) throw missingFaultsFile(csvPath);
  // A view of the bytes, not a copy: they are only hashed and decoded.
  const bytes = Buffer.from(csv.buffer, csv.byteOffset, csv.byteLength);
  const text = bytes.toString('latin1');
  // Before its rows are parsed: an edited faults.csv is refused as changed, not for what the
  // edit broke. Its rows are its lines after the header (each ends in a newline): exact for any
  // file whose sha256 is the recorded one, the only one whose rows are compared.
  if (recorded !== null) {
    const digest = files.hashed ? createHash('sha256').update(bytes).digest('hex') : unhashedSha256;
    const read: ReadLog = {
      fileName: faultsFileName,
      sha256: () => digest,
      rows: Math.max(0, newlinesIn(text) - 1),
      bytes: bytes.length,
    };
    refuseChangedLogs(runDir, recorded, [read]);
  }
  const rows = faultRowsOf(text, csvPath);
  return runFaultsOf(rows, csvPath, manifest, manifestPath, endUs);
}

function newlinesIn(text: string): number {
  let count = 0;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) count += 1;
  return count;
}

function namesFaults(manifest: unknown): boolean {
  if (typeof manifest !== 'object' || manifest === null) return true;
  const { faults, scenario, logs } = manifest as Record<string, unknown>;
  if (faults !== undefined) return true;
  if (typeof scenario === 'object' && scenario !== null && 'faults' in scenario) return true;
  return (
    !Array.isArray(logs) ||
    logs.some((entry) => typeof entry === 'object' && entry?.file === faultsFileName)
  );
}
