/**
 * Operating errors: things a user got wrong or the machine refused. They are expected, carry
 * where and what, and end the program with exit code 2 and one line, never a stack trace.
 * Programmer errors are `InvariantError`s from core/assert.ts and exit with code 1.
 */

export const exitCodes = { ok: 0, internal: 1, input: 2 } as const;

/** Bad input: a file, field or flag. The message is the one line the user sees. */
export class InputError extends Error {
  override readonly name = 'InputError';
  readonly exitCode = exitCodes.input;
}

/** Describes a value for an error message: `7 (number)`, `"abc" (string)`, `nothing`. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `${JSON.stringify(value)} (string)`;
  return `${String(value)} (${typeof value})`;
}
