/**
 * A scenario from a JSON object: the command line's overrides laid over it, and the result
 * validated, every failure one InputError line naming the file or flag, the field, what was
 * expected and what came. No file is read here (load.ts finds and reads the file), so the
 * browser playground validates its scenario with the very rules and words the CLI uses.
 */
import type * as z from 'zod';
import { InputError } from '../common/errors.js';
import type { NumberLiteralAt } from '../common/json-number-literals.js';
import { describeAsTyped, describeAsWritten } from '../common/number-as-typed.js';
import { formatIssuePath, valueAtIssue } from '../common/zod-issue.js';
import { faultFieldsOf } from './fault-schema.js';
import {
  type ScenarioFile,
  scenarioSchema,
  tcpRouterScenarioSchema,
  tcpScenarioSchema,
} from './schema.js';

/** The fields that say where the rates come from; a scenario gives one at most. */
const rateFields = ['rates', 'rateRange', 'rateDistribution'] as const;

/** Command-line values for scenario fields, and the flag each came from (for error messages). */
export interface ScenarioOverrides {
  readonly values: Partial<Record<keyof ScenarioFile, unknown>>;
  readonly flags: Partial<Record<keyof ScenarioFile, string>>;
  /**
   * By flag (as in `flags`): its value as typed, so a refusal quotes the number the user wrote,
   * not the double it became (`--seed 9007199254740993` is read as 9007199254740992).
   */
  readonly typed?: Readonly<Record<string, string>>;
  /**
   * Faults from the command line (`--crash 1@5`): appended to the scenario's own list, not
   * replacing it, each with the flag as typed so that a refusal of it names the flag.
   */
  readonly appendedFaults?: readonly AppendedFault[];
}

/** One fault entry given by a flag. */
export interface AppendedFault {
  /** The flag and its value as typed: `--crash 1@5`. */
  readonly typed: string;
  readonly fault: unknown;
}

export interface LoadedScenario {
  /** Where it came from, as the user should read it: a relative path. */
  readonly source: string;
  readonly name: string;
  readonly file: z.output<typeof scenarioSchema>;
}

/** Where a scenario object came from: how to name it to the user, and its name by default. */
export interface ScenarioOrigin {
  /** As the user should read it (a relative path): error messages and manifests name it. */
  readonly source: string;
  /** The scenario's name when it gives none (a file's name without `.json`). */
  readonly defaultName: string;
  /** The file's number literals (see json-number-literals.ts), for refusals that quote them. */
  readonly numberLiteralAt?: NumberLiteralAt;
}

/**
 * `mode` "tcp" also holds the machine count to what one host runs as processes, and takes faults
 * only with the router topology (tcpScenarioSchema); the default is the simulator's limits.
 */
export function scenarioFromObject(
  raw: Record<string, unknown>,
  origin: ScenarioOrigin,
  overrides: ScenarioOverrides,
  mode: 'virtual' | 'tcp' = 'virtual',
  topology: 'mesh' | 'router' = 'mesh',
): LoadedScenario {
  const { source } = origin;
  const merged: Record<string, unknown> = { ...raw, ...definedValues(overrides.values) };
  // Rates from the command line (fixed, a range or a distribution) replace the file's, whichever
  // way the file gave them. Two given on the line both stay, so the schema refuses the pair by
  // name. A machine count alone replaces only fixed rates: a range or distribution draws for it.
  const rateFlagGiven = rateFields.some((field) => overrides.values[field] !== undefined);
  for (const field of rateFields) {
    const replaced =
      rateFlagGiven || (field === 'rates' && overrides.values.machines !== undefined);
    if (replaced && overrides.values[field] === undefined) delete merged[field];
  }
  // Fixed rates from the command line say how many machines there are, unless --machines does.
  if (overrides.values.rates !== undefined && overrides.values.machines === undefined) {
    delete merged.machines;
  }
  const appended = overrides.appendedFaults ?? [];
  if (appended.length > 0 && (merged.faults === undefined || Array.isArray(merged.faults))) {
    merged.faults = [
      ...((merged.faults as unknown[] | undefined) ?? []),
      ...appended.map((entry) => entry.fault),
    ];
  }
  const schema =
    mode === 'virtual'
      ? scenarioSchema
      : topology === 'router'
        ? tcpRouterScenarioSchema()
        : tcpScenarioSchema();
  const parsed = schema.safeParse(merged, { reportInput: true });
  if (!parsed.success) {
    const fileFaults = Array.isArray(raw.faults) ? raw.faults.length : 0;
    throw issueToInputError(parsed.error.issues, origin, overrides, fileFaults);
  }
  const name = parsed.data.name ?? origin.defaultName;
  return { source, name, file: parsed.data };
}

function definedValues(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined));
}

/**
 * One flag's value checked against the schema of what it stands for (a scenario field or one
 * element of one), for commands that take such values outside a scenario (`machine`): the same
 * limits and the same one-line refusal as `run`'s flag for it. Returns the checked value.
 */
export function checkFlagValue<T>(
  flag: string,
  schema: z.ZodType<T>,
  value: unknown,
  typed?: string,
): T {
  const parsed = schema.safeParse(value, { reportInput: true });
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const got = describeAsTyped(issue === undefined ? value : valueAtIssue(issue), typed);
  throw new InputError(`${flag}: ${issue?.message ?? 'invalid value'}, got ${got}`);
}

/** `--crash 1@5` when the issue is in a fault a flag appended after the file's `fileFaults`. */
function appendedFaultFlag(
  path: readonly PropertyKey[],
  overrides: ScenarioOverrides,
  fileFaults: number,
): string | undefined {
  const [top, index] = path;
  if (top !== 'faults' || typeof index !== 'number' || index < fileFaults) return undefined;
  return overrides.appendedFaults?.[index - fileFaults]?.typed;
}

