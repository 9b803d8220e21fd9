/**
 * Goal: every assertion of the model fires on the input it guards against, with the message
 * that names the broken invariant, and lets the boundary case through. A mutant that weakens an
 * assertion (its condition always true, a bound moved by one, its message emptied) leaves every
 * correct run unchanged, so only a test that breaks the invariant on purpose can see it.
 * Method: one call per assertion with an input just outside what it allows, and one just inside.
 */
import { describe, expect, it } from 'vitest';
import {
  assertNever,
  buildActionPolicy,
  CausalityTracker,
  clockAfterLocalEvent,
  clockAfterReceive,
  createMachine,
  deliver,
  greatestCommonDivisor,
  happenedBefore,
  InvariantError,
  intInclusive,
  MessageQueue,
  probabilityToFraction,
  type Rng,
  SendWindow,
  StepEvent,
  tick,
  vectorAfterReceive,
  vectorZero,
} from '../../core/index.js';
import { rateHzToMilliHz, TickSchedule } from '../../core/tick-schedule.js';

/** The call fails an assertion with exactly this message. */
function expectInvariant(call: () => unknown, message: string): void {
  expect(call).toThrowError(new InvariantError(message));
  expect(call).toThrow(InvariantError);
}

const zeroRng: Rng = { nextU32: () => 0 };
const sevenTenths = probabilityToFraction(0.7);

