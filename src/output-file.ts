/**
 * Writing a file the user asked for (a manifest, a summary, a chart, a report). A write the
 * system refuses, a full disk or a read-only place, ends the program in one line that names the
 * file (exit code 2): Node's own message for a failed write names the call, not the file.
 */
import { writeFileSync } from 'node:fs';
import { describeSystemError, InputError, systemErrorCode } from './errors.js';

export function writeOutputFile(path: string, text: string): void {
  try {
    writeFileSync(path, text);
  } catch (error) {
    if (systemErrorCode(error) === null) throw error;
    throw new InputError(`${path}: cannot write it: ${describeSystemError(error)}`);
  }
}
