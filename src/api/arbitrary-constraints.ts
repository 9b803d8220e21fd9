/**
 * The constraints of the library's arbitraries (issue 22), checked and given their defaults. A
 * bad constraint is a programming error in the user's test, found when the arbitrary is built:
 * a TypeError (wrong type, unknown name) or a RangeError (out of bounds), each naming the
 * function and the constraint, in the CLI's words: `arbScenario: machinesMax: expected a whole
 * number 2..8, got 9`.
 */
import { type FaultKind, faultKinds } from '../../transports/fault-config.js';

/** A constraints object: a plain object whose keys are all among `names`. */
export function checkedObject(
  fn: string,
  given: unknown,
  names: readonly string[],
): Readonly<Record<string, unknown>> {
  if (given === undefined) return {};
  if (typeof given !== 'object' || given === null || Array.isArray(given)) {
    throw new TypeError(`${fn}: expected a constraints object, got ${shown(given)}`);
  }
  const unknown = Object.keys(given).find((name) => !names.includes(name));
  if (unknown !== undefined) {
    throw new TypeError(
      `${fn}: ${unknown}: expected one of the constraints ${names.join(', ')}, got an unknown name`,
    );
  }
  return given as Record<string, unknown>;
}

/** A whole number least..most, `fallback` when absent. */
export function wholeNumber(
  fn: string,
  name: string,
  value: unknown,
  bounds: { readonly least: number; readonly most: number; readonly fallback?: number },
): number {
  if (value === undefined && bounds.fallback !== undefined) return bounds.fallback;
  const expected = `expected a whole number ${bounds.least}..${bounds.most}`;
  if (typeof value !== 'number') {
    throw new TypeError(`${fn}: ${name}: ${expected}, got ${shown(value)}`);
  }
  if (!Number.isInteger(value) || value < bounds.least || value > bounds.most) {
    throw new RangeError(`${fn}: ${name}: ${expected}, got ${shown(value)}`);
  }
  return value;
}

/** true or false, `fallback` when absent. */
export function flag(fn: string, name: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') {
    throw new TypeError(`${fn}: ${name}: expected true or false, got ${shown(value)}`);
  }
  return value;
}

/**
 * Fault kinds, `fallback` when absent; returned in the scenario format's order, each once, as
 * `explore --faults` takes them, so that the same kinds in any order draw the same scenarios.
 */
export function kindList(
  fn: string,
  name: string,
  value: unknown,
  fallback: readonly FaultKind[],
): FaultKind[] {
  if (value === undefined) return [...fallback];
  const kinds = `(${faultKinds.join(', ')})`;
  if (!Array.isArray(value)) {
    throw new TypeError(
      `${fn}: ${name}: expected an array of fault kinds ${kinds}, got ${shown(value)}`,
    );
  }
  value.forEach((kind: unknown, at) => {
    const problem = `${fn}: ${name}[${at}]: expected a fault kind ${kinds}, got ${shown(kind)}`;
    if (typeof kind !== 'string') throw new TypeError(problem);
    if (!(faultKinds as readonly string[]).includes(kind)) throw new RangeError(problem);
  });
  return faultKinds.filter((kind) => value.includes(kind));
}

/** A value as an error message shows it: JSON where it has one, else its type. */
function shown(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint') {
    return `a ${typeof value}`;
  }
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return JSON.stringify(value) ?? String(value);
}
