/**
 * Which internal errors left an output directory half written. A command's work is wrapped from
 * before it may touch its directory to when the directory is whole; a bug in between is carried
 * out as an UnfinishedOutputError only when the directory's record of lamport-lab's files
 * changed meanwhile (made, emptied by --force or added to): then lamport-lab wrote there and the
 * directory is its own, half done. An error before anything was written, or bad input and
 * refusals by the system (exit 2, one line), pass through as they are: the directory may be the
 * user's, and must never be called ours to remove.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ChildFailedError, exitCodeOf } from '../common/errors.js';
import { exitCodes } from '../common/exit-codes.js';
import { UnfinishedOutputError } from '../common/unfinished-output.js';
import { ownedRecordFileName } from './owned-files.js';

/** The record's bytes, or null when there is none (or it cannot be read). */
function recordText(directory: string): string | null {
  try {
    return readFileSync(join(directory, ownedRecordFileName), 'utf8');
  } catch {
    return null;
  }
}

/**
 * Runs `work`, which writes `directory`; `again` is the command that replaces the directory,
 * when the caller can word it (see UnfinishedOutputError).
 */
export async function writingOutput<T>(
  directory: string,
  again: string | null,
  work: () => Promise<T> | T,
): Promise<T> {
  const before = recordText(directory);
  try {
    return await work();
  } catch (error) {
    // A bug only: a child that failed (a router killed mid-run) is reported in its own one line.
    const bug = exitCodeOf(error) === exitCodes.internal && !(error instanceof ChildFailedError);
    if (!bug || error instanceof UnfinishedOutputError || recordText(directory) === before) {
      throw error;
    }
    throw new UnfinishedOutputError(directory, error, again);
  }
}
