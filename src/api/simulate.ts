/**
 * A virtual run in the caller's process: the events collected in memory (`simulate`) or
 * streamed (`simulateEvents`), with the summary and manifest the CLI would write. Both go
 * through the CLI's own pipeline (src/run/run-pipeline.ts): `simulate` makes the run's files in
 * memory as the playground does (src/playground/memory-run.ts), byte for byte the files of
 * `lamport-lab run`, and returns their content as data.
 */
import { createHash } from 'node:crypto';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { assert } from '../../core/index.js';
import type { RunAnalysis } from '../analysis/run-analyzer.js';
import { describeValue } from '../common/errors.js';
import { toolVersion } from '../common/paths.js';
import { faultsFileName } from '../logs/faults-format.js';
import type { LogFileDigest } from '../logs/log-file-digest.js';
import type { Manifest } from '../logs/manifest.js';
import {
  finishMemoryRun,
  memoryRunLogs,
  type RunFile,
  startMemoryRun,
} from '../playground/memory-run.js';
import { startPipeline } from '../run/run-pipeline.js';
import { type ResolvedScenario, toRunConfig } from '../scenario/resolve.js';
import { collectingSink } from './event-of.js';
import type { RunEvent } from './events.js';
import { type Scenario, ScenarioError } from './scenario.js';
import { resolvedScenarioOf } from './scenario-input.js';
import { rememberFaultsCsv } from './simulated-faults.js';

/**
 * What summary.json holds: the run's analysis (`lamport-lab analyze --json`'s summary) without
 * `runDir`, which the file leaves out (its directory is where it is).
 */
export type RunSummary = Omit<RunAnalysis, 'runDir'>;
/** What manifest.json holds: what ran (the resolved scenario), what it made, the logs' digests. */
export type RunManifest = Manifest;

/**
 * The most events `simulate` collects by default: a million events hold about 200 MB (measured:
 * 189 MB for 999 000 events of 3 machines). Longer runs go to `simulateEvents` (streamed) or
 * `writeRun` (files), or raise `eventsMax`.
 */
export const simulateEventsMax = 1_000_000;

/** Options of {@link simulate}. */
export interface SimulateOptions {
  /**
   * The seed, a whole number 0..2^32-1; else the scenario's `seed`; else a random one, as
   * `lamport-lab run` draws it (the result's `seed` says which was used).
   */
  readonly seed?: number | undefined;
  /**
   * Refuse, before running, a run expected to make more events than this (Σ rate × duration;
   * default {@link simulateEventsMax}). A whole number 1 or more.
   */
  readonly eventsMax?: number | undefined;
}

/** A run made by {@link simulate}: its seed, its events, and its summary.json and manifest.json. */
export interface SimulateResult {
  /** The seed the run used (from the options, the scenario, or drawn at random). */
  readonly seed: number;
  /**
   * Every event, in the order the driver made them: by model time; within an instant, the
   * ticks by ascending machine id (docs/MODEL.md), after a fault's restart rows and a resumed
   * machine's missed ticks (docs/FAULTS.md, "Order within one instant"). Machine N's events, in
   * order, are the rows of machine-N.csv.
   */
  readonly events: readonly RunEvent[];
  /** summary.json's content, as JSON.parse reads the file `lamport-lab run` writes. */
  readonly summary: RunSummary;
  /** manifest.json's content, as JSON.parse reads the file `lamport-lab run` writes. */
  readonly manifest: RunManifest;
}

/** A run expected to make more events than `simulate` was allowed to collect. */
export class SimulationTooLargeError extends Error {
  override readonly name = 'SimulationTooLargeError';
  /** The events the run is expected to make (Σ rate × duration). */
  readonly expectedEvents: number;
  /** The limit it was over (the `eventsMax` option, or {@link simulateEventsMax}). */
  readonly eventsMax: number;

  constructor(message: string, expectedEvents: number, eventsMax: number) {
    super(message);
    this.expectedEvents = expectedEvents;
    this.eventsMax = eventsMax;
  }
}

/** Ticks the run will make, one event each: Σ rate × duration (rate faults aside). */
function expectedEventsOf(scenario: ResolvedScenario): number {
  let rateHz = 0;
  for (const rate of scenario.rates) rateHz += rate;
  return Math.round(rateHz * scenario.durationSec);
}

/** The `eventsMax` option: a whole number 1 or more, else a ScenarioError naming it. */
function eventsMaxOf(eventsMax: number | undefined): number {
  if (eventsMax === undefined) return simulateEventsMax;
  if (Number.isSafeInteger(eventsMax) && eventsMax >= 1) return eventsMax;
  const expected = 'a whole number 1 or more';
  const received = describeValue(eventsMax);
  const message = `options.eventsMax: expected ${expected}, got ${received}`;
  throw new ScenarioError(message, 'options.eventsMax', expected, received);
}

