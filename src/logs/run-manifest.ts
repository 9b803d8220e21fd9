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
import * as z from 'zod';
import { ticksFromLog } from './killed-machine-log.js';
import { LogReader } from './log-reader.js';
import { describeValue, InputError } from '../common/errors.js';
import { readJsonFile } from '../common/json-file.js';
import { manifestFileName, manifestFormatVersion } from './manifest.js';
import {
  durationSecMax,
  durationSecSchema,
  internalProbabilitySchema,
  latencySchema,
  rateHzSchema,
  scenarioSchema,
  seedSchema,
} from '../scenario/schema.js';
import { expectedAndGot, formatIssuePath } from '../common/zod-issue.js';
import { lazily } from '../common/lazily.js';
import {
  firedFaultsSchema,
  messageFaultFields,
  resolvedFaultsSchema,
} from './run-manifest-faults.js';

function expecting(text: string) {
  return { error: `expected ${text}` };
}

/** Checked before anything else: a manifest of another format is refused for that alone. */
const versionSchema = lazily(() =>
  z.object({
    formatVersion: z.literal(
      manifestFormatVersion,
      expecting(`${manifestFormatVersion} (the manifest format this lamport-lab reads)`),
    ),
  }),
);

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
const pairCount = () =>
  z.number(expecting('a number of pairs, >= 0')).nonnegative(expecting('a number of pairs, >= 0'));

/** What a TCP machine's clock and network did: shown by analyze and report, not checked. */
const tcpMachineSchema = lazily(() =>
  z.object({
    ticksMade: count('ticks'),
    ticksExpected: count('ticks'),
    achievedRateHz: z.number(expecting('a rate in Hz')).nonnegative(expecting('a rate in Hz')),
    lateness: z.object({
      p50Ms: z.number(expecting('ms')),
      p99Ms: z.number(expecting('ms')),
      maxMs: z.number(expecting('ms')),
      lateTicks: count('ticks'),
    }),
    badConnections: z.object({ count: count('connections') }),
    disconnects: z.array(z.object({ peerId: z.number(), atMs: z.number() })),
    failure: z
      .object({ atMs: z.number().nonnegative(expecting('ms >= 0')), reason: z.string() })
      .nullable(),
  }),
);

/** One machine's entry of the manifest (built when the manifest schema is). */
function manifestMachineSchema() {
  return z.object({
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
    // Only with faults: the rows of kind restart in its log.
    restarts: count('restarts').optional(),
  });
}

/** The manifest's causality figures. */
function causalitySchema() {
  return z.object({
    events: count('events'),
    longestChain: count('events'),
    orderedPairs: pairCount(),
    concurrentPairs: pairCount(),
    lamportOrderedConcurrentPairs: pairCount(),
    equalClockPairs: pairCount(),
    method: z.enum(['exact', 'sampled'], expecting('"exact" or "sampled"')),
    vectorMachines: count('machines'),
  });
}

/**
 * A run's latency as the scenario writes it, or (an imported run) "unknown": the logs of another
 * program say nothing of its network.
 */
function manifestLatencySchema() {
  return z.discriminatedUnion(
    'kind',
    [...latencySchema.options, z.strictObject({ kind: z.literal('unknown') })],
    expecting('an object with "kind": "constant", "uniform" or "exponential"'),
  );
}

/** An imported run's record of its sources, of what it inferred and how it matched messages. */
function importBlockSchema() {
  const columnSource = z.object({
    from: z.enum(['given', 'inferred', 'absent'], expecting('"given", "inferred" or "absent"')),
    how: z.string(expecting('a string')),
  });
  return z.object({
    format: z.string(expecting('a string')),
    toleranceMs: z.number(expecting('ms >= 0')).nonnegative(expecting('ms >= 0')),
    rates: z.array(
      z.enum(
        ['declared', 'estimated', 'unknown'],
        expecting('"declared", "estimated" or "unknown"'),
      ),
    ),
    columns: z.record(z.string(), columnSource),
  });
}

