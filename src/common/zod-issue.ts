/**
 * A zod issue in the words of an error line: where (`logs[0].rows`) and the value that was
 * wrong. Shared by every reader of a JSON file we validate (scenarios, manifests), so their
 * refusals name a field the same way.
 */
import type * as z from 'zod';
import { describeValue } from './errors.js';

/** `scenario.rates[2]`, `logs[0].rows`: the path as the user would write it. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else text += text === '' ? String(key) : `.${String(key)}`;
  }
  return text;
}

/**
 * The value that was wrong. Some checks (an unknown "kind", say) report the enclosing object as
 * their input; the value under the issue's last key is what the user wrote wrong.
 */
export function valueAtIssue(issue: z.core.$ZodIssue): unknown {
  const key = issue.path[issue.path.length - 1];
  const input = issue.input;
  const isRecord = typeof input === 'object' && input !== null && !Array.isArray(input);
  if (typeof key === 'string' && isRecord && key in input) {
    return (input as Record<string, unknown>)[key];
  }
  return input;
}

/**
 * What was expected and what came, for an error line: the issue's own words when our schema
 * gave it some ("expected ..."), else `fallback`'s; then ", got <the wrong value>".
 */
export function expectedAndGot(
  issue: z.core.$ZodIssue,
  fallback: (issue: z.core.$ZodIssue) => string,
): string {
  const expected = issue.message.startsWith('expected ') ? issue.message : fallback(issue);
  return `${expected}, got ${describeValue(valueAtIssue(issue))}`;
}
