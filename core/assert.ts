/**
 * Assertions for programmer errors. They stay on in production: a broken invariant in a
 * simulator means every number it printed afterwards is suspect, so we stop at once.
 * Operating errors (bad files, bad flags) are not asserted; they are typed errors at the edge.
 */

/** Thrown when an invariant of the model or the drivers does not hold: always a bug. */
export class InvariantError extends Error {
  override readonly name = 'InvariantError';
}

/**
 * Keep `message` a constant string on hot paths: a template literal is built on every call,
 * even when the assertion holds.
 */
export function assert(condition: boolean, message: string): asserts condition {
  if (!condition) throw new InvariantError(message);
}

/** Closes an exhaustive switch: the compiler proves this is unreachable, the runtime checks it. */
export function assertNever(value: never, what: string): never {
  throw new InvariantError(`unexpected ${what}: ${JSON.stringify(value)}`);
}
