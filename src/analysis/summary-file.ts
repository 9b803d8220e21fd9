/** `summary.json`: the analysis of a run, written into its directory. */
import { join } from 'node:path';
import { ownershipOf, writeOwnedFile } from '../logs/owned-files.js';
import type { RunAnalysis } from './run-analyzer.js';
import { summaryFileName, summaryText } from './summary-text.js';

export { summaryFileName };

/**
 * Writes summary.json, unless a summary.json there is the user's (see owned-files.ts): then it is
 * left as it is and the reason returned, for the caller to say (analyze's and report's summary is
 * a by-product; their output is the text or the page).
 */
export function writeSummary(runDir: string, summary: RunAnalysis): string | null {
  const path = join(runDir, summaryFileName);
  const ownership = ownershipOf(path);
  if (ownership.kind === 'theirs') {
    return `note: ${path} left as it is: it is ${ownership.why}\n`;
  }
  writeOwnedFile(path, summaryText(summary));
  return null;
}
