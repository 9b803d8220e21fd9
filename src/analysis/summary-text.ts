/**
 * `summary.json`'s name and text. No Node API (summary-file.ts writes it): the browser playground
 * makes the very bytes the CLI writes beside a run's logs.
 */
import type { RunAnalysis } from './run-analyzer.js';

export const summaryFileName = 'summary.json';

/** The text of summary.json: the analysis without the directory it is in, two-space JSON. */
export function summaryText(summary: RunAnalysis): string {
  // The directory is already in the file's location; keeping it out keeps copies identical.
  const { runDir: _where, ...rest } = summary;
  return `${JSON.stringify(rest, null, 2)}\n`;
}
