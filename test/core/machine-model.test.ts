/**
 * Model-based test of the machine step (fast-check commands): random sequences of deliveries and
 * ticks run against the real machine and against a tiny reference model written here from the
 * exercise's text, independently of core/. After every command the two must agree on the event,
 * the clock, the seq and the queue.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildActionPolicy,
  createMachine,
  deliver,
  type MachineState,
  noPeer,
  probabilityToFraction,
  type Rng,
  StepEvent,
  snapshotEvent,
  tick,
  toEveryPeer,
} from '../../core/index.js';

/** The reference: three machines, the seeds' die 1..10, one machine (id 1) under test. */
interface ReferenceModel {
  clock: number;
  seq: number;
  queue: { sender: number; clock: number; sendSeq: number }[];
}

interface Real {
  readonly machine: MachineState;
  /** The one event record every tick writes, reused as a driver reuses it. */
  readonly event: StepEvent;
}

/** An rng scripted to give one face of the die 1..10. */
const faceRng = (face: number): Rng => ({ nextU32: () => face - 1 });

class DeliverCommand implements fc.Command<ReferenceModel, Real> {
  constructor(
    readonly sender: number,
    readonly clock: number,
  ) {}
  check(): boolean {
    return true;
  }
  run(model: ReferenceModel, real: Real): void {
    const sendSeq = model.queue.length + model.seq + 1;
    model.queue.push({ sender: this.sender, clock: this.clock, sendSeq });
    deliver(real.machine, this.sender, sendSeq, this.clock);
    expect(real.machine.clock).toBe(model.clock);
    expect(real.machine.queue.length).toBe(model.queue.length);
  }
  toString(): string {
    return `deliver(from ${this.sender}, clock ${this.clock})`;
  }
}

class TickCommand implements fc.Command<ReferenceModel, Real> {
  constructor(readonly face: number) {}
  check(): boolean {
    return true;
  }
  run(model: ReferenceModel, real: Real): void {
    tick(real.machine, faceRng(this.face), real.event);
    const event = snapshotEvent(real.event);
    model.seq += 1;
    const head = model.queue.shift();
    if (head !== undefined) {
      // "take one message off the queue, update the local logical clock" (max, then +1)
      model.clock = (head.clock > model.clock ? head.clock : model.clock) + 1;
      expect(event).toEqual({
        kind: 'receive',
        seq: model.seq,
        clock: model.clock,
        queueLength: model.queue.length,
        senderId: head.sender,
        sendSeq: head.sendSeq,
        messageClock: head.clock,
        to: noPeer,
      });
      return;
    }
    model.clock += 1;
    // Machine 1's others are 0 and 2: face 1 -> 0, face 2 -> 2, face 3 -> both
    // (toEveryPeer), else internal.
    const expected =
      this.face === 1 ? 0 : this.face === 2 ? 2 : this.face === 3 ? toEveryPeer : null;
    if (expected === null) {
      expect(event).toEqual({
        kind: 'internal',
        seq: model.seq,
        clock: model.clock,
        queueLength: 0,
        senderId: noPeer,
        sendSeq: 0,
        messageClock: 0,
        to: noPeer,
      });
    } else {
      expect(event).toEqual({
        kind: 'send',
        seq: model.seq,
        clock: model.clock,
        queueLength: 0,
        senderId: 1,
        sendSeq: model.seq,
        messageClock: model.clock,
        to: expected,
      });
    }
  }
  toString(): string {
    return `tick(face ${this.face})`;
  }
}

describe('machine step against a reference model', () => {
  it('agrees on every event, clock, seq and queue for any sequence of deliveries and ticks', () => {
    const commands = [
      fc
        .tuple(fc.constantFrom(0, 2), fc.integer({ min: 1, max: 200 }))
        .map(([sender, clock]) => new DeliverCommand(sender, clock)),
      fc.integer({ min: 1, max: 10 }).map((face) => new TickCommand(face)),
    ];
    const policy = buildActionPolicy(2, probabilityToFraction(0.7));
    fc.assert(
      fc.property(fc.commands(commands, { maxCommands: 200 }), (sequence) => {
        fc.modelRun(
          () => ({
            model: { clock: 0, seq: 0, queue: [] },
            real: { machine: createMachine(1, 3, policy), event: new StepEvent() },
          }),
          sequence,
        );
      }),
    );
  });
});
