/**
 * The queue against a model: any sequence of pushes and shifts gives the same messages in the
 * same order as a plain array used as a FIFO, across growth and wrap-around.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvariantError, type Message, MessageQueue, StepEvent } from '../../core/index.js';

/** Shifts the oldest message into an event record and reads it back as a Message. */
function shift(queue: MessageQueue, event: StepEvent): Message {
  queue.shiftInto(event);
  return { senderId: event.senderId, sendSeq: event.sendSeq, clock: event.messageClock };
}

/** expect(...).toEqual, only called when it would fail: a property makes ~40 000 of these. */
function expectSame(got: Message, expected: Message | undefined): void {
  if (
    got.senderId !== expected?.senderId ||
    got.sendSeq !== expected.sendSeq ||
    got.clock !== expected.clock
  )
    expect(got).toEqual(expected);
}

describe('MessageQueue', () => {
  it('behaves as a FIFO for any sequence of pushes and shifts, across growth and wrap-around', () => {
    // Pushes twice as likely as shifts, so queues back up past the ring's 16 initial slots.
    const operation = fc.oneof(
      { arbitrary: fc.constant('shift' as const), weight: 1 },
      { arbitrary: fc.nat({ max: 1000 }), weight: 2 },
    );
    // fast-check's default size makes arrays of about ten operations whatever maxLength says:
    // 'max' lets them reach 400, so the ring really grows.
    const operations = fc.array(operation, { minLength: 1, maxLength: 400, size: 'max' });
    let runs = 0;
    let grownWrapped = 0;
    fc.assert(
      fc.property(operations, (operations) => {
        const queue = new MessageQueue();
        const event = new StepEvent();
        const model: Message[] = [];
        let sendSeq = 0;
        let shifted = false;
        let grew = false;
        for (const operation of operations) {
          if (operation === 'shift') {
            if (model.length === 0) continue;
            expectSame(shift(queue, event), model.shift());
            shifted = true;
          } else {
            sendSeq += 1;
            const message = { senderId: operation % 7, sendSeq, clock: operation + 1 };
            queue.push(message.senderId, message.sendSeq, message.clock);
            model.push(message);
            // A push past the 16 initial slots after a shift grows a ring whose head moved.
            if (shifted && model.length > 16) grew = true;
          }
          if (queue.length !== model.length) expect(queue.length).toBe(model.length);
        }
        expect(queue.toArray()).toEqual(model);
        while (model.length > 0) expectSame(shift(queue, event), model.shift());
        runs += 1;
        if (grew) grownWrapped += 1;
      }),
    );
    // The property covers what it claims: most runs grow a ring that had wrapped.
    expect(grownWrapped).toBeGreaterThan(runs / 3);
  });

  it('keeps its order when it grows while wrapped, again and again', () => {
    // Worked example: the head sits mid-ring at each doubling (16, 32, 64 ... slots).
    const queue = new MessageQueue();
    const event = new StepEvent();
    let pushed = 0;
    let shifted = 0;
    for (let round = 0; round < 200; round += 1) {
      for (let i = 0; i < 3; i += 1) {
        pushed += 1;
        queue.push(pushed % 5, pushed, pushed * 2);
      }
      shifted += 1;
      expect(shift(queue, event)).toEqual({
        senderId: shifted % 5,
        sendSeq: shifted,
        clock: shifted * 2,
      });
    }
    expect(queue.length).toBe(400);
    expect(queue.toArray().map((message) => message.sendSeq)).toEqual(
      Array.from({ length: 400 }, (_, i) => shifted + 1 + i),
    );
  });

  it('keeps large clocks, sequence numbers and sender ids exactly', () => {
    const queue = new MessageQueue();
    const message = { senderId: 9999, sendSeq: 2 ** 52, clock: 2 ** 53 - 1 };
    queue.push(message.senderId, message.sendSeq, message.clock);
    expect(queue.toArray()).toEqual([message]);
    expect(shift(queue, new StepEvent())).toEqual(message);
    expect(queue.length).toBe(0);
  });

  it('refuses to shift from an empty queue', () => {
    expect(() => new MessageQueue().shiftInto(new StepEvent())).toThrow(InvariantError);
  });
});
