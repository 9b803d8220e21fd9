/**
 * The scenario file format, as a zod schema. It is the single source of truth: the loader
 * validates with it and `scenarios/scenario.schema.json` (for editors) is generated from it.
 * Every check carries the sentence a user sees when it fails ("expected ...").
 */
import * as z from 'zod';
import { isExactProbability } from '../../core/index.js';
import { lazily } from '../common/lazily.js';
import { checkFaultList, zodFaultIssues } from './fault-rules.js';
import { faultListSchema } from './fault-schema.js';
import { tcpMachineCountMax } from './tcp-limits.js';

export const machineCountMax = 10_000;
export const rateHzMax = 1_000_000;
export const durationSecMax = 10_000_000;
export const seedMax = 0xffff_ffff;

const hasDecimalsAtMost = (value: number, decimals: number): boolean =>
  Math.round(value * 10 ** decimals) / 10 ** decimals === value;

function expecting(text: string) {
  return { error: `expected ${text}` };
}

const rateText = `a rate in Hz, > 0 and <= ${rateHzMax}, with at most 3 decimals`;
/** One machine's rate: an element of `rates`, and `machine --rate`. */
export const rateHzSchema = z
  .number(expecting(rateText))
  .positive(expecting(rateText))
  .max(rateHzMax, expecting(rateText))
  .refine((value) => hasDecimalsAtMost(value, 3), expecting(rateText));

const rateBoundText = `a whole number of Hz, 1..${rateHzMax}`;
const rateBound = z
  .number(expecting(rateBoundText))
  .int(expecting(rateBoundText))
  .min(1, expecting(rateBoundText))
  .max(rateHzMax, expecting(rateBoundText));

const latencyMsText = 'a latency in ms, >= 0, with at most 3 decimals (µs resolution)';
const latencyMs = z
  .number(expecting(latencyMsText))
  .min(0, expecting(latencyMsText))
  .max(durationSecMax * 1000, expecting(latencyMsText))
  .refine((value) => hasDecimalsAtMost(value, 3), expecting(latencyMsText));

const latencyKindText = 'an object with "kind": "constant", "uniform" or "exponential"';
export const latencySchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('constant'), ms: latencyMs }),
    z
      .strictObject({ kind: z.literal('uniform'), minMs: latencyMs, maxMs: latencyMs })
      .superRefine((value, context) => {
        if (value.minMs <= value.maxMs) return;
        const message = `expected maxMs >= minMs (${value.minMs})`;
        context.addIssue({ code: 'custom', path: ['maxMs'], input: value.maxMs, message });
      }),
    z.strictObject({ kind: z.literal('exponential'), meanMs: latencyMs }),
  ],
  expecting(latencyKindText),
);

/** Adds an issue on `maxHz` when the bounds are the wrong way round. */
function boundsInOrder(value: { minHz: number; maxHz: number }, context: z.RefinementCtx): void {
  if (value.minHz <= value.maxHz) return;
  const message = `expected maxHz >= minHz (${value.minHz})`;
  context.addIssue({ code: 'custom', path: ['maxHz'], input: value.maxHz, message });
}

const sdHzText = `a standard deviation in Hz, >= 0 and <= ${rateHzMax}, with at most 3 decimals`;
const sdHz = z
  .number(expecting(sdHzText))
  .min(0, expecting(sdHzText))
  .max(rateHzMax, expecting(sdHzText))
  .refine((value) => hasDecimalsAtMost(value, 3), expecting(sdHzText));

export const sigmaMax = 10;
const sigmaText = `a sigma (standard deviation of ln rate), 0..${sigmaMax}`;
const sigma = z
  .number(expecting(sigmaText))
  .min(0, expecting(sigmaText))
  .max(sigmaMax, expecting(sigmaText));

export const weightMax = 1_000_000;
const weightText = `a whole-number weight, 1..${weightMax}`;
const weight = z
  .number(expecting(weightText))
  .int(expecting(weightText))
  .min(1, expecting(weightText))
  .max(weightMax, expecting(weightText));

