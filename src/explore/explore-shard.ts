/**
 * `--shard i/n` of explore: which runs a shard does, and the shard.json beside its partial
 * result that `lamport-lab merge` reads. As test runners split a suite, the split depends only
 * on (i, n): shard i does the runs whose index is i-1 modulo n, so n processes on n machines do
 * every run exactly once and their partial results merge into the unsharded explore.json.
 */
import type { Shard } from '../common/shard.js';

/** Shard `index` (1-based) of `count`. */
/** A share of the runs, 1-based (common/shard.ts, as `experiments` takes it). */
export type ShardSpec = Shard;

export const shardFileName = 'shard.json';

/** The run index at `position` in the shard's own sequence (every run when not sharded). */
export function runIndexAt(shard: ShardSpec | null, position: number): number {
  return shard === null ? position : shard.index - 1 + position * shard.count;
}

/** How many of the runs 0..runs-1 are the shard's: its positions run 0..this-1. */
export function shardRunCount(shard: ShardSpec | null, runs: number): number {
  if (shard === null) return runs;
  const first = shard.index - 1;
  return first >= runs ? 0 : Math.ceil((runs - first) / shard.count);
}

/** shard.json: the kind and settings every shard of one exploration must share. */
export function shardJsonText(shard: ShardSpec, settings: object): string {
  const file = {
    kind: 'explore',
    version: 1,
    shard: { index: shard.index, count: shard.count },
    settings,
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}
