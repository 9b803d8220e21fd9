/**
 * What a regression comparison compares: the sha256 of every log of a run (exact) and its key
 * statistics by name (compared with a tolerance). A run directory and a baseline file give the same
 * shape, so either can stand on either side of `compare`.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod';
import { analyzeRun } from '../analysis/analyze-run.js';
import { describeValue, InputError } from '../common/errors.js';
import { readJsonFile } from '../common/json-file.js';
import { readRunFiles } from '../logs/run-manifest.js';

export interface RunMetrics {
  readonly label: string;
  readonly hashes: Readonly<Record<string, string>>;
  readonly metrics: Readonly<Record<string, number>>;
}

export const baselineSchema = z.object({
  scenario: z.string(),
  seed: z.number(),
  durationSec: z.number(),
  hashes: z.record(z.string(), z.string()),
  metrics: z.record(z.string(), z.number()),
});

export type Baseline = z.output<typeof baselineSchema>;

/** The metrics of a run directory, from its manifest and its logs. */
export function metricsOfRun(runDir: string): RunMetrics {
  const { manifest } = readRunFiles(runDir);
  if (manifest === null)
    throw new InputError(`${runDir}: expected a run with manifest.json, found none`);
  const hashes = Object.fromEntries(manifest.logs.map((log) => [log.file, log.sha256]));
  const metrics: Record<string, number> = {};
  for (const machine of analyzeRun(runDir).summary.machines) {
    const at = `machine ${machine.id}`;
    metrics[`${at} events`] = machine.events.total;
    metrics[`${at} final clock`] = machine.finalClock;
    metrics[`${at} jump max`] = machine.jumps.max;
    metrics[`${at} jump mean`] = round6(machine.jumps.mean);
    metrics[`${at} drift max`] = machine.drift.max;
    metrics[`${at} queue max`] = machine.queue.max;
    metrics[`${at} queue growth/s`] = round6(machine.queue.growthPerSec);
  }
  return { label: runDir, hashes, metrics };
}

/** A run directory or a baseline JSON file. */
export function metricsOf(path: string): RunMetrics {
  if (!existsSync(path)) throw new InputError(`${path}: no such run directory or baseline file`);
  if (statSync(path).isDirectory()) return metricsOfRun(path);
  return { ...readBaseline(path), label: path };
}

export function readBaseline(path: string): Baseline {
  const value = readJsonFile(path);
  const parsed = baselineSchema.safeParse(value, { reportInput: true });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') || '(top)';
    throw new InputError(
      `${path}: ${field}: expected a baseline field, got ${describeValue(issue?.input)}`,
    );
  }
  return parsed.data;
}

export function baselinePath(baselinesDir: string, scenario: string): string {
  return join(baselinesDir, `${scenario}.json`);
}

/** Six decimals: stable across platforms, precise enough to see a real change. */
function round6(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
