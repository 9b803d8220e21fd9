/**
 * Vector clocks (Fidge/Mattern), the ground truth for happens-before (→). Component j counts
 * the events of machine j in an event's causal past, itself included: on every event
 * V[own] += 1; on a receive, first V = max(V, V_message), then V[own] += 1.
 *
 * a → b exactly when V(a) <= V(b) componentwise and V(a) != V(b). Lamport's clock only promises
 * the converse direction's contrapositive (a → b ⇒ L(a) < L(b)); the checker and the tests use
 * these vectors to judge it.
 */
import { assert } from '../assert.js';

export type VectorClock = Float64Array;

export function vectorZero(machineCount: number): VectorClock {
  assert(Number.isSafeInteger(machineCount) && machineCount >= 1, 'need at least one machine');
  return new Float64Array(machineCount);
}

/** A local event (internal or send) of machine `own`: a new vector. */
export function vectorAfterLocalEvent(vector: VectorClock, own: number): VectorClock {
  const next = vector.slice();
  next[own] = (next[own] as number) + 1;
  return next;
}

/** A receive by machine `own` of a message carrying `messageVector`: a new vector. */
export function vectorAfterReceive(
  vector: VectorClock,
  messageVector: VectorClock,
  own: number,
): VectorClock {
  assert(vector.length === messageVector.length, 'vectors of different machine counts');
  const next = vector.slice();
  for (let j = 0; j < next.length; j += 1) {
    const other = messageVector[j] as number;
    if (other > (next[j] as number)) next[j] = other;
  }
  next[own] = (next[own] as number) + 1;
  return next;
}

/** a → b: a is in b's causal past. */
export function happenedBefore(a: VectorClock, b: VectorClock): boolean {
  assert(a.length === b.length, 'vectors of different machine counts');
  let strictlySmaller = false;
  for (let j = 0; j < a.length; j += 1) {
    const left = a[j] as number;
    const right = b[j] as number;
    if (left > right) return false;
    if (left < right) strictlySmaller = true;
  }
  return strictlySmaller;
}

/** Neither a → b nor b → a. */
export function concurrent(a: VectorClock, b: VectorClock): boolean {
  return !happenedBefore(a, b) && !happenedBefore(b, a);
}
