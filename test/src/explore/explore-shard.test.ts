/** Shard i/n does the runs with index i-1 mod n: n shards do every run once. */
import { describe, expect, it } from 'vitest';
import { runIndexAt, shardRunCount } from '../../../src/explore/explore-shard.js';

describe('shards', () => {
  it('split 0..runs-1 into n disjoint shares', () => {
    for (const [runs, count] of [
      [10, 3],
      [2, 3],
      [7, 7],
      [1, 1],
      [100, 8],
    ] as const) {
      const all: number[] = [];
      for (let index = 1; index <= count; index += 1) {
        const shard = { index, count };
        for (let position = 0; position < shardRunCount(shard, runs); position += 1) {
          all.push(runIndexAt(shard, position));
        }
      }
      expect(all.sort((a, b) => a - b)).toEqual([...Array(runs).keys()]);
    }
    expect(shardRunCount(null, 5)).toBe(5);
    expect(runIndexAt(null, 4)).toBe(4);
  });
});