const rateDistributionKindText =
  'an object with "kind": "uniform", "choice", "normal" or "lognormal"';
/**
 * Where each machine's rate is drawn from. Every bound and value is a rate in Hz like the fixed
 * `rates`, so whatever is drawn, rounded to millihertz and clamped, is a rate the run accepts.
 */
export const rateDistributionSchema = z.discriminatedUnion(
  'kind',
  [
    z
      .strictObject({ kind: z.literal('uniform'), minHz: rateHzSchema, maxHz: rateHzSchema })
      .superRefine(boundsInOrder),
    z
      .strictObject({
        kind: z.literal('choice'),
        valuesHz: z
          .array(rateHzSchema, expecting('an array of rates in Hz to choose from'))
          .min(1, expecting('at least 1 rate to choose from'))
          .max(machineCountMax, expecting(`at most ${machineCountMax} rates to choose from`)),
        weights: z
          .array(weight, expecting('an array of whole-number weights, one per value'))
          .optional(),
      })
      .superRefine((value, context) => {
        if (value.weights === undefined || value.weights.length === value.valuesHz.length) return;
        const message = `expected one weight per value in valuesHz (${value.valuesHz.length})`;
        context.addIssue({ code: 'custom', path: ['weights'], input: value.weights, message });
      }),
    z
      .strictObject({
        kind: z.literal('normal'),
        meanHz: rateHzSchema,
        sdHz,
        minHz: rateHzSchema,
        maxHz: rateHzSchema,
      })
      .superRefine(boundsInOrder),
    z
      .strictObject({
        kind: z.literal('lognormal'),
        medianHz: rateHzSchema,
        sigma,
        minHz: rateHzSchema,
        maxHz: rateHzSchema,
      })
      .superRefine(boundsInOrder),
  ],
  expecting(rateDistributionKindText),
);

const probabilityText = 'a probability in [0, 1] with at most 6 decimals';
const machinesText = `a whole number of machines, 2..${machineCountMax}`;
const durationText = `a duration in seconds, > 0 and <= ${durationSecMax}, µs resolution`;
const seedText = `a whole number 0..${seedMax}`;

// The fields a hand-started `machine` takes as flags too: it checks them with these, in run's words.
export const seedSchema = z
  .number(expecting(seedText))
  .int(expecting(seedText))
  .min(0, expecting(seedText))
  .max(seedMax, expecting(seedText));
export const internalProbabilitySchema = z
  .number(expecting(probabilityText))
  .refine(isExactProbability, expecting(probabilityText));
export const durationSecSchema = z
  .number(expecting(durationText))
  .positive(expecting(durationText))
  .max(durationSecMax, expecting(durationText))
  .refine((value) => hasDecimalsAtMost(value, 6), expecting(durationText));

