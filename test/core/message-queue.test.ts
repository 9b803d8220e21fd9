/**
 * The queue against a model: any sequence of pushes and shifts gives the same messages in the
 * same order as a plain array used as a FIFO, across growth and wrap-around.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvariantError, type Message, MessageQueue } from '../../core/index.js';

describe('MessageQueue', () => {
  it('behaves as a FIFO for any sequence of pushes and shifts', () => {
    const operation = fc.oneof(fc.constant('shift' as const), fc.nat({ max: 1000 }));
    fc.assert(
      fc.property(fc.array(operation, { maxLength: 400 }), (operations) => {
        const queue = new MessageQueue();
        const model: Message[] = [];
        let sendSeq = 0;
        for (const operation of operations) {
          if (operation === 'shift') {
            if (model.length === 0) continue;
            expect(queue.shift()).toEqual(model.shift());
          } else {
            sendSeq += 1;
            const message = { senderId: operation % 7, sendSeq, clock: operation + 1 };
            queue.push(message);
            model.push(message);
          }
          expect(queue.length).toBe(model.length);
        }
        expect(queue.toArray()).toEqual(model);
      }),
    );
  });

  it('keeps large clocks and sequence numbers exactly', () => {
    const queue = new MessageQueue();
    const message = { senderId: 9999, sendSeq: 2 ** 52, clock: 2 ** 53 - 1 };
    queue.push(message);
    expect(queue.shift()).toEqual(message);
  });

  it('refuses to shift from an empty queue', () => {
    expect(() => new MessageQueue().shift()).toThrow(InvariantError);
  });
});
