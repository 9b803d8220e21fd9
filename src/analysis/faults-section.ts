/**
 * The faults section added to a run's analysis: `analyze` adds it after reading the logs, `run`
 * after analysing as it went; both from faults.csv and the inflation replay's figures.
 */
import type { RunFaults } from '../logs/run-faults-of.js';
import type { InflationFigures } from './clock-inflation.js';
import { analyzeFaults } from './fault-analysis.js';
import type { AnalysisResult } from './run-analyzer.js';

/**
 * `result` with the faults section of a run's faults.csv (`read`) and, when some copy carried
 * a corrupted clock, the inflation its replay measured: what `analyze` adds to a run with
 * faults, and what `run` adds to the analysis it made as it went.
 */
export function withFaultsSection(
  result: AnalysisResult,
  read: RunFaults,
  inflation: InflationFigures | null,
): AnalysisResult {
  const corrupted = read.copies.some((copy) => copy.action === 'corrupt');
  const section = analyzeFaults(read, corrupted ? inflation : null);
  return { ...result, summary: { ...result.summary, faults: section }, faults: read };
}
