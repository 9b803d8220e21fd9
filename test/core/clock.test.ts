/**
 * Lamport's two rules, checked as properties over all natural clock values: local events add
 * exactly one, receives land one past the larger of the two clocks.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  carriedClock,
  clockAfterLocalEvent,
  clockAfterReceive,
  clockAfterRestart,
  InvariantError,
} from '../../core/index.js';

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

describe('clockAfterRestart', () => {
  it('persisted keeps the clock, reset gives 0', () => {
    fc.assert(
      fc.property(clockValue, (clock) => {
        expect(clockAfterRestart(clock, { kind: 'persisted' })).toBe(clock);
        expect(clockAfterRestart(clock, { kind: 'reset' })).toBe(0);
      }),
    );
  });

  it('lease K gives (floor(c/K)+1)·K: the smallest multiple of K above the clock', () => {
    expect(clockAfterRestart(7, { kind: 'lease', every: 5 })).toBe(10);
    expect(clockAfterRestart(10, { kind: 'lease', every: 5 })).toBe(15);
    expect(clockAfterRestart(0, { kind: 'lease', every: 3 })).toBe(3);
    fc.assert(
      fc.property(clockValue, fc.integer({ min: 1, max: 10_000 }), (clock, every) => {
        const after = clockAfterRestart(clock, { kind: 'lease', every });
        expect(after % every).toBe(0);
        expect(after).toBeGreaterThan(clock);
        expect(after - every).toBeLessThanOrEqual(clock);
      }),
    );
  });

  it('stops a lease at 2^52, or at the clock above it: a second lease of 2^52 passed 2^53', () => {
    expect(clockAfterRestart(2 ** 52 - 1, { kind: 'lease', every: 2 ** 52 })).toBe(2 ** 52);
    expect(clockAfterRestart(2 ** 52 + 8, { kind: 'lease', every: 2 ** 52 })).toBe(2 ** 52 + 8);
    expect(clockAfterRestart(2 ** 52 - 3, { kind: 'lease', every: 10 })).toBe(2 ** 52);
    const bigClock = fc.nat({ max: 2 ** 52 + 2 ** 44 });
    const bigLease = fc.integer({ min: 1, max: 2 ** 52 });
    fc.assert(
      fc.property(bigClock, bigLease, (clock, every) => {
        const after = clockAfterRestart(clock, { kind: 'lease', every });
        const rounded = (Math.floor(clock / every) + 1) * every;
        expect(Number.isSafeInteger(after)).toBe(true);
        expect(after).toBe(rounded <= 2 ** 52 ? rounded : Math.max(clock, 2 ** 52));
      }),
    );
  });

  it('refuses a lease below 1 as a programmer error', () => {
    expect(() => clockAfterRestart(3, { kind: 'lease', every: 0 })).toThrow(InvariantError);
  });
});

describe('carriedClock', () => {
  it('add adds K, set gives V, sub takes K off and clamps at 1', () => {
    expect(carriedClock(7, { kind: 'add', by: 1_000_000 })).toEqual({
      carried: 1_000_007,
      clamped: false,
    });
    expect(carriedClock(7, { kind: 'set', to: 2 ** 52 })).toEqual({
      carried: 2 ** 52,
      clamped: false,
    });
    expect(carriedClock(7, { kind: 'sub', by: 6 })).toEqual({ carried: 1, clamped: false });
    expect(carriedClock(7, { kind: 'sub', by: 7 })).toEqual({ carried: 1, clamped: true });
    expect(carriedClock(7, { kind: 'sub', by: 100 })).toEqual({ carried: 1, clamped: true });
  });

  it('stops an add at 2^52, or at the true clock above it, and says it was clamped', () => {
    expect(carriedClock(7, { kind: 'add', by: 2 ** 52 - 7 })).toEqual({
      carried: 2 ** 52,
      clamped: false,
    });
    expect(carriedClock(7, { kind: 'add', by: 2 ** 52 })).toEqual({
      carried: 2 ** 52,
      clamped: true,
    });
    // A clock a set lie already raised past 2^52: a second add of 2^52 made 2^53 + 9.
    expect(carriedClock(2 ** 52 + 9, { kind: 'add', by: 2 ** 52 })).toEqual({
      carried: 2 ** 52 + 9,
      clamped: true,
    });
    const bigClock = fc.integer({ min: 1, max: 2 ** 52 + 2 ** 44 });
    const bigAdd = fc.integer({ min: 1, max: 2 ** 52 });
    fc.assert(
      fc.property(bigClock, bigAdd, (clock, by) => {
        const { carried, clamped } = carriedClock(clock, { kind: 'add', by });
        expect(Number.isSafeInteger(carried)).toBe(true);
        expect(clamped).toBe(clock + by > 2 ** 52);
        expect(carried).toBe(clamped ? Math.max(clock, 2 ** 52) : clock + by);
      }),
    );
  });

  it('refuses a set outside 1..2^52 as a programmer error', () => {
    expect(() => carriedClock(7, { kind: 'set', to: 0 })).toThrow(InvariantError);
    expect(() => carriedClock(7, { kind: 'set', to: 2 ** 52 + 1 })).toThrow(InvariantError);
  });
});
