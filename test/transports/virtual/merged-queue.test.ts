/**
 * Queues that share broadcasts (MergedQueue over one BroadcastLog) against the plain model: one
 * MessageQueue per machine with a copy of every broadcast pushed into each receiver's queue.
 * For any interleaving of deliveries (to one machine or to every peer) and takes, every machine
 * sees the same messages in the same order and the same length at every step, across growth of
 * the rings and of the log, and while the log forgets what every queue has read.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvariantError, MessageQueue, StepEvent } from '../../../core/index.js';
import { BroadcastLog } from '../../../transports/virtual/broadcast-log.js';
import { MergedQueue } from '../../../transports/virtual/merged-queue.js';

type Operation =
  | { readonly kind: 'unicast'; readonly from: number; readonly to: number }
  | { readonly kind: 'broadcast'; readonly from: number }
  | { readonly kind: 'take'; readonly machine: number };

function operations(machineCount: number): fc.Arbitrary<Operation[]> {
  const machine = fc.nat({ max: machineCount - 1 });
  return fc.array(
    fc.oneof(
      fc.record({ kind: fc.constant('unicast' as const), from: machine, to: machine }),
      fc.record({ kind: fc.constant('broadcast' as const), from: machine }),
      // Takes weigh less than deliveries, so queues and the log grow past their first rings.
      { arbitrary: fc.record({ kind: fc.constant('take' as const), machine }), weight: 1 },
    ),
    // fast-check's default size makes arrays of about ten operations whatever maxLength says:
    // 'max' lets them reach 600, so the rings (16 slots) and the log (64) really grow.
    { maxLength: 600, size: 'max' },
  );
}

function messageOf(event: StepEvent): [number, number, number] {
  return [event.senderId, event.sendSeq, event.messageClock];
}

describe('MergedQueue', () => {
  it('gives each machine the messages a queue with a copy of every broadcast would', () => {
    let runs = 0;
    let ringsGrown = 0;
    let logsGrown = 0;
    fc.assert(
      fc.property(
        fc
          .integer({ min: 2, max: 6 })
          .chain((count) => fc.tuple(fc.constant(count), operations(count))),
        ([machineCount, script]) => {
          const queues: MergedQueue[] = [];
          const log: BroadcastLog = new BroadcastLog(machineCount, (): number =>
            queues.reduce((oldest, queue) => Math.min(oldest, queue.cursor), log.end),
          );
          for (let id = 0; id < machineCount; id += 1) queues.push(new MergedQueue(id, log));
          const model = Array.from({ length: machineCount }, () => new MessageQueue());
          const got = new StepEvent();
          const expected = new StepEvent();
          let ordinal = 0;
          let sendSeq = 0;
          const unicasts = new Set<number>();
          const unicastsWaiting = new Array<number>(machineCount).fill(0);
          let taken = false;
          let ringGrew = false;
          let logGrew = false;
          for (const operation of script) {
            switch (operation.kind) {
              case 'unicast': {
                if (operation.from === operation.to) break;
                ordinal += 1;
                sendSeq += 1;
                const clock = sendSeq * 7;
                queues[operation.to]?.push(operation.from, sendSeq, clock, ordinal);
                model[operation.to]?.push(operation.from, sendSeq, clock);
                unicasts.add(sendSeq);
                unicastsWaiting[operation.to] = (unicastsWaiting[operation.to] as number) + 1;
                // A 17th waiting message after a take grows a ring whose head has moved.
                if (taken && (unicastsWaiting[operation.to] as number) > 16) ringGrew = true;
                break;
              }
              case 'broadcast': {
                ordinal += 1;
                sendSeq += 1;
                const clock = sendSeq * 7;
                log.append(operation.from, sendSeq, clock, ordinal);
                const oldest = Math.min(...queues.map((queue) => queue.cursor));
                if (taken && log.end - oldest > 64) logGrew = true;
                queues[operation.from]?.noteOwnBroadcast();
                model.forEach((queue, id) => {
                  if (id !== operation.from) queue.push(operation.from, sendSeq, clock);
                });
                break;
              }
              case 'take': {
                const queue = queues[operation.machine] as MergedQueue;
                const plain = model[operation.machine] as MessageQueue;
                if (plain.length === 0) break;
                queue.shiftInto(got);
                plain.shiftInto(expected);
                if (got.sendSeq !== expected.sendSeq || got.messageClock !== expected.messageClock)
                  expect(messageOf(got)).toEqual(messageOf(expected));
                if (unicasts.has(expected.sendSeq)) {
                  unicastsWaiting[operation.machine] =
                    (unicastsWaiting[operation.machine] as number) - 1;
                }
                taken = true;
                break;
              }
            }
            if (queues.some((queue, id) => queue.length !== model[id]?.length))
              expect(queues.map((queue) => queue.length)).toEqual(model.map((q) => q.length));
          }
          runs += 1;
          if (ringGrew) ringsGrown += 1;
          if (logGrew) logsGrown += 1;
        },
      ),
    );
    // The property covers what it claims: rings and logs grew after reads had moved them on.
    expect(ringsGrown).toBeGreaterThan(runs / 10);
    expect(logsGrown).toBeGreaterThan(runs / 10);
  });

  it('refuses a message from the machine itself and a take from an empty queue', () => {
    const queues: MergedQueue[] = [];
    const log = new BroadcastLog(2, () => Math.min(...queues.map((queue) => queue.cursor)));
    queues.push(new MergedQueue(0, log), new MergedQueue(1, log));
    expect(() => queues[0]?.push(0, 1, 1, 1)).toThrow(InvariantError);
    // Its own broadcast is in the log but not in its queue.
    log.append(0, 1, 1, 1);
    queues[0]?.noteOwnBroadcast();
    expect(queues[0]?.length).toBe(0);
    expect(queues[1]?.length).toBe(1);
    expect(() => queues[0]?.shiftInto(new StepEvent())).toThrow(InvariantError);
  });
});
