/**
 * `--shard i/n`: the shards of a run split its items so that each item is done by exactly one
 * of them, whichever n; bad values are refused in one line naming the flag.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/common/errors.js';
import {
  inShard,
  parseShard,
  refuseTimedShard,
  shardCountMax,
  shardIndices,
} from '../../../src/common/shard.js';

describe('parseShard', () => {
  it('reads i/n, 1-based as test runners write it', () => {
    expect(parseShard('2/3')).toEqual({ index: 2, count: 3 });
    expect(parseShard('1/1')).toEqual({ index: 1, count: 1 });
    expect(parseShard(` 3/3 `)).toEqual({ index: 3, count: 3 });
  });

  it.each([
    '0/3',
    '4/3',
    '1/0',
    '0/0',
    '2',
    '2/',
    '/3',
    'a/b',
    '1.5/3',
    '-1/3',
    '2/3/4',
    '',
    `1/${shardCountMax + 1}`,
  ])('refuses %j in one line naming the flag', (text) => {
    expect(() => parseShard(text)).toThrow(InputError);
    expect(() => parseShard(text)).toThrow(
      new RegExp(
        `^--shard: expected i/n with 1 <= i <= n <= ${shardCountMax} .*, got "${text.replace(/[.]/g, '\\.')}"$`,
      ),
    );
  });
});

describe('shard indices', () => {
  it('gives each item to exactly one shard, in order, the index i-1 mod n', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 300 }),
        fc.integer({ min: 1, max: 40 }),
        (total, count) => {
          const shares = Array.from({ length: count }, (_, i) =>
            shardIndices(total, { index: i + 1, count }),
          );
          const all = shares.flat().sort((a, b) => a - b);
          expect(all).toEqual(Array.from({ length: total }, (_, index) => index));
          shares.forEach((share, i) => {
            expect(share).toEqual([...share].sort((a, b) => a - b));
            for (const index of share) expect(index % count).toBe(i);
          });
        },
      ),
    );
  });

  it('puts every item in the unsharded run', () => {
    expect(shardIndices(4, null)).toEqual([0, 1, 2, 3]);
    expect(inShard(7, null)).toBe(true);
    expect(shardIndices(7, { index: 2, count: 3 })).toEqual([1, 4]);
  });
});

describe('a timed shard', () => {
  it('is refused: its share would depend on the speed of its machine', () => {
    expect(() => refuseTimedShard({ index: 1, count: 2 }, true)).toThrow(
      /^--shard: expected a fixed number of runs \(--runs N\) with a shard, got --time/,
    );
    expect(() => refuseTimedShard(null, true)).not.toThrow();
    expect(() => refuseTimedShard({ index: 1, count: 2 }, false)).not.toThrow();
  });
});
