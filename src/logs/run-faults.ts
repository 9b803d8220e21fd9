/**
 * A run's faults, read for the analysis, the charts and the exports: `faults.csv` (the evidence)
 * with the manifest's fault list (`faults`: index, kind, stream, fired; `scenario.faults`: each
 * fault as resolved). A run without faults.csv has none, and everything that shows faults shows
 * nothing: its outputs do not change by a byte.
 *
 * The manifest is read again here, raw, because its schema (run-manifest.ts) keeps only what the
 * checks use. `fired` is counted from faults.csv's rows; whether it equals the manifest's, and
 * whether the rows agree with the logs, is `check`'s question, not the pictures'.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../common/errors.js';
import { readJsonFile } from '../common/json-file.js';
import { faultsFileName } from './faults-format.js';
import { manifestFileName } from './manifest.js';
import { faultRowsOf, type RunFaults, runFaultsOf } from './run-faults-of.js';

export type { RunFault, RunFaults } from './run-faults-of.js';

/**
 * The faults of the run in `runDir`, or null when it has no faults.csv. `endUs` is the run's end:
 * spans that never closed last until it. Bad input is refused in one line (run-faults-of.ts).
 */
export function readRunFaults(runDir: string, endUs: number): RunFaults | null {
  const csvPath = join(runDir, faultsFileName);
  if (!existsSync(csvPath)) return null;
  const manifestPath = join(runDir, manifestFileName);
  if (!existsSync(manifestPath)) {
    throw new InputError(
      `${manifestPath}: no such file: faults.csv names its faults by their index in the manifest's list`,
    );
  }
  const manifest = readJsonFile(manifestPath);
  // A run without faults names none in its manifest (no fault list, no resolved faults, no
  // faults.csv among its logs): a faults.csv beside its logs is not its own but a user's file
  // that `run` kept, and is ignored, as check ignores it. A manifest that names faults anywhere
  // is read, and refused where it does not hold together.
  if (!namesFaults(manifest)) return null;
  const rows = faultRowsOf(readFileSync(csvPath, 'latin1'), csvPath);
  return runFaultsOf(rows, csvPath, manifest, manifestPath, endUs);
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