export const scenarioSchema = z
  .strictObject({
    $schema: z.string(expecting('a string (path of the JSON Schema)')).optional(),
    name: z
      .string(expecting('a name of letters, digits, "-", "_" or "."'))
      .regex(/^[A-Za-z0-9._-]{1,64}$/, expecting('a name of letters, digits, "-", "_" or "."'))
      .optional(),
    description: z.string(expecting('a string')).optional(),
    seed: seedSchema.optional(),
    machines: z
      .number(expecting(machinesText))
      .int(expecting(machinesText))
      .min(2, expecting(machinesText))
      .max(machineCountMax, expecting(machinesText))
      .optional(),
    rates: z
      .array(rateHzSchema, expecting('an array of rates in Hz, one per machine'))
      .min(2, expecting('an array of at least 2 rates (one per machine)'))
      .max(machineCountMax, expecting(`at most ${machineCountMax} rates`))
      .optional(),
    rateRange: z
      .strictObject({ min: rateBound, max: rateBound }, expecting('an object {"min": 1, "max": 6}'))
      .superRefine((range, context) => {
        if (range.min <= range.max) return;
        const message = `expected max >= min (${range.min})`;
        context.addIssue({ code: 'custom', path: ['max'], input: range.max, message });
      })
      .optional(),
    rateDistribution: rateDistributionSchema.optional(),
    internalProbability: internalProbabilitySchema.optional(),
    durationSec: durationSecSchema.optional(),
    latency: latencySchema.optional(),
    fifo: z.boolean(expecting('true or false')).optional(),
    faults: faultListSchema.optional(),
  })
  .superRefine((scenario, context) => {
    const { machines, rates, rateRange, rateDistribution } = scenario;
    if (scenario.faults !== undefined) {
      // The resolver's defaults: a scenario that says neither has 3 machines for 60 s.
      const machineCount = machines ?? rates?.length ?? 3;
      const durationSec = scenario.durationSec ?? 60;
      checkFaultList(scenario.faults, machineCount, durationSec, zodFaultIssues(context));
    }
    if (rates !== undefined && machines !== undefined && rates.length !== machines) {
      context.addIssue({
        code: 'custom',
        path: ['rates'],
        input: rates,
        message: `expected one rate per machine (${machines})`,
      });
    }
    if (rates !== undefined && rateRange !== undefined) {
      context.addIssue({
        code: 'custom',
        path: ['rateRange'],
        input: rateRange,
        message: 'expected either "rates" or "rateRange", not both',
      });
    }
    // A distribution given with fixed rates or a range: the issue names both fields.
    for (const [other, value] of [
      ['rates', rates],
      ['rateRange', rateRange],
    ] as const) {
      if (value === undefined || rateDistribution === undefined) continue;
      context.addIssue({
        code: 'custom',
        path: ['rateDistribution'],
        input: rateDistribution,
        message: `expected either "${other}" or "rateDistribution", not both`,
      });
    }
  });

/**
 * A scenario as `run --mode tcp` takes it: also no more machines than one host runs as processes
 * (tcp-limits.ts), whether `machines` or the length of `rates` says how many; and faults only
 * with the router (`--topology router`), which applies them to frames, and only the kinds it
 * applies. Built on first use, like every schema that not every run needs (common/lazily.ts).
 */
function tcpScenarioSchemaFor(topology: 'mesh' | 'router') {
  return scenarioSchema.superRefine((scenario, context) => {
    const most = `at most ${tcpMachineCountMax}`;
    const where = 'in tcp mode (one process each on this host)';
    const { machines, rates } = scenario;
    if (machines !== undefined && machines > tcpMachineCountMax) {
      const message = `expected ${most} machines ${where}`;
      context.addIssue({ code: 'custom', path: ['machines'], input: machines, message });
    } else if (machines === undefined && rates !== undefined && rates.length > tcpMachineCountMax) {
      const message = `expected ${most} rates, one per machine, ${where}`;
      context.addIssue({ code: 'custom', path: ['rates'], input: rates, message });
    }
    const faults = scenario.faults ?? [];
    const first = faults[0];
    if (first !== undefined && topology !== 'router') {
      const message =
        'expected no faults in tcp mode without --topology router (the router applies them; add --topology router or use --mode virtual)';
      context.addIssue({ code: 'custom', path: ['faults', 0, 'kind'], input: first.kind, message });
    }
  });
}

export const tcpScenarioSchema = lazily(() => tcpScenarioSchemaFor('mesh'));
export const tcpRouterScenarioSchema = lazily(() => tcpScenarioSchemaFor('router'));

/** A scenario file as written: every field optional; defaults are filled in by the resolver. */
export type ScenarioFile = z.input<typeof scenarioSchema>;
export type LatencySpec = z.output<typeof latencySchema>;
export type RateDistribution = z.output<typeof rateDistributionSchema>;

/** The JSON Schema of the file format, for editors (`"$schema"` in a scenario file). */
export function scenarioJsonSchema(): unknown {
  const schema = z.toJSONSchema(scenarioSchema, { io: 'input', unrepresentable: 'any' });
  return {
    ...schema,
    title: 'lamport-lab scenario',
    description:
      'A lamport-lab scenario: machines, rates, probabilities, latency, duration, seed, faults.',
  };
}
