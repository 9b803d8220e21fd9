/**
 * The earlier run a `--force` run replaces, kept until the new run has started. A TCP run's
 * machines create their logs before they listen, so removing the earlier run first (as a virtual
 * run may: it cannot fail to start) lost it whenever the start then failed: a port in use left a
 * directory holding nothing but the record. Instead its files are moved aside, into a directory
 * inside the run's own (so the move is a rename on one file system), and either
 * - given back, byte for byte and with the record as it was, when the start fails; or
 * - removed once the run has started, with the subdirectories of its output (charts/): the same
 *   removal removeOwnedFiles makes, so a run that starts leaves the same files and record.
 * A launcher killed (kill -9) before either leaves the earlier run in `.lamport-lab-previous-*`.
 */
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeOutputFile } from '../common/output-file.js';
import {
  ownedRecordFileName,
  removeOwnedSubdirectories,
  setAsideOwnedFiles,
} from './owned-files.js';

export class PreviousRun {
  readonly #directory: string;
  readonly #asideDir: string;
  /** The record's bytes before anything was moved, or null when there was none. */
  readonly #recordBytes: Buffer | null;
  readonly #moved: readonly string[];
  #settled = false;

  private constructor(directory: string) {
    this.#directory = directory;
    const recordPath = join(directory, ownedRecordFileName);
    this.#recordBytes = existsSync(recordPath) ? readFileSync(recordPath) : null;
    this.#asideDir = mkdtempSync(join(directory, '.lamport-lab-previous-'));
    this.#moved = setAsideOwnedFiles(directory, this.#asideDir);
  }

  /** Moves lamport-lab's files in `directory` aside (the directory exists and was checked). */
  static setAside(directory: string): PreviousRun {
    return new PreviousRun(directory);
  }

  /**
   * The new run did not start: its files at `newNames` (nothing of the user's can be there: the
   * earlier run's are aside, and a file of the user's at those names was refused) are removed,
   * and the earlier run and its record are put back as they were.
   */
  restore(newNames: readonly string[]): void {
    if (this.#settled) return;
    this.#settled = true;
    for (const name of newNames) rmSync(join(this.#directory, name), { force: true });
    for (const name of this.#moved)
      renameSync(join(this.#asideDir, name), join(this.#directory, name));
    const recordPath = join(this.#directory, ownedRecordFileName);
    if (this.#recordBytes === null) rmSync(recordPath, { force: true });
    else writeOutputFile(recordPath, this.#recordBytes);
    rmSync(this.#asideDir, { recursive: true, force: true });
  }

  /** The new run started: the earlier one is removed for good. */
  discard(): void {
    if (this.#settled) return;
    this.#settled = true;
    rmSync(this.#asideDir, { recursive: true, force: true });
    removeOwnedSubdirectories(this.#directory);
  }
}
