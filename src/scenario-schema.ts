/**
 * The scenario file format, as a zod schema. It is the single source of truth: the loader
 * validates with it and `scenarios/scenario.schema.json` (for editors) is generated from it.
 * Every check carries the sentence a user sees when it fails ("expected ...").
 */
import { z } from 'zod';
import { isExactProbability } from '../core/index.js';

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
const rateHz = z
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

const probabilityText = 'a probability in [0, 1] with at most 6 decimals';
const machinesText = `a whole number of machines, 2..${machineCountMax}`;
const durationText = `a duration in seconds, > 0 and <= ${durationSecMax}, µs resolution`;
const seedText = `a whole number 0..${seedMax}`;

export const scenarioSchema = z
  .strictObject({
    $schema: z.string(expecting('a string (path of the JSON Schema)')).optional(),
    name: z
      .string(expecting('a name of letters, digits, "-", "_" or "."'))
      .regex(/^[A-Za-z0-9._-]{1,64}$/, expecting('a name of letters, digits, "-", "_" or "."'))
      .optional(),
    description: z.string(expecting('a string')).optional(),
    seed: z
      .number(expecting(seedText))
      .int(expecting(seedText))
      .min(0, expecting(seedText))
      .max(seedMax, expecting(seedText))
      .optional(),
    machines: z
      .number(expecting(machinesText))
      .int(expecting(machinesText))
      .min(2, expecting(machinesText))
      .max(machineCountMax, expecting(machinesText))
      .optional(),
    rates: z
      .array(rateHz, expecting('an array of rates in Hz, one per machine'))
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
    internalProbability: z
      .number(expecting(probabilityText))
      .refine(isExactProbability, expecting(probabilityText))
      .optional(),
    durationSec: z
      .number(expecting(durationText))
      .positive(expecting(durationText))
      .max(durationSecMax, expecting(durationText))
      .refine((value) => hasDecimalsAtMost(value, 6), expecting(durationText))
      .optional(),
    latency: latencySchema.optional(),
    fifo: z.boolean(expecting('true or false')).optional(),
  })
  .superRefine((scenario, context) => {
    const { machines, rates, rateRange } = scenario;
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
  });

/** A scenario file as written: every field optional; defaults are filled in by the resolver. */
export type ScenarioFile = z.input<typeof scenarioSchema>;
export type LatencySpec = z.output<typeof latencySchema>;

/** The JSON Schema of the file format, for editors (`"$schema"` in a scenario file). */
export function scenarioJsonSchema(): unknown {
  const schema = z.toJSONSchema(scenarioSchema, { io: 'input', unrepresentable: 'any' });
  return {
    ...schema,
    title: 'lamport-lab scenario',
    description: 'A lamport-lab scenario: machines, rates, probabilities, latency, duration, seed.',
  };
}
