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

describe('MessageQueue', () => {
  it('behaves as a FIFO for any sequence of pushes and shifts', () => {
    const operation = fc.oneof(fc.constant('shift' as const), fc.nat({ max: 1000 }));
    fc.assert(
      fc.property(fc.array(operation, { maxLength: 400 }), (operations) => {
        const queue = new MessageQueue();
        const event = new StepEvent();
        const model: Message[] = [];
        let sendSeq = 0;
        for (const operation of operations) {
          if (operation === 'shift') {
            if (model.length === 0) continue;
            expect(shift(queue, event)).toEqual(model.shift());
          } else {
            sendSeq += 1;
            const message = { senderId: operation % 7, sendSeq, clock: operation + 1 };
            queue.push(message.senderId, message.sendSeq, message.clock);
            model.push(message);
          }
          expect(queue.length).toBe(model.length);
        }
        expect(queue.toArray()).toEqual(model);
      }),
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
