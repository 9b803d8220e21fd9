/**
 * One experiment run: simulate, then analyse. The result holds only numbers that follow from the
 * scenario and seed (no wall times), so the report is the same whenever it is made.
 */
import { join } from 'node:path';
import { analyzeRun, type RunAnalysis } from '../analysis/analyze-run.js';
import { runQueueChart } from '../analysis/run-charts.js';
import { writeSummary } from '../analysis/summary-file.js';
import { executeRun } from '../run/virtual-run.js';
import { loadScenario } from '../scenario/load.js';
import { type ResolvedScenario, resolveScenario } from '../scenario/resolve.js';
import type { Job } from './matrix.js';

export interface JobResult {
  readonly job: Job;
  readonly rates: readonly number[];
  readonly internalProbability: number;
  readonly summary: RunAnalysis;
  /** The run's queue chart (SVG), for the report's figures. */
  readonly queueSvg: string;
}

/** The scenario a job runs: its experiment's, with the job's duration, seed and overrides. */
export function jobScenario(job: Job): ResolvedScenario {
  const values = { durationSec: job.durationSec, seed: job.seed, ...job.overrides };
  return resolveScenario(loadScenario(job.scenario, { values, flags: {} }), job.seed);
}

export async function runJob(job: Job): Promise<JobResult> {
  const scenario = jobScenario(job);
  const outcome = await executeRun({ scenario, outDir: job.outDir, force: true, analyze: true });
  const analysis = outcome.analysis ?? analyzeRun(job.outDir);
  const note = writeSummary(job.outDir, analysis.summary);
  // The job's directory was made empty for it (experiments-action.ts): the summary is never kept.
  if (note !== null) throw new Error(note);
  const queue = runQueueChart(analysis, `${job.experiment} (seed ${job.seed})`);
  return {
    job,
    rates: scenario.rates,
    internalProbability: scenario.internalProbability,
    summary: { ...analysis.summary, runDir: join('runs', `${job.experiment}-seed${job.seed}`) },
    queueSvg: queue.svg,
  };
}
