/**
 * Operating errors: things a user got wrong or the machine refused. They are expected, carry
 * where and what, and end the program with exit code 2 and one line, never a stack trace.
 * Programmer errors are `InvariantError`s from core/assert.ts and exit with code 3 (internal).
 */
import { type ExitCode, exitCodes } from './exit-codes.js';

/** Bad input: a file, field or flag. The message is the one line the user sees. */
export class InputError extends Error {
  override readonly name = 'InputError';
}

/**
 * A child (the second process of `run --check-determinism`, an experiment's worker thread) that
 * failed: its exit code is the child's own meaning, so a child refused for bad input, or stopped
 * by Ctrl-C, is not reported as a bug in lamport-lab. The message is what the user sees.
 */
export class ChildFailedError extends Error {
  override readonly name = 'ChildFailedError';
  readonly exitCode: ExitCode;

  constructor(message: string, exitCode: ExitCode) {
    super(message);
    this.exitCode = exitCode;
  }
}

/**
 * What an error means as an exit code: bad input or the system refusing is 2, a failed child
 * keeps its own code, anything else is a bug (3).
 */
export function exitCodeOf(error: unknown): ExitCode {
  if (error instanceof ChildFailedError) return error.exitCode;
  if (error instanceof InputError || systemErrorCode(error) !== null) return exitCodes.input;
  return exitCodes.internal;
}

/** An error sent across a thread: what kind it was survives, its class would not. */
export interface CarriedError {
  readonly exitCode: ExitCode;
  readonly message: string;
  /** The system's code (ENOSPC ...), so the receiving side words it as the system's. */
  readonly systemCode: string | null;
  readonly stack: string | null;
}

export function carryError(error: unknown): CarriedError {
  return {
    exitCode: exitCodeOf(error),
    message: error instanceof Error ? error.message : String(error),
    systemCode: systemErrorCode(error),
    stack: error instanceof Error ? (error.stack ?? null) : null,
  };
}

/** An error with a system code, as Node's (NodeJS.ErrnoException) without Node's types. */
type SystemError = Error & { code?: string };

/** The error on this side of the thread, which the CLI's edge maps to the same exit code. */
export function reviveError(carried: CarriedError): Error {
  if (carried.systemCode !== null) {
    const error: SystemError = new Error(carried.message);
    error.code = carried.systemCode;
    return error;
  }
  if (carried.exitCode === exitCodes.input) return new InputError(carried.message);
  if (carried.exitCode !== exitCodes.internal) {
    return new ChildFailedError(carried.message, carried.exitCode);
  }
  const error = new Error(carried.message);
  if (carried.stack !== null) error.stack = carried.stack;
  return error;
}

/**
 * The code of an error the operating system returned (ENOSPC, EACCES, ECONNREFUSED ...), or
 * null for anything else. Such an error is the machine refusing, not a bug: the program ends
 * with its message, which names the call and the file, in one line and exit code 2. Node's own
 * codes (ERR_...) hold an underscore and are not the system's.
 */
export function systemErrorCode(error: unknown): string | null {
  if (!(error instanceof Error)) return null;
  const code = (error as SystemError).code;
  return typeof code === 'string' && /^E[A-Z0-9]+$/.test(code) ? code : null;
}

/** A system error in words, its code in brackets: `no space left on the device (ENOSPC)`. */
export function describeSystemError(error: unknown): string {
  const code = systemErrorCode(error);
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return `permission denied (${code})`;
    case 'EROFS':
      return 'read-only file system (EROFS)';
    case 'ENOSPC':
    case 'EDQUOT':
      return `no space left on the device (${code})`;
    case 'ENOTDIR':
      return `a parent of it is a file, not a directory (${code})`;
    case 'EISDIR':
      return 'it is a directory (EISDIR)';
    case 'ENOENT':
      return 'no such file or directory (ENOENT)';
    default:
      return error instanceof Error ? error.message.replace(/\s*\n\s*/g, ' ') : String(error);
  }
}

/** Objects and arrays up to this long are quoted in an error message; longer ones are not. */
const quotedObjectCharsMax = 60;

/**
 * Describes a value for an error message: `7 (number)`, `"abc" (string)`, `nothing`, a short
 * object or array as its JSON (`{"lease":1.5}`, `[[0,1,2]]`: "got an object" left the user to
 * guess which part), a long one by its kind and length.
 */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return shortJson(value) ?? `an array of ${value.length}`;
  if (typeof value === 'object') return shortJson(value) ?? 'an object';
  if (typeof value === 'string') return `${JSON.stringify(value)} (string)`;
  return `${String(value)} (${typeof value})`;
}

/** `value`'s compact JSON when it has one of at most quotedObjectCharsMax characters. */
function shortJson(value: object): string | null {
  try {
    const text = JSON.stringify(value);
    return text !== undefined && text.length <= quotedObjectCharsMax ? text : null;
  } catch {
    // A cycle or a bigint: no JSON to quote.
    return null;
  }
}
