/**
 * Vector clocks as the ground truth of happens-before: the rules (own component +1, receive
 * merges then +1) and the order they induce, checked on random vectors and on a worked example.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  concurrent,
  happenedBefore,
  InvariantError,
  vectorAfterLocalEvent,
  vectorAfterReceive,
  vectorZero,
} from '../../../core/index.js';

const vector = (size: number) =>
  fc
    .array(fc.nat({ max: 50 }), { minLength: size, maxLength: size })
    .map((values) => Float64Array.from(values));

describe('vector clock rules', () => {
  it('add one to the own component on a local event and leave the others', () => {
    const before = Float64Array.from([2, 5, 1]);
    expect([...vectorAfterLocalEvent(before, 1)]).toEqual([2, 6, 1]);
    expect([...before]).toEqual([2, 5, 1]);
  });

  it('merge by maximum and then add one to the own component on a receive', () => {
    const own = Float64Array.from([4, 1, 0]);
    const message = Float64Array.from([1, 3, 2]);
    expect([...vectorAfterReceive(own, message, 0)]).toEqual([5, 3, 2]);
  });

  it('make every event happen after its machine predecessor and after the send it receives', () => {
    fc.assert(
      fc.property(vector(4), vector(4), fc.integer({ min: 0, max: 3 }), (own, message, id) => {
        const local = vectorAfterLocalEvent(own, id);
        const received = vectorAfterReceive(own, message, id);
        expect(happenedBefore(own, local)).toBe(true);
        expect(happenedBefore(own, received)).toBe(true);
        // The message vector is in the receive's past unless it was already covered or equal.
        for (let j = 0; j < 4; j += 1)
          expect(received[j]).toBeGreaterThanOrEqual(message[j] as number);
      }),
    );
  });
});

describe('happenedBefore', () => {
  it('is a strict partial order: irreflexive, antisymmetric and transitive', () => {
    fc.assert(
      fc.property(vector(3), vector(3), vector(3), (a, b, c) => {
        expect(happenedBefore(a, a)).toBe(false);
        if (happenedBefore(a, b)) expect(happenedBefore(b, a)).toBe(false);
        if (happenedBefore(a, b) && happenedBefore(b, c)) expect(happenedBefore(a, c)).toBe(true);
      }),
    );
  });

  it('calls two independent local events concurrent', () => {
    const zero = vectorZero(2);
    expect(concurrent(vectorAfterLocalEvent(zero, 0), vectorAfterLocalEvent(zero, 1))).toBe(true);
  });
});

describe('concurrent', () => {
  it('is false for ordered events, either way round', () => {
    fc.assert(
      fc.property(vector(3), fc.integer({ min: 0, max: 2 }), (before, own) => {
        const after = vectorAfterLocalEvent(before, own);
        expect(concurrent(before, after)).toBe(false);
        expect(concurrent(after, before)).toBe(false);
      }),
    );
  });

  it('is true exactly when neither event happened before the other', () => {
    fc.assert(
      fc.property(vector(3), vector(3), (a, b) => {
        const ordered = happenedBefore(a, b) || happenedBefore(b, a);
        expect(concurrent(a, b)).toBe(!ordered);
      }),
    );
  });
});

describe('happenedBefore, worked cases', () => {
  it('needs every component at most and one strictly less', () => {
    const of = (...values: number[]) => Float64Array.from(values);
    expect(happenedBefore(of(1, 2, 3), of(1, 2, 4))).toBe(true);
    expect(happenedBefore(of(1, 2, 3), of(1, 2, 3))).toBe(false);
    expect(happenedBefore(of(1, 3, 3), of(2, 2, 4))).toBe(false);
    expect(happenedBefore(of(0, 0, 5), of(1, 1, 4))).toBe(false);
    expect(() => happenedBefore(of(1), of(1, 2))).toThrow(InvariantError);
    expect(() => vectorAfterReceive(of(1), of(1, 2), 0)).toThrow(InvariantError);
    expect(() => vectorZero(0)).toThrow(InvariantError);
    expect([...vectorZero(3)]).toEqual([0, 0, 0]);
  });
});
