/**
 * The format spec: how to read another implementation's log, one JSON file (docs/IMPORT.md). It
 * says how a line becomes named fields (CSV columns, a regular expression's named groups, or a
 * JSON object's dotted paths) and how those fields map onto lamport-lab's columns. Validated
 * with zod like a scenario: a bad spec is refused in one line naming the field.
 */
import * as z from 'zod';
import { InputError } from '../common/errors.js';
import { readJsonFile } from '../common/json-file.js';
import { lazily } from '../common/lazily.js';
import { expectedAndGot, formatIssuePath } from '../common/zod-issue.js';

function expecting(text: string) {
  return { error: `expected ${text}` };
}

/** A regular expression the spec gives: it must compile. */
function regexText(what: string) {
  return z
    .string(expecting(`${what} (a regular expression)`))
    .refine(compiles, expecting(`${what}: a valid regular expression`));
}

function compiles(text: string): boolean {
  try {
    new RegExp(text, 'u');
    return true;
  } catch {
    return false;
  }
}

const fieldNameText = 'a column name, group name or dotted path';
const sourceName = () => z.string(expecting(fieldNameText)).min(1, expecting(fieldNameText));
const wordsText = 'an array of words';
const words = () => z.array(z.string(expecting('a word')), expecting(wordsText));

/** Our fields, each read from a named field of the line (column, group or dotted path). */
const fieldsSchema = lazily(() =>
  z.strictObject(
    {
      event: sourceName(),
      time: sourceName(),
      clock: sourceName(),
      machine: sourceName().optional(),
      queue: sourceName().optional(),
      receivers: sourceName().optional(),
      sender: sourceName().optional(),
      msgClock: sourceName().optional(),
      msgId: sourceName().optional(),
    },
    expecting('an object naming where event, time and clock are (and optional fields)'),
  ),
);

export const timeUnits = ['s', 'ms', 'us', 'datetime', 'time-of-day'] as const;
export type TimeUnit = (typeof timeUnits)[number];

const dateText = 'a date YYYY-MM-DD';
const timeSchema = lazily(() =>
  z
    .strictObject(
      {
        unit: z.enum(timeUnits, expecting(`one of ${timeUnits.map((u) => `"${u}"`).join(', ')}`)),
        date: z
          .string(expecting(dateText))
          .regex(/^\d{4}-\d{2}-\d{2}$/, expecting(dateText))
          .optional(),
      },
      expecting('an object {"unit": ...}'),
    )
    .superRefine((time, context) => {
      if (time.date === undefined || time.unit === 'time-of-day') return;
      const message = 'expected no date: only "unit": "time-of-day" takes one';
      context.addIssue({ code: 'custom', path: ['date'], input: time.date, message });
    }),
);

const machineText =
  'an object {"from": "field"}, {"from": "file", "pattern": ...} or {"from": "port", "pattern": ...}';
const machineSchema = lazily(() =>
  z.discriminatedUnion(
    'from',
    [
      z.strictObject({ from: z.literal('field') }),
      z.strictObject({ from: z.literal('file'), pattern: regexText('a pattern of the file name') }),
      z.strictObject({
        from: z.literal('port'),
        pattern: regexText('a pattern of the file name').optional(),
      }),
    ],
    expecting(machineText),
  ),
);

const eventsSchema = lazily(() =>
  z.strictObject(
    { send: words(), receive: words(), internal: words() },
    expecting('an object {"send": [...], "receive": [...], "internal": [...]}'),
  ),
);

const receiversSchema = lazily(() =>
  z.strictObject(
    {
      separator: regexText('a separator').optional(),
      all: words().optional(),
    },
    expecting('an object {"separator": ..., "all": [...]}'),
  ),
);

/** What every kind of spec has: where the fields are, and what their values mean. */
function commonShape() {
  return {
    name: z.string(expecting('a string')).optional(),
    description: z.string(expecting('a string')).optional(),
    skip: z.array(regexText('a line to skip'), expecting('an array of regexes')).optional(),
    derive: z
      .record(z.string(), regexText('a regex with named groups'), expecting('an object'))
      .optional(),
    fields: fieldsSchema(),
    events: eventsSchema(),
    receivers: receiversSchema().optional(),
    time: timeSchema(),
    machine: machineSchema(),
    ids: z.enum(['number', 'port'], expecting('"number" or "port"')).optional(),
  };
}

const delimiterText = 'one character';
const specSchema = lazily(() =>
  z
    .discriminatedUnion(
      'kind',
      [
        z.strictObject({
          kind: z.literal('csv'),
          delimiter: z
            .string(expecting(delimiterText))
            .length(1, expecting(delimiterText))
            .optional(),
          header: z.boolean(expecting('true or false')).optional(),
          columns: z.array(z.string(expecting('a column name')), expecting('an array')).optional(),
          ...commonShape(),
        }),
        z.strictObject({
          kind: z.literal('regex'),
          pattern: regexText('a pattern with named groups'),
          ...commonShape(),
        }),
        z.strictObject({ kind: z.literal('json'), ...commonShape() }),
      ],
      expecting('an object with "kind": "csv", "regex" or "json"'),
    )
    .superRefine((spec, context) => {
      if (spec.kind === 'csv' && spec.header !== true && spec.columns === undefined) {
        const message = 'expected the column names: a CSV without a header names its columns';
        context.addIssue({ code: 'custom', path: ['columns'], input: undefined, message });
      }
      if (spec.machine.from === 'field' && spec.fields.machine === undefined) {
        const message = 'expected fields.machine: "machine": {"from": "field"} reads it there';
        context.addIssue({
          code: 'custom',
          path: ['fields', 'machine'],
          input: undefined,
          message,
        });
      }
    }),
);

export type FormatSpec = z.output<ReturnType<typeof specSchema>>;
export type FieldName = keyof FormatSpec['fields'];

/** A spec from a value (a parsed file, or a preset), refused in one line naming `label`. */
export function parseFormatSpec(value: unknown, label: string): FormatSpec {
  const parsed = specSchema().safeParse(value, { reportInput: true });
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  if (issue === undefined) throw new InputError(`${label}: invalid format spec`);
  const field = formatIssuePath(issue.path);
  if (issue.code === 'unrecognized_keys') {
    const unknown = issue.keys.map((key) => `"${key}"`).join(', ');
    throw new InputError(
      `${field === '' ? label : `${label}: ${field}`}: unknown field ${unknown}`,
    );
  }
  const words = expectedAndGot(issue, (other) =>
    other.code === 'invalid_type' ? `expected ${other.expected}` : other.message,
  );
  throw new InputError(`${field === '' ? label : `${label}: ${field}`}: ${words}`);
}

export function readFormatSpec(path: string): FormatSpec {
  return parseFormatSpec(readJsonFile(path), path);
}