const manifestSchema = lazily(() =>
  z.object({
    formatVersion: z.literal(manifestFormatVersion),
    mode: z.enum(['virtual', 'tcp', 'imported'], expecting('"virtual", "tcp" or "imported"')),
    startTime: z.string().optional(),
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
      latency: manifestLatencySchema().transform((latency): { readonly kind: string } => latency),
      // Only a run with faults states them (resolved: every default filled in).
      faults: resolvedFaultsSchema().optional(),
    }),
    events: count('events'),
    machines: z.array(manifestMachineSchema()).min(1),
    messages: z
      .object({
        sent: count('messages'),
        received: count('messages'),
        queuedAtEnd: count('messages'),
        inFlightAtEnd: count('messages'),
        undeliverable: count('messages').optional(),
        lost: count('messages').optional(),
        ...messageFaultFields(),
      })
      .optional(),
    faults: firedFaultsSchema().optional(),
    causality: causalitySchema().nullable().optional(),
    tcp: z
      .object({
        timeToleranceMs: z.number().nonnegative(),
        topology: z.string().optional(),
        machines: z.array(tcpMachineSchema()).optional(),
      })
      .optional(),
    // An imported run's (docs/IMPORT.md): only what `check` reads of it is checked here.
    import: importBlockSchema().optional(),
    logs: z.array(
      z.object({
        file: z.string(),
        sha256: z.string(expecting(sha256Text)).regex(/^[0-9a-f]{64}$/, expecting(sha256Text)),
        bytes: count('bytes'),
        rows: count('rows'),
      }),
    ),
  }),
);

export type RunManifest = z.output<ReturnType<typeof manifestSchema>>;

export interface RunFiles {
  readonly manifest: RunManifest | null;
  readonly machineCount: number;
  /**
   * True when there was no manifest.json and the manifest was assembled from the machines' own
   * reports (machine-<id>.json, written by hand-started `lamport-lab machine` processes): it has
   * no sha256 to compare.
   */
  readonly assembled: boolean;
  /**
   * Whether the manifest states the scenario: always for manifest.json; for an assembled one
   * only when every report records its rate, seed, probability and duration (reports written
   * before lamport-lab recorded them do not, and then their rates are unknown, not 1 Hz).
   */
  readonly scenarioKnown: boolean;
}

/** Hand-started machines run on different hosts, whose clocks may disagree this much. */
export const assembledTimeToleranceMs = 1000;

const machineReportSchema = lazily(() =>
  z.object({
    machineId: z.number().int().nonnegative(),
    completed: z.boolean(),
    queuedAtEnd: z.number().int().nonnegative(),
    events: z.object({ total: z.number().int().nonnegative() }),
    undeliverable: z.array(z.number().int().nonnegative()),
    elapsedMs: z.number().nonnegative().optional(),
    startEpochMs: z.number().nonnegative().optional(),
    // What the machine was told to run: absent from reports of earlier versions.
    rateHz: rateHzSchema.optional(),
    seed: seedSchema.optional(),
    internalProbability: internalProbabilitySchema.optional(),
    durationSec: durationSecSchema.optional(),
    ...tcpMachineSchema().shape,
    // A hand-started machine that reports at all was not killed.
    failure: z.null().optional(),
  }),
);

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
    const assembled = assembleFromReports(runDir, machineCount);
    return {
      manifest: assembled?.manifest ?? null,
      machineCount,
      assembled: assembled !== null,
      scenarioKnown: assembled?.scenarioKnown ?? false,
    };
  }
  const files = runFilesOfManifest(readJsonFile(manifestPath), manifestPath);
  refuseUnlistedLog(runDir, files.machineCount);
  return files;
}

/**
 * A directory with one log more than its manifest lists is not the run it describes. Only a
 * directory has one: a run in memory has the logs it has (and its label names no directory).
 */
function refuseUnlistedLog(runDir: string, machineCount: number): void {
  const extra = `machine-${machineCount}.csv`;
  if (existsSync(join(runDir, extra))) {
    throw new InputError(
      `${runDir}: ${extra} is not in the manifest, which lists ${machineCount} machines`,
    );
  }
}

/**
 * A run's files from its manifest's JSON value (read from manifest.json, or a run held in
 * memory), parsed and checked as readRunFiles does: an inconsistent one is unreadable input.
 */
