/**
 * `--shard i/n`, as test runners write it (1-based i): a process does only the items (experiment
 * jobs, explore runs) whose index is i-1 modulo n, so n processes on n machines together do each
 * item exactly once, and which process does which depends on nothing but (i, n). Shared by
 * `experiments` and `explore`.
 */
import { InputError } from './errors.js';

export interface Shard {
  /** 1-based, as the user wrote it: 1..count. */
  readonly index: number;
  readonly count: number;
}

/** Large enough for any cluster; small enough that a typo like 1/30000000 is caught. */
export const shardCountMax = 100_000;

/** `'2/3'` → { index: 2, count: 3 }; anything else is one line naming the flag (exit 2). */
export function parseShard(text: string, flag = '--shard'): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = match === null ? Number.NaN : Number(match[1]);
  const count = match === null ? Number.NaN : Number(match[2]);
  if (!(index >= 1 && count >= 1 && index <= count && count <= shardCountMax)) {
    throw new InputError(
      `${flag}: expected i/n with 1 <= i <= n <= ${shardCountMax} (like 2/3: the second of three shares), got "${text}"`,
    );
  }
  return { index, count };
}

/** Whether item `index` (0-based, in the unsharded order) is this shard's. */
export function inShard(index: number, shard: Shard | null): boolean {
  return shard === null || index % shard.count === shard.index - 1;
}

/** The 0-based indices among `total` items that are this shard's, in order. */
export function shardIndices(total: number, shard: Shard | null): number[] {
  const indices: number[] = [];
  for (let index = 0; index < total; index += 1) if (inShard(index, shard)) indices.push(index);
  return indices;
}

/** `2/3`, as the user wrote it. */
export function shardText(shard: Shard): string {
  return `${shard.index}/${shard.count}`;
}

/**
 * A timed run (`explore --time S`) does as many items as its speed allows: a timed shard's share
 * would depend on its machine, so the shards would no longer add up to one run. Refused.
 */
export function refuseTimedShard(shard: Shard | null, timeFlagGiven: boolean): void {
  if (shard !== null && timeFlagGiven) {
    throw new InputError(
      `--shard: expected a fixed number of runs (--runs N) with a shard, got --time (a timed shard's share of runs depends on its machine's speed)`,
    );
  }
}
