/**
 * What one side of `compare` is, before any metric is compared: how many machines it has and the
 * scenario fields it states. Runs with different machine counts have no machine-by-machine
 * comparison (every row would pair a machine with nothing), so they are refused; runs of different
 * scenarios can be compared, but the reader must see first that the scenarios differ, or a changed
 * seed reads like a regression.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { InputError } from '../common/errors.js';
import { readRunFiles } from '../logs/run-manifest.js';
import { type Baseline, readBaseline } from './metrics.js';

export interface RunIdentity {
  readonly label: string;
  readonly machineCount: number;
  /** Scenario field → its value as text; only the fields this side states. */
  readonly scenario: Readonly<Record<string, string>>;
}

export interface ScenarioDifference {
  readonly field: string;
  readonly before: string;
  readonly after: string;
}

/** What a side states in place of a scenario field it does not record. */
export const unknownFieldText = '(unknown)';

/** A run directory (its manifest, or its logs alone) or a baseline file. */
export function runIdentity(path: string): RunIdentity {
  if (!existsSync(path)) throw new InputError(`${path}: no such run directory or baseline file`);
  if (!statSync(path).isDirectory()) {
    const baseline = readBaseline(path);
    const machineCount = Object.keys(baseline.hashes).filter((file) =>
      /^machine-\d+\.csv$/.test(file),
    ).length;
    return {
      label: path,
      machineCount,
      scenario: {
        // A baseline file keeps only these; the rest (rates, probability, latency...) is in the
        // manifest of the run it was taken from, so a file compares like the run it stands for.
        ...baselineRunScenario(path, baseline),
        name: baseline.scenario,
        seed: String(baseline.seed),
        durationSec: String(baseline.durationSec),
      },
    };
  }
  const { manifest, machineCount } = readRunFiles(path);
  if (manifest === null) return { label: path, machineCount, scenario: {} };
  return { label: path, machineCount, scenario: scenarioFields(manifest.scenario) };
}

function scenarioFields(stated: Readonly<Record<string, unknown>>): Record<string, string> {
  const scenario: Record<string, string> = {};
  for (const [field, value] of Object.entries(stated)) {
    if (value !== undefined) scenario[field] = fieldText(value);
  }
  return scenario;
}

/**
 * The scenario of the baseline's run copy (`runs/<scenario>/` beside the file), when that copy's
 * manifest vouches for exactly the logs the baseline hashes; otherwise nothing (a stale or broken
 * copy would state another run's scenario), and its fields show as unknown.
 */
function baselineRunScenario(path: string, baseline: Baseline): Record<string, string> {
  const copy = join(dirname(path), 'runs', baseline.scenario);
  if (!existsSync(join(copy, 'manifest.json'))) return {};
  let manifest: ReturnType<typeof readRunFiles>['manifest'];
  try {
    manifest = readRunFiles(copy).manifest;
  } catch (error) {
    if (error instanceof InputError) return {};
    throw error;
  }
  if (manifest === null) return {};
  const logged = new Map(manifest.logs.map((log) => [log.file, log.sha256]));
  const hashed = Object.entries(baseline.hashes);
  const same =
    hashed.length === logged.size && hashed.every(([file, sha256]) => logged.get(file) === sha256);
  return same ? scenarioFields(manifest.scenario) : {};
}

function fieldText(value: unknown): string {
  if (Array.isArray(value)) return value.map(String).join('/');
  if (typeof value === 'object' && value !== null) return JSON.stringify(value);
  return String(value);
}

/** Refuses two sides whose machine counts differ, naming both counts (exit 2). */
export function refuseUnlikeMachineCounts(before: RunIdentity, after: RunIdentity): void {
  if (before.machineCount === after.machineCount) return;
  throw new InputError(
    `${after.label}: expected ${before.machineCount} machines, as ${before.label} has, ` +
      `got ${after.machineCount}: runs with different machine counts cannot be compared machine by machine`,
  );
}

/**
 * The scenario fields that differ, in a stable order (name first). A field only one side states
 * is listed as unknown on the other, but only beside a real difference: two runs of one scenario,
 * one of which records less, are not called different for it.
 */
export function scenarioDifferences(before: RunIdentity, after: RunIdentity): ScenarioDifference[] {
  const fields = [
    ...new Set([...Object.keys(before.scenario), ...Object.keys(after.scenario)]),
  ].sort((a, b) => (a === 'name' ? -1 : b === 'name' ? 1 : a < b ? -1 : a > b ? 1 : 0));
  const differences: ScenarioDifference[] = [];
  for (const field of fields) {
    const left = before.scenario[field] ?? unknownFieldText;
    const right = after.scenario[field] ?? unknownFieldText;
    if (left !== right) differences.push({ field, before: left, after: right });
  }
  const known = differences.filter(
    (difference) => difference.before !== unknownFieldText && difference.after !== unknownFieldText,
  );
  return known.length === 0 ? [] : differences;
}
