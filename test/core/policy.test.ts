/**
 * The die: for N = 3 and p = 0.7 it must be the seeds' die 1..10 face for face, and for any N and
 * p its faces must give exactly p internal, (1-p)·2/3 to one peer (equally per peer) and
 * (1-p)/3 to all. Faces are enumerated exhaustively with a scripted rng, so the check is exact.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type ActionPolicy,
  actionInternal,
  actionSendAll,
  buildActionPolicy,
  probabilityToFraction,
  type Rng,
  rollAction,
} from '../../core/index.js';

/** An rng whose next draw is chosen: face f of a die with D faces is the draw f - 1. */
function rngReturning(draw: number): Rng {
  return { nextU32: () => draw };
}

function rollFace(policy: ActionPolicy, face: number): number {
  return rollAction(policy, rngReturning(face - 1));
}

describe('buildActionPolicy', () => {
  it('is the seeds die 1..10 for three machines and p = 0.7', () => {
    const policy = buildActionPolicy(2, probabilityToFraction(0.7));
    expect(policy.faces).toBe(10);
    expect(rollFace(policy, 1)).toBe(0);
    expect(rollFace(policy, 2)).toBe(1);
    expect(rollFace(policy, 3)).toBe(actionSendAll);
    for (let face = 4; face <= 10; face += 1) expect(rollFace(policy, face)).toBe(actionInternal);
  });

  it('is a four-sided die for three machines and p = 0.25', () => {
    const policy = buildActionPolicy(2, probabilityToFraction(0.25));
    expect(policy.faces).toBe(4);
    expect([1, 2, 3, 4].map((face) => rollFace(policy, face))).toEqual([
      0,
      1,
      actionSendAll,
      actionInternal,
    ]);
  });

  it('splits the faces exactly into p internal, 2/3 one peer (equal per peer), 1/3 all', () => {
    const probability = fc.integer({ min: 0, max: 1000 }).map((n) => n / 1000);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), probability, (peerCount, p) => {
        const fraction = probabilityToFraction(p);
        const policy = buildActionPolicy(peerCount, fraction);
        const perPeer = new Array<number>(peerCount).fill(0);
        let internal = 0;
        let all = 0;
        for (let face = 1; face <= policy.faces; face += 1) {
          const action = rollFace(policy, face);
          if (action === actionInternal) internal += 1;
          else if (action === actionSendAll) all += 1;
          else perPeer[action] = (perPeer[action] as number) + 1;
        }
        const sendOne = perPeer.reduce((sum, count) => sum + count, 0);
        // Cross-multiplied, so the comparison is exact in integers.
        expect(internal * fraction.denominator).toBe(policy.faces * fraction.numerator);
        expect(sendOne).toBe(2 * all);
        expect(new Set(perPeer).size).toBeLessThanOrEqual(1);
        expect(internal + sendOne + all).toBe(policy.faces);
      }),
    );
  });
});

describe('rollAction', () => {
  it('rejects draws from the biased tail instead of folding them onto low faces', () => {
    const policy = buildActionPolicy(2, probabilityToFraction(0.7));
    // 2^32 - 1 is at or above the largest multiple of 10 below 2^32, so it must be redrawn.
    const draws = [0xffff_ffff, 2];
    const rng: Rng = { nextU32: () => draws.shift() as number };
    expect(rollAction(policy, rng)).toBe(actionSendAll);
    expect(draws).toEqual([]);
  });
});
