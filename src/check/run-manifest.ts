/**
 * Reading a run's manifest.json for the checker. Only the fields the checks use are required;
 * anything else in the file is ignored, so manifests of later versions still check. A run
 * without a manifest (logs written by another tool in our format) is checked from its logs
 * alone, with the manifest-based rules skipped and said to be skipped.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { describeValue, InputError } from '../errors.js';
import { readJsonFile } from '../json-file.js';
import { manifestFileName } from '../manifest.js';

const manifestSchema = z.object({
  mode: z.string(),
  completed: z.boolean(),
  durationUs: z.number().int().nonnegative(),
  scenario: z.object({
    rates: z.array(z.number().positive()),
    internalProbability: z.number().min(0).max(1).optional(),
    name: z.string().optional(),
    seed: z.number().optional(),
    fifo: z.boolean(),
    latency: z.object({ kind: z.string() }),
  }),
  machines: z
    .array(
      z.object({
        id: z.number().int().nonnegative(),
        events: z.object({ total: z.number().int().nonnegative() }),
        queuedAtEnd: z.number().int().nonnegative(),
        inFlightAtEnd: z.number().int().nonnegative(),
        undeliverableAtEnd: z.number().int().nonnegative().optional(),
        failed: z.boolean().optional(),
      }),
    )
    .min(1),
  tcp: z.object({ timeToleranceMs: z.number().nonnegative() }).optional(),
  logs: z.array(
    z.object({
      file: z.string(),
      sha256: z.string(),
      bytes: z.number().int().nonnegative(),
      rows: z.number().int().nonnegative(),
    }),
  ),
});

export type RunManifest = z.output<typeof manifestSchema>;

export interface RunFiles {
  readonly manifest: RunManifest | null;
  readonly machineCount: number;
  /**
   * True when there was no manifest.json and the manifest was assembled from the machines' own
   * reports (machine-<id>.json, written by hand-started `lamport-lab machine` processes): it has
   * no sha256 to compare.
   */
  readonly assembled: boolean;
}

/** Hand-started machines run on different hosts, whose clocks may disagree this much. */
export const assembledTimeToleranceMs = 1000;

const machineReportSchema = z.object({
  machineId: z.number().int().nonnegative(),
  completed: z.boolean(),
  queuedAtEnd: z.number().int().nonnegative(),
  events: z.object({ total: z.number().int().nonnegative() }),
  undeliverable: z.array(z.number().int().nonnegative()),
});

export function readRunFiles(runDir: string): RunFiles {
  if (!existsSync(runDir)) throw new InputError(`${runDir}: no such run directory`);
  if (!statSync(runDir).isDirectory()) {
    throw new InputError(
      `${runDir}: expected a run directory (machine-<id>.csv and manifest.json), got a file`,
    );
  }
  const manifestPath = join(runDir, manifestFileName);
  if (!existsSync(manifestPath)) {
    const machineCount = countMachineLogs(runDir);
    const manifest = assembleFromReports(runDir, machineCount);
    return { manifest, machineCount, assembled: manifest !== null };
  }
  const value = readJsonFile(manifestPath);
  const parsed = manifestSchema.safeParse(value, { reportInput: true });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') ?? '';
    const reason =
      issue?.code === 'invalid_type' ? `expected ${issue.expected}` : (issue?.message ?? 'invalid');
    throw new InputError(
      `${manifestPath}: ${field}: ${reason}, got ${describeValue(issue?.input)}`,
    );
  }
  return {
    manifest: checkConsistent(parsed.data, runDir, manifestPath),
    machineCount: parsed.data.machines.length,
    assembled: false,
  };
}

/** A manifest whose parts disagree cannot guide a check: refuse it as unreadable input. */
function checkConsistent(manifest: RunManifest, runDir: string, manifestPath: string): RunManifest {
  const machineCount = manifest.machines.length;
  const rateCount = manifest.scenario.rates.length;
  if (rateCount !== machineCount) {
    throw new InputError(
      `${manifestPath}: scenario.rates: expected ${machineCount} rates, one per machine, got ${rateCount}`,
    );
  }
  manifest.machines.forEach((machine, index) => {
    if (machine.id !== index) {
      throw new InputError(
        `${manifestPath}: machines[${index}].id: expected ${index}, got ${machine.id}`,
      );
    }
  });
  const extra = `machine-${machineCount}.csv`;
  if (existsSync(join(runDir, extra))) {
    throw new InputError(
      `${runDir}: ${extra} is not in the manifest, which lists ${machineCount} machines`,
    );
  }
  return manifest;
}

/** Without a manifest: machine-0.csv .. machine-(N-1).csv must all be there. */
function countMachineLogs(runDir: string): number {
  const ids = readdirSync(runDir)
    .map((file) => /^machine-(\d+)\.csv$/.exec(file)?.[1])
    .filter((id): id is string => id !== undefined)
    .map(Number)
    .sort((a, b) => a - b);
  if (ids.length === 0)
    throw new InputError(
      `${runDir}: expected manifest.json or machine-<id>.csv logs, found neither`,
    );
  ids.forEach((id, index) => {
    if (id !== index)
      throw new InputError(`${runDir}: machine-${index}.csv is missing (found machine-${id}.csv)`);
  });
  return ids.length;
}

/** A TCP run's manifest rebuilt from every machine's report, or null when any is missing. */
function assembleFromReports(runDir: string, machineCount: number): RunManifest | null {
  const reports: z.output<typeof machineReportSchema>[] = [];
  for (let id = 0; id < machineCount; id += 1) {
    const path = join(runDir, `machine-${id}.json`);
    if (!existsSync(path)) return null;
    const value = readJsonFile(path);
    const parsed = machineReportSchema.safeParse(value);
    if (
      !parsed.success ||
      parsed.data.machineId !== id ||
      parsed.data.undeliverable.length !== machineCount
    ) {
      throw new InputError(
        `${path}: expected the report of machine ${id} of ${machineCount} (machine-<id>.json from lamport-lab machine)`,
      );
    }
    reports.push(parsed.data);
  }
  return {
    mode: 'tcp',
    completed: reports.every((report) => report.completed),
    durationUs: 0,
    scenario: { rates: reports.map(() => 1), fifo: true, latency: { kind: 'tcp' } },
    machines: reports.map((report, id) => ({
      id,
      events: report.events,
      queuedAtEnd: report.queuedAtEnd,
      inFlightAtEnd: 0,
      undeliverableAtEnd: reports.reduce(
        (total, sender) => total + (sender.undeliverable[id] ?? 0),
        0,
      ),
    })),
    tcp: { timeToleranceMs: assembledTimeToleranceMs },
    logs: [],
  };
}