describe('the model’s assertions', () => {
  it('guard the clock rules', () => {
    expectInvariant(() => clockAfterLocalEvent(-1), 'clock must be a natural number');
    expectInvariant(() => clockAfterLocalEvent(0.5), 'clock must be a natural number');
    expect(clockAfterLocalEvent(0)).toBe(1);
    expectInvariant(() => clockAfterReceive(-1, 1), 'clock must be a natural number');
    expectInvariant(() => clockAfterReceive(0.5, 1), 'clock must be a natural number');
    const messageClock = 'a message clock is at least 1 (its send incremented it)';
    expectInvariant(() => clockAfterReceive(0, 0), messageClock);
    expectInvariant(() => clockAfterReceive(0, 1.5), messageClock);
    expect(clockAfterReceive(0, 1)).toBe(2);
  });

  it('guard rates and tick schedules', () => {
    expectInvariant(() => rateHzToMilliHz(0), 'rate must be at least 0.001 Hz, got 0');
    expectInvariant(() => rateHzToMilliHz(1.0005), 'rate must have at most 3 decimals, got 1.0005');
    expect(rateHzToMilliHz(0.001)).toBe(1);
    expectInvariant(() => new TickSchedule(0), 'rate must be >= 1 mHz');
    expectInvariant(() => new TickSchedule(1.5), 'rate must be >= 1 mHz');
    expect(new TickSchedule(1).advance()).toBe(1_000_000_000);
  });

  it('guard the die', () => {
    expectInvariant(() => buildActionPolicy(0, sevenTenths), 'need >= 1 peer, got 0');
    expectInvariant(() => buildActionPolicy(1.5, sevenTenths), 'need >= 1 peer, got 1.5');
    expect(buildActionPolicy(1, sevenTenths).faces).toBeGreaterThan(0);
    const outside = 'internal probability must be in [0, 1]';
    expectInvariant(() => buildActionPolicy(2, { numerator: 11, denominator: 10 }), outside);
    expectInvariant(() => buildActionPolicy(2, { numerator: -1, denominator: 10 }), outside);
    expect(buildActionPolicy(2, { numerator: 10, denominator: 10 }).facesSendAllEnd).toBe(0);
    expect(buildActionPolicy(2, { numerator: 0, denominator: 10 }).faces).toBe(30);
    // 2^50 peers and p = 1/10^6: the die would need 10^6 · 2^49 faces, beyond exact integers.
    expect(() => buildActionPolicy(2 ** 50, { numerator: 1, denominator: 1_000_000 })).toThrow(
      /^the die for this probability is too large: /,
    );
  });

  it('guard uniform draws', () => {
    expectInvariant(() => intInclusive(zeroRng, 0.5, 3), 'min must be a safe integer, got 0.5');
    expectInvariant(
      () => intInclusive(zeroRng, 0, 2 ** 60),
      `max must be a safe integer, got ${2 ** 60}`,
    );
    expectInvariant(() => intInclusive(zeroRng, 5, 4), 'min 5 must not exceed max 4');
    expect(intInclusive(zeroRng, 4, 4)).toBe(4);
    expectInvariant(
      () => intInclusive(zeroRng, -(2 ** 53 - 1), 2 ** 53 - 1),
      `range of ${2 ** 54} values exceeds 2^53`,
    );
  });

  it('guard fractions', () => {
    expectInvariant(() => greatestCommonDivisor(-1, 2), 'gcd needs natural numbers, got -1');
    expectInvariant(() => greatestCommonDivisor(2, 1.5), 'gcd needs natural numbers, got 1.5');
    expect(greatestCommonDivisor(0, 0)).toBe(0);
    expectInvariant(
      () => probabilityToFraction(1.5),
      'probability must be in [0,1] with <= 6 decimals, got 1.5',
    );
  });

  it('guard machines', () => {
    const policy = buildActionPolicy(1, sevenTenths);
    expectInvariant(() => createMachine(0, 1, policy), 'need at least 2 machines');
    expectInvariant(() => createMachine(0, 2.5, policy), 'need at least 2 machines');
    expectInvariant(() => createMachine(2, 2, policy), 'machine id 2 out of range');
    expectInvariant(() => createMachine(-1, 2, policy), 'machine id -1 out of range');
    expectInvariant(() => createMachine(0.5, 2, policy), 'machine id 0.5 out of range');
    expect(createMachine(1, 2, policy).id).toBe(1);
    const busy = new MessageQueue();
    busy.push(1, 1, 1);
    expectInvariant(
      () => createMachine(0, 2, policy, busy),
      'a machine starts with an empty queue',
    );
    expectInvariant(
      () => deliver(createMachine(0, 2, policy), 0, 1, 1),
      'a machine never sends to itself',
    );
    expectInvariant(
      () => new MessageQueue().shiftInto(new StepEvent()),
      'shift from an empty queue',
    );
    // A die made for three peers (faces 1-2, 3-4, 5-6 one peer each, 7-9 all) in smaller runs.
    const threePeers = buildActionPolicy(3, probabilityToFraction(0));
    const faceFive: Rng = { nextU32: () => 4 };
    const faceThree: Rng = { nextU32: () => 2 };
    const event = new StepEvent();
    expectInvariant(
      () => tick(createMachine(0, 2, threePeers), faceFive, event),
      'peer out of range',
    );
    expectInvariant(
      () => tick(createMachine(0, 3, threePeers), faceFive, event),
      'peer out of range',
    );
    tick(createMachine(0, 3, threePeers), faceThree, event);
    expect(event.to).toBe(2);
  });

  it('guard send windows, the causality tracker and vector clocks', () => {
    expectInvariant(() => new SendWindow(-1), 'payload width must be a natural number');
    expectInvariant(() => new SendWindow(0.5), 'payload width must be a natural number');
    expect(new SendWindow(0).open(1, 1)).toBe(0);
    const window = new SendWindow(1);
    expectInvariant(() => window.open(1, 0), 'a message has at least one copy');
    window.open(2, 1);
    expectInvariant(() => window.open(2, 1), 'sends open in increasing seq');
    expectInvariant(() => window.take(1), 'take of a message that is not open');
    expectInvariant(() => new CausalityTracker(0), 'need machines');
    expectInvariant(() => new CausalityTracker(1.5), 'need machines');
    expect(new CausalityTracker(1).stats().events).toBe(0);
    expectInvariant(() => vectorZero(0), 'need at least one machine');
    expectInvariant(() => vectorZero(1.5), 'need at least one machine');
    const [one, two] = [vectorZero(1), vectorZero(2)];
    expectInvariant(() => vectorAfterReceive(one, two, 0), 'vectors of different machine counts');
    expectInvariant(() => happenedBefore(one, two), 'vectors of different machine counts');
  });

  it('throw errors named InvariantError', () => {
    expect(new InvariantError('x').name).toBe('InvariantError');
  });

  it('close exhaustive switches with the value they did not expect', () => {
    expectInvariant(
      () => assertNever('odd' as never, 'latency model'),
      'unexpected latency model: "odd"',
    );
  });
});