/**
 * A message that names another entry of the fault list (`faults[2]`, the restart that clashes)
 * names a flag's entry as typed (`--restart 1@25`): the user never saw its index.
 */
function namingAppendedFaults(
  message: string,
  overrides: ScenarioOverrides,
  fileFaults: number,
): string {
  return message.replace(
    /faults\[(\d+)\]/g,
    (named, index: string) =>
      appendedFaultFlag(['faults', Number(index)], overrides, fileFaults) ?? named,
  );
}

/**
 * A scenario the validator refused, with the parts of its one line kept apart: the field as the
 * line names it (`faults[2].atSec`), what was expected and what came. The library's
 * ScenarioError (src/api) is made from them; the CLI prints the message, as for any InputError.
 */
export class ScenarioIssueError extends InputError {
  readonly field: string;
  /** Without the leading "expected ": `a number 0..1`. */
  readonly expected: string;
  /** As the line gives it: `1.5 (number)`, `"mode"`; empty when no single value is wrong. */
  readonly received: string;

  constructor(message: string, parts: { field: string; expected: string; received: string }) {
    super(message);
    this.field = parts.field;
    this.expected = parts.expected;
    this.received = parts.received;
  }
}

function withoutExpected(message: string): string {
  return message.startsWith('expected ') ? message.slice('expected '.length) : message;
}

function issueToInputError(
  issues: readonly z.core.$ZodIssue[],
  origin: ScenarioOrigin,
  overrides: ScenarioOverrides,
  fileFaults: number,
): InputError {
  const { source } = origin;
  const issue = issues[0];
  if (issue === undefined) return new InputError(`${source}: invalid scenario`);
  const field = formatIssuePath(issue.path);
  const topKey = issue.path[0] as keyof ScenarioFile | undefined;
  // Name a flag only when the bad value came from it; otherwise the file is to blame.
  const fromFlag = topKey !== undefined && overrides.values[topKey] !== undefined;
  const flag = fromFlag
    ? overrides.flags[topKey]
    : appendedFaultFlag(issue.path, overrides, fileFaults);
  // What the flag was given, as typed; an appended fault's `flag` is already `--crash 1@5`.
  const typedOf = (named: string): string => (fromFlag ? (overrides.typed?.[named] ?? '') : named);
  const flagWhere = issue.path.length > 1 ? `${flag} (${field})` : flag;
  const where = flag === undefined ? `${source}: ${field}` : flagWhere;
  if (issue.code === 'unrecognized_keys')
    return unknownFieldError(issue.keys, field, where, source, knownFieldsAt(issue));
  // A rule between two fields names both ("rates" or "rateRange"): in the flags' words when the
  // values came from flags, and without a "got": no single value is wrong.
  let message = namingAppendedFaults(issue.message, overrides, fileFaults);
  for (const [key, flagName] of Object.entries(overrides.flags)) {
    if (flagName !== undefined && overrides.values[key as keyof ScenarioFile] !== undefined) {
      message = message.replaceAll(`"${key}"`, flagName);
    }
  }
  const expected = withoutExpected(message);
  if (issue.code === 'custom' && message.endsWith(', not both')) {
    return new ScenarioIssueError(`${where}: ${message}`, { field, expected, received: '' });
  }
  const received = receivedAsWritten(issue, origin, flag === undefined ? undefined : typedOf(flag));
  return new ScenarioIssueError(`${where}: ${message}, got ${received}`, {
    field,
    expected,
    received,
  });
}

/**
 * The wrong value as the user wrote it: a number as the flag's text or the file's literal gave
 * it, not as the double it became (see number-as-typed.ts).
 */
function receivedAsWritten(
  issue: z.core.$ZodIssue,
  origin: ScenarioOrigin,
  typed: string | undefined,
): string {
  const value = valueAtIssue(issue);
  if (typed !== undefined) return describeAsTyped(value, typed);
  return describeAsWritten(value, origin.numberLiteralAt?.(issue.path));
}

/**
 * The fields the object of an unknown-field issue may have, where they are known: a fault
 * entry's, by its kind (a top-level field's are the scenario's; others: null).
 */
function knownFieldsAt(issue: z.core.$ZodIssue): readonly string[] | null {
  if (issue.path[0] !== 'faults' || issue.path.length !== 2) return null;
  const entry = valueAtIssue(issue);
  if (typeof entry !== 'object' || entry === null) return null;
  return faultFieldsOf((entry as Record<string, unknown>).kind);
}

/** Fields the schema does not know: named with their path, the first as the error's field. */
function unknownFieldError(
  keys: readonly string[],
  field: string,
  where: string | undefined,
  source: string,
  fieldsKnown: readonly string[] | null,
): ScenarioIssueError {
  const unknown = keys.map((key) => `"${key}"`).join(', ');
  const first = keys[0] ?? '';
  const received = `unknown field ${unknown}`;
  if (field !== '') {
    // As at the top level: the fields it may have, where the schema says which.
    const expected =
      fieldsKnown === null ? `no other field in ${field}` : `one of: ${fieldsKnown.join(', ')}`;
    return new ScenarioIssueError(
      fieldsKnown === null
        ? `${where}: ${received}`
        : `${where}: ${received}; expected ${expected}`,
      { field: `${field}.${first}`, expected, received },
    );
  }
  const known = Object.keys(scenarioSchema.shape).join(', ');
  return new ScenarioIssueError(`${source}: ${received}; expected one of: ${known}`, {
    field: first,
    expected: `one of: ${known}`,
    received,
  });
}
