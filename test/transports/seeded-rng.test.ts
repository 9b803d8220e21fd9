/**
 * The simulator's own Alea steps (AleaStream) give exactly seedrandom's numbers: for a few
 * hundred random seeds and stream names, the first 10 000 u32 draws equal
 * `seedrandom.alea(text).int32() >>> 0` for the same seed text. Every seeded trace depends on it.
 */
import fc from 'fast-check';
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import type { Rng } from '../../core/index.js';
import { AleaStream, seededRng, streamNames } from '../../transports/seeded-rng.js';

const drawCount = 10_000;

/** The index and both values of the first draw where `rng` differs from seedrandom, or null. */
function firstDifference(
  rng: Rng,
  seedText: string,
): { index: number; ours: number; seedrandom: number } | null {
  const reference = seedrandom.alea(seedText);
  for (let index = 0; index < drawCount; index += 1) {
    const ours = rng.nextU32();
    const theirs = reference.int32() >>> 0;
    if (ours !== theirs) return { index, ours, seedrandom: theirs };
  }
  return null;
}

const streamName = fc.oneof(
  fc.nat({ max: 9999 }).map(streamNames.actions),
  fc.nat({ max: 9999 }).map(streamNames.latency),
  fc.nat({ max: 9999 }).map(streamNames.rate),
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 10 }),
);
const seed = fc.oneof(fc.nat({ max: 0xffff_ffff }), fc.nat({ max: Number.MAX_SAFE_INTEGER }));

describe('seededRng', () => {
  it('draws what seedrandom.alea draws for the same seed text, 10 000 draws deep', () => {
    fc.assert(
      fc.property(seed, streamName, (runSeed, stream) => {
        const seedText = `lamport-lab/${runSeed}/${stream}`;
        expect(firstDifference(seededRng(runSeed, stream), seedText)).toBeNull();
        expect(firstDifference(new AleaStream(seedText), seedText)).toBeNull();
      }),
      { numRuns: 300 },
    );
  });
});
