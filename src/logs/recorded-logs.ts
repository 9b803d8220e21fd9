/**
 * A run's files held to the manifest's record of them (its `logs`: each machine log and, for a
 * run with faults, faults.csv, with sha256, rows and bytes). What shows a run as the run
 * (analyze, report, plot, export) refuses a file that is not the one the run wrote, or is not
 * there: figures from another file, beside the manifest's, would mix two runs with exit code 0.
 * `check` reports the same differences as findings (check-run.ts); these are its refusals.
 */
import { join } from 'node:path';
import { commandToType } from '../common/command-to-type.js';
import { InputError } from '../common/errors.js';
import { type LogFileDigest, manifestFileName } from './log-file-digest.js';

/** A file as it was read: its name in the run directory, digest, rows and size. */
export interface ReadLog {
  readonly fileName: string;
  sha256(): string;
  readonly rows: number;
  readonly bytes: number;
}

/**
 * Refuses, in one line, the first read file whose sha256 is not the one its manifest entry
 * records (the file changed), or whose entry counts other rows or bytes (the manifest changed).
 * A file the manifest does not list is not held to anything.
 */
export function refuseChangedLogs(
  runDir: string,
  recorded: readonly LogFileDigest[],
  read: readonly ReadLog[],
): void {
  // By name, once: a find per log would be N² string compares for 10 000 machines.
  const recordedByFile = new Map<string, { index: number; log: LogFileDigest }>();
  recorded.forEach((log, index) => {
    if (!recordedByFile.has(log.file)) recordedByFile.set(log.file, { index, log });
  });
  for (const file of read) {
    const entry = recordedByFile.get(file.fileName);
    if (entry === undefined) continue;
    if (entry.log.sha256 !== file.sha256()) {
      throw new InputError(
        `${join(runDir, file.fileName)}: expected the log the manifest describes (its sha256), ` +
          `got another: the logs changed after the run (\`${commandToType(`check ${runDir}`)}\` says where)`,
      );
    }
    for (const [field, actual] of [
      ['rows', file.rows],
      ['bytes', file.bytes],
    ] as const) {
      if (entry.log[field] === actual) continue;
      throw new InputError(
        `${join(runDir, manifestFileName)}: logs[${entry.index}].${field}: expected ${actual} ` +
          `(${file.fileName} has ${actual}), got ${entry.log[field]}: the manifest is not the run's ` +
          `(\`${commandToType(`check ${runDir}`)}\` lists every difference)`,
      );
    }
  }
}

/**
 * The manifest's record of a run's files that they are held to, or null where there is none to
 * hold them to: no manifest, or one assembled from hand-started machines' own reports (it has no
 * sha256 to compare: run-manifest.ts).
 */
export function recordedLogsOf(files: {
  readonly manifest: { readonly logs: readonly LogFileDigest[] } | null;
  readonly assembled: boolean;
}): readonly LogFileDigest[] | null {
  return files.manifest !== null && !files.assembled ? files.manifest.logs : null;
}

/** The refusal of a run whose manifest names faults but whose faults.csv (at `path`) is gone. */
export function missingFaultsFile(path: string): InputError {
  return new InputError(
    `${path}: expected the fault evidence of a run whose manifest lists faults (scenario.faults), got no such file`,
  );
}
