/**
 * Lamport's two rules, checked as properties over all natural clock values: local events add
 * exactly one, receives land one past the larger of the two clocks.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clockAfterLocalEvent, clockAfterReceive, InvariantError } from '../../core/index.js';

const clockValue = fc.nat({ max: 2 ** 40 });

describe('clockAfterLocalEvent', () => {
  it('adds exactly one', () => {
    fc.assert(fc.property(clockValue, (clock) => clockAfterLocalEvent(clock) === clock + 1));
  });

  it('rejects a negative or fractional clock as a programmer error', () => {
    expect(() => clockAfterLocalEvent(-1)).toThrow(InvariantError);
    expect(() => clockAfterLocalEvent(1.5)).toThrow(InvariantError);
  });
});

describe('clockAfterReceive', () => {
  it('sets the clock to max(local, message) + 1', () => {
    fc.assert(
      fc.property(
        clockValue,
        clockValue.map((value) => value + 1),
        (local, message) => {
          expect(clockAfterReceive(local, message)).toBe(Math.max(local, message) + 1);
        },
      ),
    );
  });

  it('always lands above both the local and the message clock', () => {
    fc.assert(
      fc.property(
        clockValue,
        clockValue.map((value) => value + 1),
        (local, message) => {
          const after = clockAfterReceive(local, message);
          return after > local && after > message;
        },
      ),
    );
  });

  it('rejects a message clock of 0, which no send can produce', () => {
    expect(() => clockAfterReceive(3, 0)).toThrow(InvariantError);
  });
});
