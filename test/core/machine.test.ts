/**
 * One machine's tick, rule by rule: a tick with mail receives exactly one message and jumps to
 * max(clock, message) + 1; a tick without mail sends or is internal and adds exactly one; a
 * broadcast is one event; every tick is one event with the next seq. Every tick writes into an
 * event record left full of garbage, so a field the tick forgot to write would show.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildActionPolicy,
  copiesOf,
  createMachine,
  deliver,
  InvariantError,
  type MachineState,
  noPeer,
  peerIdAt,
  probabilityToFraction,
  type Rng,
  StepEvent,
  type StepSnapshot,
  snapshotEvent,
  tick,
  toEveryPeer,
} from '../../core/index.js';
import { eventToLogRow } from '../../src/logs/format.js';

const policy = buildActionPolicy(2, probabilityToFraction(0.7));
/** Face f of the seeds' die 1..10. */
const face = (f: number): Rng => ({ nextU32: () => f - 1 });

/** An event record full of values no tick would write, as a reused record would be. */
function staleEvent(): StepEvent {
  const event = new StepEvent();
  event.kind = 'receive';
  event.seq = 987_654;
  event.clock = 876_543;
  event.queueLength = 765_432;
  event.senderId = 654_321;
  event.sendSeq = 543_210;
  event.messageClock = 432_109;
  event.to = 321_098;
  return event;
}

/** One tick into a stale record; returns a copy of what it wrote. */
function step(machine: MachineState, rng: Rng): StepSnapshot {
  const event = staleEvent();
  tick(machine, rng, event);
  return snapshotEvent(event);
}

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
            deliver(machine, 1, index + 1, clock);
          });
          const event = step(machine, face(1));
          expect(event).toEqual({
            kind: 'receive',
            seq: 1,
            clock: Math.max(start, clocks[0] as number) + 1,
            queueLength: clocks.length - 1,
            senderId: 1,
            sendSeq: 1,
            messageClock: clocks[0],
            to: noPeer,
          });
          expect(machine.queue.length).toBe(clocks.length - 1);
        },
      ),
    );
  });

  it('sends to the first other machine on face 1 and the second on face 2', () => {
    const first = step(createMachine(1, 3, policy), face(1));
    const second = step(createMachine(1, 3, policy), face(2));
    expect(first).toMatchObject({ kind: 'send', to: 0 });
    expect(second).toMatchObject({ kind: 'send', to: 2 });
    expect(copiesOf(first, 3)).toBe(1);
    expect(copiesOf(second, 3)).toBe(1);
    expect(eventToLogRow(1, 0, first, 3).peers).toBe('0');
    expect(eventToLogRow(1, 0, second, 3).peers).toBe('2');
  });

  it('makes a broadcast one event with one increment, every copy carrying the new clock', () => {
    const machine = createMachine(2, 3, policy);
    machine.clock = 41;
    const event = step(machine, face(3));
    expect(event).toEqual({
      kind: 'send',
      seq: 1,
      clock: 42,
      queueLength: 0,
      senderId: 2,
      sendSeq: 1,
      messageClock: 42,
      to: toEveryPeer,
    });
    expect(copiesOf(event, 3)).toBe(2);
    expect(eventToLogRow(2, 0, event, 3)).toMatchObject({
      peers: '0;1',
      msg_id: '2-1',
      msg_clock: 42,
    });
    expect(machine.clock).toBe(42);
  });

  it('adds exactly one on an internal event', () => {
    const machine = createMachine(0, 3, policy);
    machine.clock = 7;
    expect(step(machine, face(4))).toEqual({
      kind: 'internal',
      seq: 1,
      clock: 8,
      queueLength: 0,
      senderId: noPeer,
      sendSeq: 0,
      messageClock: 0,
      to: noPeer,
    });
  });

  it('numbers events 1, 2, 3 ... whatever they are', () => {
    const machine = createMachine(0, 3, policy);
    deliver(machine, 2, 1, 5);
    const seqs = [step(machine, face(9)), step(machine, face(1)), step(machine, face(9))].map(
      (event) => event.seq,
    );
    expect(seqs).toEqual([1, 2, 3]);
    expect(machine.seq).toBe(3);
  });

  it('rewrites every field when one record is reused for a send, a receive and an internal', () => {
    const machine = createMachine(1, 3, policy);
    const event = new StepEvent();
    tick(machine, face(3), event);
    expect(snapshotEvent(event)).toMatchObject({ kind: 'send', to: toEveryPeer, senderId: 1 });
    deliver(machine, 2, 4, 10);
    tick(machine, face(1), event);
    expect(snapshotEvent(event)).toEqual({
      kind: 'receive',
      seq: 2,
      clock: 11,
      queueLength: 0,
      senderId: 2,
      sendSeq: 4,
      messageClock: 10,
      to: noPeer,
    });
    tick(machine, face(9), event);
    expect(snapshotEvent(event)).toEqual({
      kind: 'internal',
      seq: 3,
      clock: 12,
      queueLength: 0,
      senderId: noPeer,
      sendSeq: 0,
      messageClock: 0,
      to: noPeer,
    });
  });

  it('does not touch the clock when a message arrives', () => {
    const machine = createMachine(0, 3, policy);
    deliver(machine, 1, 1, 99);
    expect(machine.clock).toBe(0);
  });

  it('refuses a message from itself as a programmer error', () => {
    const machine = createMachine(0, 3, policy);
    expect(() => deliver(machine, 0, 1, 1)).toThrow(InvariantError);
  });
});

describe('peerIdAt', () => {
  it('lists every other machine once, ascending, for peer indexes 0..N-2', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 2, max: 10_000 })
          .chain((count) => fc.tuple(fc.constant(count), fc.nat({ max: count - 1 }))),
        ([count, machineId]) => {
          const peers = Array.from({ length: count - 1 }, (_, index) => peerIdAt(machineId, index));
          const expected = Array.from({ length: count }, (_, id) => id).filter(
            (id) => id !== machineId,
          );
          expect(peers).toEqual(expected);
        },
      ),
      { numRuns: 200 },
    );
  });
});
