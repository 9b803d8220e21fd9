/** A run written as the CLI writes it: the same run directory, byte for byte. */
import { assert } from '../../core/index.js';
import { writeSummary } from '../analysis/summary-file.js';
import { InputError } from '../common/errors.js';
import { manifestText } from '../logs/manifest.js';
import { checkOutDir, runFileNames } from '../logs/out-dir.js';
import { makeOwnedDirectory } from '../logs/owned-files.js';
import { executeRun } from '../run/virtual-run.js';
import type { Scenario } from './scenario.js';
import { resolvedScenarioOf } from './scenario-input.js';
import type { RunManifest } from './simulate.js';

/** Options of {@link writeRun}. */
export interface WriteRunOptions {
  /** The seed, a whole number 0..2^32-1; else the scenario's `seed`; else a random one. */
  readonly seed?: number | undefined;
  /**
   * Replace lamport-lab's own earlier output in outDir, as `run --force` does (default false:
   * a directory that is not empty is refused). A file lamport-lab did not write is never
   * replaced, with or without it.
   */
  readonly force?: boolean | undefined;
}

/** A run directory {@link writeRun} wrote. */
export interface WrittenRun {
  /** The directory, as given. */
  readonly outDir: string;
  /** The seed the run used. */
  readonly seed: number;
  /**
   * The files written, by name, in the manifest's order: machine-N.csv, faults.csv (with
   * faults), then manifest.json and summary.json.
   */
  readonly files: readonly string[];
  /** manifest.json's content. */
  readonly manifest: RunManifest;
}

/**
 * An output directory the run may not write into, refused as `lamport-lab run --out` refuses
 * it (before anything is written or removed): a file where the directory should be, a
 * directory that is not empty (without `force`), or a file there that lamport-lab did not write
 * (even with `force`). Its message is the CLI's line without the `lamport-lab: ` prefix, in the
 * CLI's words: `--out` is `outDir`, `--force` the `force` option.
 */
export class RunDirectoryError extends Error {
  override readonly name = 'RunDirectoryError';
  /** The directory refused, as given. */
  readonly outDir: string;

  constructor(message: string, outDir: string) {
    super(message);
    this.outDir = outDir;
  }
}

/**
 * Runs the scenario in virtual time and writes its run directory, as `lamport-lab run
 * <scenario> --seed S --out outDir` does: machine-N.csv, faults.csv (with faults),
 * manifest.json and summary.json, byte for byte the CLI's (a test holds them equal for every
 * bundled scenario), and lamport-lab's record of the files it owns. The run yields to the event
 * loop between slices. Never prints, never exits the process.
 *
 * @param outDir - The run's directory (relative to the working directory); made if absent.
 * @throws {@link ScenarioError} when the scenario (or `options.seed`) is invalid.
 * @throws {@link RunDirectoryError} when outDir may not receive the run (see there).
 * @throws the system's error (with its `code`, e.g. `EACCES`) when the disk refuses.
 * @example
 * ```ts
 * import { bundledScenario, writeRun } from 'lamport-lab';
 *
 * const run = await writeRun(bundledScenario('lossy'), 'logs/lossy-7', { seed: 7, force: true });
 * console.log(run.files.join(' '), run.manifest.events);
 * ```
 */
export async function writeRun(
  scenario: Scenario,
  outDir: string,
  options: WriteRunOptions = {},
): Promise<WrittenRun> {
  const resolved = resolvedScenarioOf(scenario, options.seed);
  const force = options.force === true;
  const files = runFileNames(resolved.machines, { faults: resolved.faults !== undefined });
  try {
    // As `run`: the directory is checked and made before the run starts.
    checkOutDir(outDir, force, files);
    makeOwnedDirectory(outDir, '--out');
    const outcome = await executeRun({
      scenario: resolved,
      outDir,
      force,
      analyze: true,
      analysisSeries: false,
    });
    assert(outcome.analysis !== null, 'a run that was not stopped is analysed');
    // checkOutDir refused a summary.json of the user's, so this one is lamport-lab's to write.
    const note = writeSummary(outDir, outcome.analysis.summary);
    if (note !== null) throw new InputError(note.trim());
    return {
      outDir,
      seed: resolved.seed,
      files: [...outcome.manifest.logs.map((log) => log.file), 'manifest.json', 'summary.json'],
      manifest: JSON.parse(manifestText(outcome.manifest)) as RunManifest,
    };
  } catch (error) {
    if (error instanceof InputError) throw new RunDirectoryError(error.message, outDir);
    throw error;
  }
}
