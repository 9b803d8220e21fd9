/**
 * The die a machine rolls when its queue is empty. The seeds roll 1..10: 1 sends to the
 * first other machine, 2 to the second, 3 to both, 4..10 is internal. We generalise that
 * table exactly, with integers only:
 *
 * With internal probability p = a/b and N machines, the die has `faces` = b·m sides, where m is
 * the smallest multiplier that makes the non-internal faces split exactly into 2/3 "send to one
 * peer" (equally among the N-1 peers) and 1/3 "send to all peers". The faces are laid out as:
 * a block of `facesPerPeer` faces for each peer in ascending id order, then the broadcast
 * faces, then the internal faces. For N = 3 and p = 0.7 this is the seeds' die 1..10 exactly,
 * and for p = 0.25 it is a four-sided die (1 first peer, 2 second, 3 both, 4 internal).
 * One roll decides the action and the peer, so each action costs exactly one draw.
 */
import { assert } from './assert.js';
import { greatestCommonDivisor } from './fraction.js';
import { drawUniform, type Rng, type UniformRange, uniformRange } from './rng.js';
import type { Fraction } from './types.js';

export interface ActionPolicy {
  /** Number of faces of the die: 1..faces. */
  readonly faces: number;
  /** The range 1..faces, prepared once for drawing. */
  readonly die: UniformRange;
  /** Faces 1..facesSendOne send to one peer, in blocks of `facesPerPeer`. */
  readonly facesSendOne: number;
  readonly facesPerPeer: number;
  /** Faces facesSendOne+1..facesSendAllEnd send to every peer. The rest are internal. */
  readonly facesSendAllEnd: number;
}

/** The outcome of a roll, encoded as a number so the hot loop allocates nothing. */
export const actionInternal = -1;
export const actionSendAll = -2;
/** Any value >= 0 is "send to one peer" and is that peer's index among the machine's peers. */
export type Action = number;

export function buildActionPolicy(peerCount: number, internal: Fraction): ActionPolicy {
  assert(Number.isSafeInteger(peerCount) && peerCount >= 1, `need >= 1 peer, got ${peerCount}`);
  const { numerator, denominator } = internal;
  assert(numerator >= 0 && numerator <= denominator, 'internal probability must be in [0, 1]');
  const sendShare = denominator - numerator;
  // Send faces are sendShare·m; one third of them broadcast, two thirds split over the peers:
  // 2·sendShare·m must be a multiple of 3·peerCount. m is the smallest multiplier that does it.
  const multiplier =
    sendShare === 0 ? 1 : (3 * peerCount) / greatestCommonDivisor(2 * sendShare, 3 * peerCount);
  const faces = denominator * multiplier;
  const facesSendAll = (sendShare * multiplier) / 3;
  const facesSendOne = 2 * facesSendAll;
  assert(Number.isSafeInteger(faces), `the die for this probability is too large: ${faces}`);
  assert(facesSendOne % peerCount === 0, 'send-one faces must split evenly over peers');
  return {
    faces,
    die: uniformRange(1, faces),
    facesSendOne,
    facesPerPeer: facesSendOne / peerCount,
    facesSendAllEnd: facesSendOne + facesSendAll,
  };
}

/** Rolls the die once and maps the face to an action. */
export function rollAction(policy: ActionPolicy, rng: Rng): Action {
  const face = drawUniform(rng, policy.die);
  if (face <= policy.facesSendOne) return Math.floor((face - 1) / policy.facesPerPeer);
  if (face <= policy.facesSendAllEnd) return actionSendAll;
  return actionInternal;
}
