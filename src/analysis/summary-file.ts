/** `summary.json`: the analysis of a run, written into its directory. */
import { join } from 'node:path';
import { writeOutputFile } from '../output-file.js';
import type { RunAnalysis } from './analyze-run.js';

export const summaryFileName = 'summary.json';

export function writeSummary(runDir: string, summary: RunAnalysis): void {
  // The directory is already in the file's location; keeping it out keeps copies identical.
  const { runDir: _where, ...rest } = summary;
  writeOutputFile(join(runDir, summaryFileName), `${JSON.stringify(rest, null, 2)}\n`);
}
