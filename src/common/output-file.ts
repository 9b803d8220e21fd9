/**
 * Writing a file the user asked for (a manifest, a summary, a chart, a report). A write the
 * system refuses, a full disk or a read-only place, ends the program in one line that names the
 * file (exit code 2): Node's own message for a failed write names the call, not the file.
 *
 * The text goes to a temporary file beside the target, which is then renamed over it: a write
 * that fails half way leaves the earlier file whole, not cut at the point the disk filled
 * (`report` on a full disk turned a good page into its first 32 KB). A target that is not a
 * regular file (a device, a link to one such as /dev/stdout) is written through as it is: a
 * rename would replace the link itself. A link to a regular file is written through too unless
 * `replaceLinkToFile` (the user passed --force for that very path): then the link is replaced
 * and the file it pointed at is left alone, never overwritten from afar.
 */
import { lstatSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { threadId } from 'node:worker_threads';
import { describeSystemError, InputError, systemErrorCode } from './errors.js';

export interface WriteOutputOptions {
  readonly replaceLinkToFile?: boolean;
}

export function writeOutputFile(
  path: string,
  text: string | Uint8Array,
  options: WriteOutputOptions = {},
): void {
  // Beside the target, so the rename stays on one file system; pid and thread keep two
  // writers (experiment workers share the pid) apart.
  const temporaryPath = `${path}.${process.pid}-${threadId}.partial`;
  let replace = false;
  try {
    replace = !isOtherThanAFile(path) || (options.replaceLinkToFile === true && isLinkToFile(path));
    if (!replace) {
      writeFileSync(path, text);
      return;
    }
    writeFileSync(temporaryPath, text);
    renameSync(temporaryPath, path);
  } catch (error) {
    if (replace) removeQuietly(temporaryPath);
    if (systemErrorCode(error) === null) throw error;
    throw new InputError(`${path}: cannot write it: ${describeSystemError(error)}`);
  }
}

/** Whether something other than a regular file is at `path` (nothing there: false). */
function isOtherThanAFile(path: string): boolean {
  try {
    return !lstatSync(path).isFile();
  } catch {
    return false;
  }
}

/** Whether `path` is a symbolic link to a regular file (or to nothing: a file is made there). */
function isLinkToFile(path: string): boolean {
  try {
    if (!lstatSync(path).isSymbolicLink()) return false;
  } catch {
    return false;
  }
  try {
    return statSync(path).isFile();
  } catch {
    return true;
  }
}

/** Removes what a failed write left; a failure here must not hide the write's own error. */
function removeQuietly(path: string): void {
  try {
    rmSync(path, { force: true });
  } catch {
    // Not a file we made (a directory in the way): left as it is.
  }
}