function refuseTooLarge(scenario: ResolvedScenario, eventsMax: number): void {
  const expected = expectedEventsOf(scenario);
  if (expected <= eventsMax) return;
  throw new SimulationTooLargeError(
    `${scenario.source}: the run is expected to make about ${expected} events, more than ` +
      `simulate collects (eventsMax ${eventsMax}); stream them with simulateEvents, write them ` +
      'with writeRun, or raise eventsMax',
    expected,
    eventsMax,
  );
}

function digestOf(file: RunFile, rows: number): LogFileDigest {
  const sha256 = createHash('sha256').update(file.bytes).digest('hex');
  return { file: file.name, sha256, bytes: file.bytes.length, rows };
}

function jsonOf<T>(files: readonly RunFile[], name: string): T {
  const file = files.find((candidate) => candidate.name === name);
  assert(file !== undefined, `a completed run made ${name}`);
  return JSON.parse(new TextDecoder().decode(file.bytes)) as T;
}

/**
 * Runs the scenario in virtual time, synchronously, in this process, and returns its events,
 * summary and manifest: what `lamport-lab run` writes for the same scenario and seed (a test
 * holds them equal for every bundled scenario). Always virtual time, as `run --mode virtual`
 * (the default): a scenario has no mode, and real TCP runs stay with the CLI. Never prints,
 * never exits the process.
 *
 * @param scenario - The scenario, as its JSON file would hold it.
 * @param options - The seed and the size limit.
 * @throws {@link ScenarioError} when the scenario, `options.seed` or `options.eventsMax` is
 *   invalid (`field` names it: `options.eventsMax`).
 * @throws {@link SimulationTooLargeError} when the run is expected to make more than
 *   `eventsMax` events (then use {@link simulateEvents} or {@link writeRun}).
 * @example
 * ```ts
 * import { simulate } from 'lamport-lab';
 *
 * const run = simulate({ rates: [4, 2, 1], durationSec: 10 }, { seed: 7 });
 * const sends = run.events.filter((event) => event.kind === 'send').length;
 * console.log(run.seed, run.events.length, sends, run.manifest.messages.received);
 * ```
 */
export function simulate(scenario: Scenario, options: SimulateOptions = {}): SimulateResult {
  const eventsMax = eventsMaxOf(options.eventsMax);
  const resolved = resolvedScenarioOf(scenario, options.seed);
  refuseTooLarge(resolved, eventsMax);
  const events: RunEvent[] = [];
  const started = startMemoryRun(resolved, collectingSink(resolved.machines, events));
  const { simulation } = started.pipeline;
  while (!simulation.advance(Number.POSITIVE_INFINITY));
  const result = simulation.finish();
  const logs = memoryRunLogs(started);
  const digests = logs.files.map((file, at) => digestOf(file, logs.rows[at] ?? 0));
  const { files } = finishMemoryRun(started, result, logs, digests, toolVersion);
  const manifest = jsonOf<RunManifest>(files, 'manifest.json');
  const faultsCsv = files.find((file) => file.name === faultsFileName);
  if (faultsCsv !== undefined) rememberFaultsCsv(manifest, faultsCsv.bytes);
  return {
    seed: resolved.seed,
    events,
    summary: jsonOf<RunSummary>(files, 'summary.json'),
    manifest,
  };
}

/** Events per slice of a stream: what it holds at most between two yields to the event loop. */
const streamSliceEvents = 1 << 12;

async function* eventStream(scenario: ResolvedScenario): AsyncGenerator<RunEvent> {
  const pending: RunEvent[] = [];
  // No logs, no analysis: the stream is the run's only output, and memory stays one slice.
  const pipeline = startPipeline(
    {
      scenario,
      config: toRunConfig(scenario),
      csv: null,
      faultsLog: null,
      analyze: false,
      analysisSeries: false,
    },
    { observer: collectingSink(scenario.machines, pending) },
  );
  const { simulation } = pipeline;
  for (;;) {
    const done = simulation.advance(streamSliceEvents);
    if (done) simulation.finish();
    const slice = pending.splice(0);
    for (const event of slice) yield event;
    if (done) return;
    // Between slices, other work of the caller's process runs; a `break` ends the run here.
    await yieldToEventLoop();
  }
}

/**
 * The run's events as they are made, for runs too long to keep: the run advances a slice of
 * events at a time, as the caller consumes them, so memory stays bounded whatever the
 * duration; leaving the `for await` loop (break, return, throw) stops the run. The events are
 * those {@link simulate} returns for the same scenario and seed, in the same order. No
 * summary or manifest: use {@link writeRun} for a long run's files. Each `for await` over the
 * result is a run of its own from the start, with the same seed, so it yields the same events.
 *
 * @param options - `seed`: else the scenario's, else a random one (as `lamport-lab run`).
 * @throws {@link ScenarioError} at the call (before any iteration) for an invalid scenario.
 */
export function simulateEvents(
  scenario: Scenario,
  options: { readonly seed?: number | undefined } = {},
): AsyncIterable<RunEvent> {
  const resolved = resolvedScenarioOf(scenario, options.seed);
  // A fresh run per iteration: a generator would yield nothing the second time.
  return { [Symbol.asyncIterator]: () => eventStream(resolved) };
}
