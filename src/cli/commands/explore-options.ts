/**
 * `explore`'s options, their parsers and limits, shared by its definition and its action. The
 * parsers check syntax and name what they expected; `--runs` against `--time` and `--time`
 * against `--shard` are checked in the action, once every flag is known.
 */
import { InvalidArgumentError } from 'commander';
import type { FaultKind } from '../../../transports/fault-config.js';
import { directoryTag } from '../../common/directory-tag.js';
import {
  type ExpectTarget,
  expectTargetName,
  faultKindsAll,
  machinesMaxDefault,
  machinesMaxLeast,
  machinesMaxMost,
  parseExpectTarget,
} from '../../explore/explore-settings.js';
import type { ShardSpec } from '../../explore/explore-shard.js';

export { machinesMaxDefault, machinesMaxLeast, machinesMaxMost };

export const defaultRuns = 1000;
export const runsMax = 1_000_000_000;
/** A week: more is surely a typo, and a number that large loses its meaning in ms. */
export const timeSecMax = 7 * 24 * 3600;
export const seedMax = 2 ** 32 - 1;

export interface ExploreOptions {
  readonly runs?: number;
  readonly time?: number;
  readonly seed: number;
  readonly faults: readonly FaultKind[];
  readonly machinesMax: number;
  readonly expect?: ExpectTarget;
  readonly jobs: number;
  readonly out?: string;
  readonly shard?: ShardSpec;
  readonly force: boolean;
  readonly quiet: boolean;
}

/** `all`, `none`, or kinds by commas; listed in the canonical order, each once. */
export function parseFaultKinds(text: string): FaultKind[] {
  const trimmed = text.trim();
  if (trimmed === 'all') return [...faultKindsAll];
  if (trimmed === 'none') return [];
  const named = trimmed.split(',').map((part) => part.trim());
  const unknown = named.find((name) => !(faultKindsAll as readonly string[]).includes(name));
  if (unknown !== undefined) {
    throw new InvalidArgumentError(
      `expected all, none or fault kinds separated by commas (${faultKindsAll.join(', ')}), got "${text}"`,
    );
  }
  // A restart resumes a crashed machine: drawn without crashes it has nothing to act on (the
  // arbitrary then draws crashes it was not asked for, and the coverage stopped on them).
  if (named.includes('restart') && !named.includes('crash')) {
    throw new InvalidArgumentError(
      `expected crash beside restart (a restart resumes a crashed machine), got "${text}"`,
    );
  }
  return faultKindsAll.filter((kind) => named.includes(kind));
}

/** A rule or effect name; the engine's parser names every valid one in its refusal. */
export function parseExpect(text: string): ExpectTarget {
  return parseExpectTarget(text, '--expect');
}

/** Seconds of wall time, > 0. */
export function parseTimeSec(text: string): number {
  const value = /^\s*(\d+\.?\d*|\.\d+)\s*$/.test(text) ? Number(text) : Number.NaN;
  if (!(value > 0) || value > timeSecMax) {
    throw new InvalidArgumentError(
      `expected a number of seconds > 0 and <= ${timeSecMax}, got "${text}"`,
    );
  }
  return value;
}

/**
 * `logs/explore-<seed>`, and for a shard `logs/explore-<seed>-shard-<i>-of-<n>`; with flags that
 * change what is explored (--runs, --time, --faults, --machines-max, --expect) a tag of their
 * values after the seed, as `run` tags its directory: `explore --runs 300` and then
 * `explore --expect clockReset --faults crash,restart` were refused, both taking
 * logs/explore-1. Every shard of one exploration gets the same tag, for `merge`.
 */
export function defaultExploreOut(options: ExploreOptions): string {
  const words: string[] = [];
  if (options.runs !== undefined) words.push('--runs', String(options.runs));
  if (options.time !== undefined) words.push('--time', String(options.time));
  const allKinds =
    options.faults.length === faultKindsAll.length &&
    faultKindsAll.every((kind) => options.faults.includes(kind));
  if (!allKinds) words.push('--faults', options.faults.join(','));
  if (options.machinesMax !== machinesMaxDefault)
    words.push('--machines-max', String(options.machinesMax));
  if (options.expect !== undefined) words.push('--expect', expectTargetName(options.expect));
  const tag = words.length === 0 ? '' : `-${directoryTag(words)}`;
  const base = `logs/explore-${options.seed}${tag}`;
  const { shard } = options;
  return shard === undefined ? base : `${base}-shard-${shard.index}-of-${shard.count}`;
}
