/**
 * Reading a run's manifest.json for the checker. Only the fields the checks use are required;
 * other fields are ignored. What is read must be what this tool writes: formatVersion 1, each
 * field of its type and, where it comes from the scenario, within the scenario loader's own
 * limits (scenario-schema.ts), and the parts must agree with each other. Anything else is
 * unreadable input, refused in one line naming the field. Whether the manifest agrees with the
 * logs is rule 0, checked in check-run.ts. A run without a manifest (logs written by another tool
 * in our format) is checked from its logs alone, with the manifest-based rules skipped and said
 * to be skipped.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { describeValue, InputError } from '../errors.js';
import { readJsonFile } from '../json-file.js';
import { manifestFileName, manifestFormatVersion } from '../manifest.js';
import { durationSecMax, latencySchema, scenarioSchema } from '../scenario-schema.js';
import { expectedAndGot, formatIssuePath } from '../zod-issue.js';

function expecting(text: string) {
  return { error: `expected ${text}` };
}

/** Checked before anything else: a manifest of another format is refused for that alone. */
const versionSchema = z.object({
  formatVersion: z.literal(
    manifestFormatVersion,
    expecting(`${manifestFormatVersion} (the manifest format this lamport-lab reads)`),
  ),
});

/** The scenario's own fields, with the loader's limits and words. */
const scenarioField = scenarioSchema.shape;
const durationUsMax = durationSecMax * 1_000_000;
const durationUsText = `a whole number of µs, 0..${durationUsMax}`;
const countText = (what: string): string => `a whole number of ${what}, >= 0`;
const count = (what: string) =>
  z
    .number(expecting(countText(what)))
    .int(expecting(countText(what)))
    .nonnegative(expecting(countText(what)));
const sha256Text = 'a sha256 of 64 hex digits';
/** Pairs of events grow as events²: past 2^53 they are no longer whole in a double. */
const pairCount = z
  .number(expecting('a number of pairs, >= 0'))
  .nonnegative(expecting('a number of pairs, >= 0'));

const manifestSchema = z.object({
  formatVersion: z.literal(manifestFormatVersion),
  mode: z.enum(['virtual', 'tcp'], expecting('"virtual" or "tcp"')),
  completed: z.boolean(expecting('true or false')),
  durationUs: z
    .number(expecting(durationUsText))
    .int(expecting(durationUsText))
    .min(0, expecting(durationUsText))
    .max(durationUsMax, expecting(durationUsText)),
  scenario: z.object({
    machines: scenarioField.machines.unwrap(),
    rates: scenarioField.rates.unwrap(),
    internalProbability: scenarioField.internalProbability,
    name: z.string().optional(),
    seed: scenarioField.seed,
    durationSec: scenarioField.durationSec.unwrap(),
    fifo: scenarioField.fifo.unwrap(),
    // Read as the scenario writes it; the check needs only its kind (and an assembled TCP
    // manifest has no model latency: kind "tcp").
    latency: latencySchema.transform((latency): { readonly kind: string } => latency),
  }),
  events: count('events'),
  machines: z
    .array(
      z.object({
        id: z.number().int().nonnegative(),
        // What the logs determine is optional here (an assembled manifest does not state it)
        // and, where stated, compared with the logs (manifest-claims.ts).
        rateHz: z.number(expecting('a rate in Hz')).optional(),
        events: z.object({
          internal: count('events').optional(),
          send: count('events').optional(),
          receive: count('events').optional(),
          total: count('events'),
        }),
        finalClock: count('clock units').optional(),
        clockJumpMax: count('clock units').optional(),
        queueLengthMax: count('messages').optional(),
        queuedAtEnd: count('messages'),
        inFlightAtEnd: count('messages'),
        undeliverableAtEnd: count('messages').optional(),
        failed: z.boolean().optional(),
      }),
    )
    .min(1),
  messages: z
    .object({
      sent: count('messages'),
      received: count('messages'),
      queuedAtEnd: count('messages'),
      inFlightAtEnd: count('messages'),
      undeliverable: count('messages').optional(),
      lost: count('messages').optional(),
    })
    .optional(),
  causality: z
    .object({
      events: count('events'),
      longestChain: count('events'),
      orderedPairs: pairCount,
      concurrentPairs: pairCount,
      lamportOrderedConcurrentPairs: pairCount,
      equalClockPairs: pairCount,
      method: z.enum(['exact', 'sampled'], expecting('"exact" or "sampled"')),
      vectorMachines: count('machines'),
    })
    .nullable()
    .optional(),
  tcp: z.object({ timeToleranceMs: z.number().nonnegative() }).optional(),
  logs: z.array(
    z.object({
      file: z.string(),
      sha256: z.string(expecting(sha256Text)).regex(/^[0-9a-f]{64}$/, expecting(sha256Text)),
      bytes: count('bytes'),
      rows: count('rows'),
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
  const version = versionSchema.safeParse(value, { reportInput: true });
  if (!version.success) throw issueToInputError(version.error.issues, manifestPath);
  const parsed = manifestSchema.safeParse(value, { reportInput: true });
  if (!parsed.success) throw issueToInputError(parsed.error.issues, manifestPath);
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
  if (manifest.scenario.machines !== machineCount) {
    throw new InputError(
      `${manifestPath}: scenario.machines: expected ${machineCount}, the number of machines it lists (machines[0..${machineCount - 1}], one log each), got ${describeValue(manifest.scenario.machines)}`,
    );
  }
  // A run that completed covered the scenario's whole duration; one cut short, at most that.
  const { durationSec } = manifest.scenario;
  const fullUs = Math.round(durationSec * 1_000_000);
  if (manifest.completed ? manifest.durationUs !== fullUs : manifest.durationUs > fullUs) {
    const expected = manifest.completed
      ? `${fullUs} (scenario.durationSec ${durationSec} s: the run completed)`
      : `at most ${fullUs} (scenario.durationSec ${durationSec} s)`;
    throw new InputError(
      `${manifestPath}: durationUs: expected ${expected}, got ${describeValue(manifest.durationUs)}`,
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

/** The first issue as one line: the field, what was expected, what came. */
function issueToInputError(issues: readonly z.core.$ZodIssue[], manifestPath: string): InputError {
  const issue = issues[0];
  if (issue === undefined) return new InputError(`${manifestPath}: invalid manifest`);
  const field = formatIssuePath(issue.path);
  const where = field === '' ? manifestPath : `${manifestPath}: ${field}`;
  const words = expectedAndGot(issue, (other) =>
    other.code === 'invalid_type' ? `expected ${other.expected}` : other.message,
  );
  return new InputError(`${where}: ${words}`);
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
    formatVersion: manifestFormatVersion,
    mode: 'tcp',
    completed: reports.every((report) => report.completed),
    // The reports do not say how long the run was meant to last: nothing is checked against it.
    durationUs: 0,
    scenario: {
      machines: machineCount,
      rates: reports.map(() => 1),
      durationSec: 0,
      fifo: true,
      latency: { kind: 'tcp' },
    },
    events: reports.reduce((total, report) => total + report.events.total, 0),
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
