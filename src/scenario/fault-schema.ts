/**
 * The scenario field `faults` (issue 18), as a zod schema: each entry's own fields here, and the
 * rules between entries (ids in range, windows inside the run, a restart only of a machine that
 * is down, no two overlapping windows where overlap has no meaning) in `checkFaultList`, which the
 * scenario schema runs once it knows the machine count and the duration. Every refusal carries
 * the sentence a user sees ("expected ..."), with a path like `faults[2].untilSec`.
 */
import * as z from 'zod';
import { isExactProbability } from '../../core/index.js';

/** The largest clock a message may carry: a safe integer with room for one more increment. */
export const carriedClockMax = 2 ** 52;

const faultSecMax = 10_000_000;

function expecting(text: string) {
  return { error: `expected ${text}` };
}

const hasDecimalsAtMost = (value: number, decimals: number): boolean =>
  Math.round(value * 10 ** decimals) / 10 ** decimals === value;

const secText = 'a time in seconds, >= 0, with at most 6 decimals (µs resolution)';
const sec = z
  .number(expecting(secText))
  .min(0, expecting(secText))
  .max(faultSecMax, expecting(secText))
  .refine((value) => hasDecimalsAtMost(value, 6), expecting(secText));

// `null` is the resolved form's "open" (a manifest's list loads back as a scenario's).
const untilSec = sec.nullable().optional();

const idText = 'a machine id (a whole number >= 0)';
const machineId = z.number(expecting(idText)).int(expecting(idText)).min(0, expecting(idText));

const idsText = 'a list of machine ids, like [0, 2]';
const machineIds = z.array(machineId, expecting(idsText)).min(1, expecting(idsText));

const probabilityText = 'a probability in [0, 1] with at most 6 decimals';
const probability = z
  .number(expecting(probabilityText))
  .refine(isExactProbability, expecting(probabilityText));

const extraMsText = 'extra latency in ms, >= 0, with at most 3 decimals (µs resolution)';
const extraMs = z
  .number(expecting(extraMsText))
  .min(0, expecting(extraMsText))
  .max(faultSecMax * 1000, expecting(extraMsText))
  .refine((value) => hasDecimalsAtMost(value, 3), expecting(extraMsText));

const rateText = 'a rate in Hz, > 0 and <= 1000000, with at most 3 decimals';
const rateHz = z
  .number(expecting(rateText))
  .positive(expecting(rateText))
  .max(1_000_000, expecting(rateText))
  .refine((value) => hasDecimalsAtMost(value, 3), expecting(rateText));

const wholeText = (min: number, max: number): string => `a whole number ${min}..${max}`;
const whole = (min: number, max: number) =>
  z
    .number(expecting(wholeText(min, max)))
    .int(expecting(wholeText(min, max)))
    .min(min, expecting(wholeText(min, max)))
    .max(max, expecting(wholeText(min, max)));

/** Which copies a per-copy fault applies to: senders, receivers, and when they are sent. */
const link = {
  from: machineIds.optional(),
  to: machineIds.optional(),
  atSec: sec.optional(),
  untilSec,
};

const restartClockText = '"persisted", "reset" or {"lease": K} with K a whole number >= 1';
const restartClock = z.union(
  [
    z.literal('persisted'),
    z.literal('reset'),
    z.strictObject({ lease: whole(1, carriedClockMax) }, expecting(restartClockText)),
  ],
  expecting(restartClockText),
);

const kindText =
  'an object with "kind": "loss", "duplicate", "delay", "partition", "crash", "restart", "pause", "rate" or "corrupt-clock"';

/** The change keys of corrupt-clock; an entry gives exactly one. */
export const clockChangeKeys = ['add', 'set', 'sub'] as const;

export const faultSchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('loss'), p: probability, ...link }),
    z.strictObject({ kind: z.literal('duplicate'), p: probability, ...link }),
    z.strictObject({ kind: z.literal('delay'), extraMs, ...link }),
    z.strictObject({
      kind: z.literal('partition'),
      groups: z
        .array(machineIds, expecting('a list of groups of machine ids, like [[0], [1, 2]]'))
        .min(1, expecting('at least one group of machine ids, like [[0], [1, 2]]')),
      oneWay: z.boolean(expecting('true or false')).optional(),
      atSec: sec,
      untilSec,
    }),
    z.strictObject({
      kind: z.literal('crash'),
      machine: machineId,
      atSec: sec,
      inbox: z.enum(['drop', 'keep'], expecting('"drop" or "keep"')).optional(),
    }),
    z.strictObject({
      kind: z.literal('restart'),
      machine: machineId,
      atSec: sec,
      clock: restartClock.optional(),
    }),
    z.strictObject({ kind: z.literal('pause'), machine: machineId, atSec: sec, untilSec: sec }),
    z.strictObject({ kind: z.literal('rate'), machine: machineId, atSec: sec, rateHz }),
    z
      .strictObject({
        kind: z.literal('corrupt-clock'),
        machine: machineId,
        atSec: sec.optional(),
        untilSec,
        count: whole(1, Number.MAX_SAFE_INTEGER).nullable().optional(),
        add: whole(1, carriedClockMax).optional(),
        set: whole(1, carriedClockMax).optional(),
        sub: whole(1, carriedClockMax).optional(),
      })
      .superRefine((fault, context) => {
        const given = clockChangeKeys.filter((key) => fault[key] !== undefined);
        if (given.length === 1) return;
        const message = 'expected exactly one of "add", "set" or "sub"';
        const at = given[1] ?? 'kind';
        context.addIssue({ code: 'custom', path: [at], input: fault[at], message });
      }),
  ],
  expecting(kindText),
);

export const faultListSchema = z.array(faultSchema, expecting('a list of faults'));

export type FaultFile = z.output<typeof faultSchema>;

/**
 * The fields a fault of `kind` takes, in the schema's order (a refusal of an unknown field lists
 * them); null for a kind that is not one.
 */
export function faultFieldsOf(kind: unknown): readonly string[] | null {
  const option = faultSchema.options.find((each) => each.shape.kind.value === kind);
  return option === undefined ? null : Object.keys(option.shape);
}
