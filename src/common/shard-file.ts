/**
 * `shard.json`: what a shard's output directory says about itself, so that `merge` can tell a
 * complete set of shares of ONE run from anything else. Written last by the shard (its presence
 * means the shard finished), read by `merge`:
 *
 *   { "kind": "experiments" | "explore", "version": 1, "shard": { "index": i, "count": n },
 *     "settings": { ...the unsharded run's settings, the same in every shard... } }
 */
import { statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { describeValue, InputError } from './errors.js';
import { readJsonFile } from './json-file.js';
import { type Shard, shardCountMax, shardText } from './shard.js';

export const shardFileName = 'shard.json';
export const shardFileVersion = 1;

export const shardKinds = ['experiments', 'explore'] as const;
export type ShardKind = (typeof shardKinds)[number];

export interface ShardFile {
  readonly kind: ShardKind;
  readonly version: typeof shardFileVersion;
  readonly shard: Shard;
  /** Everything that decides the unsharded run's output; plain JSON values. */
  readonly settings: Readonly<Record<string, unknown>>;
}

/** The file's text: keys in the order above, 2-space JSON, a trailing newline. */
export function shardFileText(file: ShardFile): string {
  const value = {
    kind: file.kind,
    version: file.version,
    shard: { index: file.shard.index, count: file.shard.count },
    settings: file.settings,
  };
  return `${JSON.stringify(value, null, 2)}\n`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads `<dir>/shard.json`; a directory without one, or another file, is refused naming it. */
export function readShardFile(dir: string): ShardFile {
  const path = join(dir, shardFileName);
  // Followed links: a shard's directory may well be a link to where a volume is mounted.
  if (statSync(dir, { throwIfNoEntry: false })?.isDirectory() !== true) {
    throw new InputError(`${dir}: expected a shard's output directory, got no such directory`);
  }
  if (statSync(path, { throwIfNoEntry: false }) === undefined) {
    throw new InputError(
      `${dir}: expected a finished shard's output directory (its ${shardFileName} is written last), got no ${shardFileName}`,
    );
  }
  const value = readJsonFile(path);
  const field = (name: string, expected: string, got: unknown) =>
    new InputError(`${path}: ${name}: expected ${expected}, got ${describeValue(got)}`);
  if (!isRecord(value)) throw field('the file', 'an object', value);
  const { kind, version, shard, settings } = value;
  if (!shardKinds.includes(kind as ShardKind)) {
    throw field('kind', shardKinds.map((name) => `"${name}"`).join(' or '), kind);
  }
  if (version !== shardFileVersion) throw field('version', String(shardFileVersion), version);
  const wholeIn = (low: number, high: number, x: unknown) =>
    typeof x === 'number' && Number.isInteger(x) && x >= low && x <= high;
  const index = isRecord(shard) ? shard.index : undefined;
  const count = isRecord(shard) ? shard.count : undefined;
  if (!wholeIn(1, shardCountMax, count)) {
    throw field('shard.count', `a whole number from 1 to ${shardCountMax}`, count);
  }
  if (!wholeIn(1, count as number, index)) {
    throw field('shard.index', `a whole number from 1 to ${count}`, index);
  }
  if (!isRecord(settings)) throw field('settings', 'an object', settings);
  return {
    kind: kind as ShardKind,
    version: shardFileVersion,
    shard: { index: index as number, count: count as number },
    settings,
  };
}

export interface ShardDir {
  readonly dir: string;
  readonly file: ShardFile;
}

/** JSON with sorted keys: settings are compared by value, not by the order a writer chose. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (isRecord(value)) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** The first setting (by name) whose value differs, or null when they are the same. */
function firstDifference(
  a: Readonly<Record<string, unknown>>,
  b: Readonly<Record<string, unknown>>,
): string | null {
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  return keys.find((key) => canonicalJson(a[key]) !== canonicalJson(b[key])) ?? null;
}

/**
 * Holds the shards to be ONE run's complete set: the same kind and settings, the same count n,
 * and shards 1..n each exactly once. Refuses (one line naming the directory) otherwise. Returns
 * them in shard order.
 */
export function checkShardSet(shards: readonly ShardDir[]): ShardDir[] {
  const first = shards[0];
  if (first === undefined) throw new InputError('<dirs>: expected shard directories, got none');
  const against = (name: string, value: unknown, theirs: unknown, dir: string) =>
    new InputError(
      `${join(dir, shardFileName)}: ${name}: expected ${describeValue(theirs)} as in ${join(first.dir, shardFileName)}, got ${describeValue(value)}`,
    );
  const byIndex = new Map<number, ShardDir>();
  for (const entry of shards) {
    const { file, dir } = entry;
    if (file.kind !== first.file.kind) throw against('kind', file.kind, first.file.kind, dir);
    if (file.shard.count !== first.file.shard.count) {
      throw against('shard.count', file.shard.count, first.file.shard.count, dir);
    }
    const differs = firstDifference(file.settings, first.file.settings);
    if (differs !== null) {
      throw against(
        `settings.${differs}`,
        file.settings[differs],
        first.file.settings[differs],
        dir,
      );
    }
    const earlier = byIndex.get(file.shard.index);
    if (earlier !== undefined) {
      throw new InputError(
        `${dir}: expected each shard once, got shard ${shardText(file.shard)} again (also ${earlier.dir})`,
      );
    }
    byIndex.set(file.shard.index, entry);
  }
  const { count } = first.file.shard;
  const ordered: ShardDir[] = [];
  for (let index = 1; index <= count; index += 1) {
    const entry = byIndex.get(index);
    if (entry === undefined) {
      throw new InputError(
        `<dirs>: expected shards 1 to ${count} each once, got no shard ${index}/${count} (${count - byIndex.size} of ${count} missing)`,
      );
    }
    ordered.push(entry);
  }
  return ordered;
}

/** --out may be no shard's directory, nor inside one, nor hold one: --force would empty it. */
export function checkOutApart(out: string, shards: readonly { readonly dir: string }[]): void {
  const within = (inner: string, outer: string) => {
    const path = relative(resolve(outer), resolve(inner));
    return path === '' || (path !== '..' && !path.startsWith(`..${sep}`) && !isAbsolute(path));
  };
  for (const { dir } of shards) {
    if (within(out, dir) || within(dir, out)) {
      throw new InputError(
        `--out ${out}: expected a directory apart from the shards', got one that holds or is inside ${dir}`,
      );
    }
  }
}
