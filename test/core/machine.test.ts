/**
 * One machine's tick, rule by rule: a tick with mail receives exactly one message and jumps to
 * max(clock, message) + 1; a tick without mail sends or is internal and adds exactly one; a
 * broadcast is one event; every tick is one event with the next seq.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildActionPolicy,
  createMachine,
  deliver,
  InvariantError,
  probabilityToFraction,
  type Rng,
  tick,
} from '../../core/index.js';

const policy = buildActionPolicy(2, probabilityToFraction(0.7));
/** Face f of the seeds' die 1..10. */
const face = (f: number): Rng => ({ nextU32: () => f - 1 });

describe('tick', () => {
  it('takes exactly one message off a non-empty queue and sets clock = max(clock, msg) + 1', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: 1000 }),
        fc.array(fc.integer({ min: 1, max: 2000 }), { minLength: 1, maxLength: 5 }),
        (start, clocks) => {
          const machine = createMachine(0, 3, policy);
          machine.clock = start;
          clocks.forEach((clock, index) => {
            deliver(machine, { senderId: 1, sendSeq: index + 1, clock });
          });
          const event = tick(machine, face(1));
          expect(event.kind).toBe('receive');
          expect(event.clock).toBe(Math.max(start, clocks[0] as number) + 1);
          expect(event.queueLength).toBe(clocks.length - 1);
          expect(machine.queue.length).toBe(clocks.length - 1);
        },
      ),
    );
  });

  it('sends to the first other machine on face 1 and the second on face 2', () => {
    const first = tick(createMachine(1, 3, policy), face(1));
    const second = tick(createMachine(1, 3, policy), face(2));
    expect(first.kind === 'send' && first.receiverIds).toEqual([0]);
    expect(second.kind === 'send' && second.receiverIds).toEqual([2]);
  });

  it('makes a broadcast one event with one increment, every copy carrying the new clock', () => {
    const machine = createMachine(2, 3, policy);
    machine.clock = 41;
    const event = tick(machine, face(3));
    expect(event).toMatchObject({ kind: 'send', seq: 1, clock: 42, receiverIds: [0, 1] });
    expect(event.kind === 'send' && event.message).toEqual({ senderId: 2, sendSeq: 1, clock: 42 });
    expect(machine.clock).toBe(42);
  });

  it('adds exactly one on an internal event', () => {
    const machine = createMachine(0, 3, policy);
    machine.clock = 7;
    expect(tick(machine, face(4))).toEqual({ kind: 'internal', seq: 1, clock: 8, queueLength: 0 });
  });

  it('numbers events 1, 2, 3 ... whatever they are', () => {
    const machine = createMachine(0, 3, policy);
    deliver(machine, { senderId: 2, sendSeq: 1, clock: 5 });
    const seqs = [tick(machine, face(9)), tick(machine, face(1)), tick(machine, face(9))].map(
      (event) => event.seq,
    );
    expect(seqs).toEqual([1, 2, 3]);
    expect(machine.seq).toBe(3);
  });

  it('does not touch the clock when a message arrives', () => {
    const machine = createMachine(0, 3, policy);
    deliver(machine, { senderId: 1, sendSeq: 1, clock: 99 });
    expect(machine.clock).toBe(0);
  });

  it('refuses a message from itself as a programmer error', () => {
    const machine = createMachine(0, 3, policy);
    expect(() => deliver(machine, { senderId: 0, sendSeq: 1, clock: 1 })).toThrow(InvariantError);
  });
});
