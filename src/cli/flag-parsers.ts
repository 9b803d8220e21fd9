/**
 * Parsers for command-line values. They check syntax only and name what they expected; ranges and
 * cross-field rules are the scenario schema's job, so a flag and a file field are held to the
 * same rules and the same words.
 */
import { InvalidArgumentError } from 'commander';
import type { LatencySpec } from '../scenario/schema.js';

const numberPattern = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

export function parseNumber(text: string): number {
  if (!numberPattern.test(text.trim()))
    throw new InvalidArgumentError(`expected a number, got "${text}"`);
  return Number(text);
}

/**
 * `compare --tolerance`: a relative change as a fraction, 0.05 for 5 %. A negative tolerance made
 * every changed metric fail and 1e400 became Infinity, letting every one pass; 1 already lets a
 * metric double or drop to zero, so more than that compares nothing.
 */
export function parseFraction(text: string): number {
  const value = numberPattern.test(text.trim()) ? Number(text) : Number.NaN;
  if (!Number.isFinite(value) || value < 0 || value > 1) {
    throw new InvalidArgumentError(`expected a fraction from 0 to 1 (0.05 is 5 %), got "${text}"`);
  }
  return value;
}

/** A time in milliseconds from the start of a run: `plot --from 10000`. */
export function parseTimeMs(text: string): number {
  const value = numberPattern.test(text.trim()) ? Number(text) : Number.NaN;
  if (!Number.isFinite(value) || value < 0) {
    throw new InvalidArgumentError(`expected a finite time in ms >= 0, got "${text}"`);
  }
  return value;
}

/**
 * A parser for a count (workers, seeds, jobs): a whole number from `min` to `max`. "1.5", "-2"
 * and "1e12" are refused here; before, `experiments --seeds 0` wrote an empty report and
 * `--workers -1` announced "-1 worker threads".
 */
export function countParser(min: number, max = Number.MAX_SAFE_INTEGER): (text: string) => number {
  const expected = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `from ${min} to ${max}`;
  return (text) => {
    const value = Number(text);
    if (!/^\d+$/.test(text) || value < min || value > max) {
      throw new InvalidArgumentError(`expected a whole number ${expected}, got "${text}"`);
    }
    return value;
  };
}

/** A host to listen on or connect to: a name or an address, never empty or with a space. */
export function isHostText(text: string): boolean {
  return text !== '' && !/\s/.test(text);
}

export function parseHost(text: string): string {
  if (!isHostText(text))
    throw new InvalidArgumentError(
      `expected a host name or IP address like 127.0.0.1, got "${text}"`,
    );
  return text;
}

export function parseRates(text: string): number[] {
  const parts = text.split(',');
  if (parts.some((part) => !numberPattern.test(part.trim()))) {
    throw new InvalidArgumentError(
      `expected rates in Hz separated by commas, like 1,2,6; got "${text}"`,
    );
  }
  return parts.map(Number);
}

export function parseRateRange(text: string): { min: number; max: number } {
  const match = /^\s*(\d+)\s*(?:-|\.\.)\s*(\d+)\s*$/.exec(text);
  if (match === null) throw new InvalidArgumentError(`expected a range like 1-6, got "${text}"`);
  return { min: Number(match[1]), max: Number(match[2]) };
}

/**
 * `{"kind":"uniform","minHz":1,"maxHz":6}`: the scenario field's own JSON, since four kinds with
 * up to four named parameters each read better by name than in a terse syntax. Only the JSON is
 * checked here; the scenario schema checks the fields and names them.
 */
export function parseRateDistribution(text: string): Record<string, unknown> {
  const fail = (): never => {
    throw new InvalidArgumentError(
      `expected a JSON object like {"kind":"uniform","minHz":1,"maxHz":6}, got "${text}"`,
    );
  };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return fail();
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail();
  return value as Record<string, unknown>;
}

const latencyHelp = 'expected MS, uniform:MIN-MAX or exp:MEAN (milliseconds)';

/** `5` or `const:5` (constant ms), `uniform:1-10`, `exp:5` or `exponential:5` (mean ms). */
export function parseLatency(text: string): LatencySpec {
  const [kind, value = ''] = text.includes(':') ? text.split(':', 2) : ['constant', text];
  const fail = (): never => {
    throw new InvalidArgumentError(`${latencyHelp}, got "${text}"`);
  };
  switch (kind) {
    case 'const':
    case 'constant':
      return { kind: 'constant', ms: numberOr(value, fail) };
    case 'uniform': {
      const bounds = value.split('-');
      if (bounds.length !== 2) return fail();
      return {
        kind: 'uniform',
        minMs: numberOr(bounds[0] ?? '', fail),
        maxMs: numberOr(bounds[1] ?? '', fail),
      };
    }
    case 'exp':
    case 'exponential':
      return { kind: 'exponential', meanMs: numberOr(value, fail) };
    default:
      return fail();
  }
}

function numberOr(text: string, fail: () => never): number {
  return numberPattern.test(text.trim()) ? Number(text) : fail();
}
