/**
 * The scenario a run's manifest holds, read back with the scenario loader's own limits: what
 * replay, replay of a TCP run and check's re-run start from. It lives with the logs because it
 * reads a run directory, and every stage above the logs needs it.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod';
import { describeValue, InputError } from '../common/errors.js';
import { readJsonFile } from '../common/json-file.js';
import { expectedAndGot, formatIssuePath } from '../common/zod-issue.js';
import type { ResolvedScenario } from '../scenario/resolve.js';
import { latencySchema, rateDistributionSchema, scenarioSchema } from '../scenario/schema.js';
import { manifestFileName } from './manifest.js';
import { readRunFiles } from './run-manifest.js';
import { lazily } from '../common/lazily.js';
import { faultListSchema } from '../scenario/fault-schema.js';
import { checkFaultList } from '../scenario/fault-rules.js';
import { resolveFault } from '../scenario/fault-resolve.js';

/**
 * The scenario's fields with the scenario loader's own limits and words: a manifest edited to
 * 100 000 000 machines used to reach the simulator and end in V8's out-of-memory abort.
 */
const scenarioField = scenarioSchema.shape;

const replayableSchema = lazily(() =>
  z.object({
    mode: z.string(),
    completed: z.boolean(),
    scenario: z.object({
      name: z.string(),
      description: z.string(),
      source: z.string(),
      seed: scenarioField.seed.unwrap(),
      machines: scenarioField.machines.unwrap(),
      rates: scenarioField.rates.unwrap(),
      // A distribution has a kind; a range is the older {min, max}, as earlier manifests hold it.
      ratesDrawnFrom: z
        .union([rateDistributionSchema, z.object({ min: z.number(), max: z.number() })])
        .nullable(),
      internalProbability: scenarioField.internalProbability.unwrap(),
      durationSec: scenarioField.durationSec.unwrap(),
      latency: latencySchema,
      fifo: scenarioField.fifo.unwrap(),
      // Only in runs with faults: the resolved list, which loads as a scenario's list does.
      faults: faultListSchema.min(1).optional(),
    }),
  }),
);

/**
 * The run's mode, as its manifest says ('virtual' or 'tcp'). Hand-started machines leave no
 * manifest.json: their reports (machine-<id>.json) make a TCP run's, as `check` assembles it.
 */
export function runMode(runDir: string): string {
  const path = join(runDir, manifestFileName);
  if (!existsSync(path)) {
    if (!existsSync(runDir))
      throw new InputError(`${path}: no such manifest; expected a run directory`);
    if (readRunFiles(runDir).assembled) return 'tcp';
    throw new InputError(
      `${runDir}: expected manifest.json or every machine's report (machine-<id>.json of hand-started machines), got logs alone: nothing records the seed to replay them with`,
    );
  }
  return String((readJsonFile(path) as { mode?: unknown } | null)?.mode);
}

/**
 * The resolved scenario of a run that can be replayed: a complete virtual run, or (for the
 * re-execution of replay-tcp.ts) any TCP run, complete or not, since its logs say what happened.
 */
export function readReplayableScenario(
  runDir: string,
  options: { allowTcp?: boolean } = {},
): ResolvedScenario {
  const path = join(runDir, manifestFileName);
  if (!existsSync(path))
    throw new InputError(`${path}: no such manifest; expected a run directory`);
  return replayableScenarioOf(readJsonFile(path), path, options);
}

/** The resolved scenario of a manifest's JSON value (manifest.json, or a run held in memory). */
export function replayableScenarioOf(
  value: unknown,
  path: string,
  options: { allowTcp?: boolean } = {},
): ResolvedScenario {
  const parsed = replayableSchema().safeParse(value, { reportInput: true });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue === undefined ? '(top)' : formatIssuePath(issue.path) || '(top)';
    // The scenario's own checks say what they expected; zod's plain ones ("Invalid input") don't.
    const words =
      issue === undefined
        ? 'expected a field of a manifest lamport-lab wrote, got nothing'
        : expectedAndGot(issue, () => 'expected a field of a manifest lamport-lab wrote');
    throw new InputError(`${path}: ${field}: ${words}`);
  }
  const manifest = parsed.data;
  if (manifest.scenario.rates.length !== manifest.scenario.machines) {
    throw new InputError(
      `${path}: scenario.rates: expected ${manifest.scenario.machines} rates, one per machine, got ${manifest.scenario.rates.length}`,
    );
  }
  const { faults, ...rest } = manifest.scenario;
  if (faults !== undefined) {
    checkFaultList(faults, rest.machines, rest.durationSec, (at, input, message) => {
      const field = formatIssuePath(['scenario', 'faults', ...at]);
      throw new InputError(`${path}: ${field}: ${message}, got ${describeValue(input)}`);
    });
  }
  const scenario: ResolvedScenario =
    faults === undefined
      ? rest
      : { ...rest, faults: faults.map((fault) => resolveFault(fault, rest.machines)) };
  if (options.allowTcp === true && manifest.mode === 'tcp') return scenario;
  if (manifest.mode !== 'virtual') {
    throw new InputError(`${path}: mode: expected "virtual" or "tcp", got "${manifest.mode}"`);
  }
  if (!manifest.completed) {
    throw new InputError(
      `${path}: completed: expected a run that ran its whole duration, got one stopped early`,
    );
  }
  return scenario;
}
