/**
 * A number in an error line as the user wrote it. A flag's text or a JSON file's number became a
 * double before any rule looked at it, and a double prints in its own shortest form: 2^53 + 1 as
 * 9007199254740992, 1e400 as Infinity, 0.1000000000000000000001 as 0.1. A refusal that quoted that
 * form named a number the user never wrote; these give back the literal they did write.
 */
import { describeValue } from './errors.js';

const numberLiteral = /[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?/g;

/**
 * The number literal in `typed` (a flag's value as typed: `9007199254740993`, `uniform:1-20`,
 * `1@5`) that reads as `value`, or null when none does (the value was computed, not typed).
 * Of two spellings of one value in one flag the first is taken: either is the user's.
 */
export function literalIn(typed: string, value: number): string | null {
  for (const [literal] of typed.matchAll(numberLiteral)) {
    // `10-20` is two numbers, not 10 and -20: the sign may be the flag's own separator.
    for (const candidate of [literal, literal.replace(/^[-+]/, '')]) {
      if (Number(candidate) === value) return candidate;
    }
  }
  return null;
}

/** `value` for an error line, a number as its `literal` when that is what the user wrote. */
export function describeAsWritten(value: unknown, literal: string | null | undefined): string {
  if (typeof value === 'number' && typeof literal === 'string' && Number(literal) === value) {
    return `${literal} (number)`;
  }
  return describeValue(value);
}

/** `value` for an error line, a number as the user typed it in `typed` (see literalIn). */
export function describeAsTyped(value: unknown, typed: string | undefined): string {
  const literal = typeof value === 'number' && typed !== undefined ? literalIn(typed, value) : null;
  return describeAsWritten(value, literal);
}
