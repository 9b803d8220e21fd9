/**
 * What one side of `compare` is, before any metric is compared: how many machines it has and the
 * scenario fields it states. Runs with different machine counts have no machine-by-machine
 * comparison (every row would pair a machine with nothing), so they are refused; runs of different
 * scenarios can be compared, but the reader must see first that the scenarios differ, or a changed
 * seed reads like a regression.
 */
import { existsSync, statSync } from 'node:fs';
import { readRunFiles } from '../check/run-manifest.js';
import { InputError } from '../errors.js';
import { readBaseline } from './metrics.js';

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
        name: baseline.scenario,
        seed: String(baseline.seed),
        durationSec: String(baseline.durationSec),
      },
    };
  }
  const { manifest, machineCount } = readRunFiles(path);
  if (manifest === null) return { label: path, machineCount, scenario: {} };
  const scenario: Record<string, string> = {};
  for (const [field, value] of Object.entries(manifest.scenario)) {
    if (value !== undefined) scenario[field] = fieldText(value);
  }
  return { label: path, machineCount, scenario };
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

/** The scenario fields both sides state and that differ, in a stable order (name first). */
export function scenarioDifferences(before: RunIdentity, after: RunIdentity): ScenarioDifference[] {
  const fields = Object.keys(before.scenario)
    .filter((field) => field in after.scenario)
    .sort((a, b) => (a === 'name' ? -1 : b === 'name' ? 1 : a < b ? -1 : a > b ? 1 : 0));
  const differences: ScenarioDifference[] = [];
  for (const field of fields) {
    const left = before.scenario[field] as string;
    const right = after.scenario[field] as string;
    if (left !== right) differences.push({ field, before: left, after: right });
  }
  return differences;
}