export function runFilesOfManifest(value: unknown, manifestPath: string): RunFiles {
  const version = versionSchema().safeParse(value, { reportInput: true });
  if (!version.success) throw issueToInputError(version.error.issues, manifestPath);
  const parsed = manifestSchema().safeParse(value, { reportInput: true });
  if (!parsed.success) throw issueToInputError(parsed.error.issues, manifestPath);
  return {
    manifest: checkConsistent(parsed.data, manifestPath),
    machineCount: parsed.data.machines.length,
    assembled: false,
    scenarioKnown: true,
  };
}

/** A manifest whose parts disagree cannot guide a check: refuse it as unreadable input. */
function checkConsistent(manifest: RunManifest, manifestPath: string): RunManifest {
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

type MachineReportJson = z.output<ReturnType<typeof machineReportSchema>>;

/**
 * What a hand-started machine writes before it starts (machine-action.ts) and replaces with its
 * report at the end. Found in a run directory, it means the machine ended without finishing (a
 * kill -9): the assembled run keeps its scenario and shows it as failed.
 */
export interface StartReport {
  readonly machineId: number;
  readonly machineCount: number;
  readonly rateHz: number;
  readonly seed: number;
  readonly internalProbability: number;
  readonly durationSec: number;
  readonly final: false;
}

const startReportSchema = lazily(() =>
  z.object({
    machineId: z.number().int().nonnegative(),
    machineCount: z.number().int().positive(),
    rateHz: rateHzSchema,
    seed: seedSchema,
    internalProbability: internalProbabilitySchema,
    durationSec: durationSecSchema,
    final: z.literal(false),
  }),
);

/** Why a machine with only its start report is shown as failed. */
export const noFinalReportReason = 'ended without writing its final report (killed?)';

/**
 * The report a machine that died mid-run did not write, from its start report and its log: one
 * row per tick, so its events, final clock and ticks are the log's. Its queue at the end is not
 * known (0): what was sent to it and not received is counted lost with it.
 */
function reportOfDeadMachine(runDir: string, start: StartReport): MachineReportJson {
  const logPath = join(runDir, `machine-${start.machineId}.csv`);
  const events = { internal: 0, send: 0, receive: 0, total: 0 };
  let finalClock = 0;
  let lastMs = 0;
  const reader = new LogReader(logPath);
  try {
    for (let row = reader.next(); row !== undefined; row = reader.next()) {
      if (row.kind !== 'restart') events[row.kind] += 1;
      events.total += 1;
      finalClock = row.clock;
      lastMs = row.timeUs / 1000;
    }
  } finally {
    reader.close();
  }
  const ticks = ticksFromLog(logPath, start.rateHz, lastMs);
  return {
    machineId: start.machineId,
    completed: false,
    queuedAtEnd: 0,
    events,
    finalClock,
    undeliverable: new Array<number>(start.machineCount).fill(0),
    elapsedMs: lastMs,
    rateHz: start.rateHz,
    seed: start.seed,
    internalProbability: start.internalProbability,
    durationSec: start.durationSec,
    ticksMade: ticks.ticksMade,
    ticksExpected: ticks.ticksExpected,
    achievedRateHz: ticks.achievedRateHz,
    lateness: ticks.lateness,
    badConnections: { count: 0 },
    disconnects: [],
  } as MachineReportJson;
}

/**
 * A TCP run's manifest rebuilt from every machine's report, or null when any is missing. The
 * reports' scenario fields must agree (one run has one seed, probability and duration); a report
 * of an earlier version, without them, leaves the scenario unknown.
 */
function assembleFromReports(
  runDir: string,
  machineCount: number,
): { manifest: RunManifest; scenarioKnown: boolean } | null {
  const read = readMachineReports(runDir, machineCount);
  if (read === null) return null;
  const recorded = recordedScenario(runDir, read.reports);
  return { manifest: manifestFromReports(read, recorded), scenarioKnown: recorded !== null };
}

/** Every machine's report, in id order; a machine with only its start report has died. */
interface MachineReports {
  readonly reports: readonly MachineReportJson[];
  readonly died: ReadonlySet<number>;
}

/** The reports machine-0.json .. of a run, or null when any is missing. */
function readMachineReports(runDir: string, machineCount: number): MachineReports | null {
  const reports: MachineReportJson[] = [];
  const died = new Set<number>();
  for (let id = 0; id < machineCount; id += 1) {
    const path = join(runDir, `machine-${id}.json`);
    if (!existsSync(path)) return null;
    const value = readJsonFile(path);
    const start = startReportSchema().safeParse(value);
    if (start.success && start.data.machineId === id && start.data.machineCount === machineCount) {
      reports.push(reportOfDeadMachine(runDir, start.data));
      died.add(id);
      continue;
    }
    const parsed = machineReportSchema().safeParse(value);
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
  return { reports, died };
}

function manifestFromReports(
  { reports, died }: MachineReports,
  recorded: RecordedScenario | null,
): RunManifest {
  const machineCount = reports.length;
  // A machine that died does not make the run incomplete (as in a launched run): it is failed.
  const completed = reports.every((report, id) => died.has(id) || report.completed);
  const fullUs = recorded === null ? 0 : Math.round(recorded.durationSec * 1_000_000);
  const elapsedUs = Math.max(0, ...reports.map((report) => (report.elapsedMs ?? 0) * 1000));
  const starts = reports.map((report) => report.startEpochMs ?? 0).filter((ms) => ms > 0);
  return {
    formatVersion: manifestFormatVersion,
    mode: 'tcp',
    ...(starts.length === 0 ? {} : { startTime: new Date(Math.min(...starts)).toISOString() }),
    completed,
    // Without the recorded duration nothing is checked against it (0); a run cut short lasted
    // as long as its longest-running machine ticked.
    durationUs: recorded === null ? 0 : completed ? fullUs : Math.min(fullUs, elapsedUs),
    scenario: {
      machines: machineCount,
      rates: reports.map((report) => report.rateHz ?? 1),
      ...(recorded === null
        ? { durationSec: 0 }
        : {
            seed: recorded.seed,
            internalProbability: recorded.internalProbability,
            durationSec: recorded.durationSec,
          }),
      fifo: true,
      latency: { kind: 'tcp' },
    },
    events: reports.reduce((total, report) => total + report.events.total, 0),
    machines: reports.map((report, id) => ({
      id,
      ...(died.has(id) ? { failed: true } : {}),
      events: report.events,
      queuedAtEnd: report.queuedAtEnd,
      inFlightAtEnd: 0,
      undeliverableAtEnd: reports.reduce(
        (total, sender) => total + (sender.undeliverable[id] ?? 0),
        0,
      ),
    })),
    tcp: {
      timeToleranceMs: assembledTimeToleranceMs,
      topology: 'mesh',
      machines: reports.map((report, id) => ({
        ticksMade: report.ticksMade,
        ticksExpected: report.ticksExpected,
        achievedRateHz: report.achievedRateHz,
        lateness: report.lateness,
        badConnections: report.badConnections,
        disconnects: report.disconnects,
        failure: died.has(id) ? { atMs: diedAtMs(reports, id), reason: noFinalReportReason } : null,
      })),
    },
    logs: [],
  };
}

/** When machine `id` died: its peers saw its connection close (the earliest of them), else its last row. */
function diedAtMs(reports: readonly MachineReportJson[], id: number): number {
  const seen = reports.flatMap((report) =>
    report.disconnects.filter((disconnect) => disconnect.peerId === id).map((d) => d.atMs),
  );
  return seen.length > 0 ? Math.min(...seen) : (reports[id]?.elapsedMs ?? 0);
}

interface RecordedScenario {
  readonly seed: number;
  readonly internalProbability: number;
  readonly durationSec: number;
}

/** The run's seed, probability and duration as every report states them; null if one does not. */
function recordedScenario(
  runDir: string,
  reports: readonly MachineReportJson[],
): RecordedScenario | null {
  const first = reports[0];
  if (first === undefined) return null;
  const fields = ['rateHz', 'seed', 'internalProbability', 'durationSec'] as const;
  if (reports.some((report) => fields.some((field) => report[field] === undefined))) return null;
  for (const field of ['seed', 'internalProbability', 'durationSec'] as const) {
    for (const report of reports) {
      if (report[field] !== first[field]) {
        throw new InputError(
          `${join(runDir, `machine-${report.machineId}.json`)}: ${field}: expected ${first[field]}, as machine-0.json says (the machines of one run share it), got ${describeValue(report[field])}`,
        );
      }
    }
  }
  return {
    seed: first.seed as number,
    internalProbability: first.internalProbability as number,
    durationSec: first.durationSec as number,
  };
}
