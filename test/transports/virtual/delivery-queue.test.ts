/**
 * The simulator's delivery queue against a model: for any interleaving of pushes and pops, it
 * gives the entries in (arrival µs, send order) order with every payload field intact, as a
 * plain array kept sorted by the same key does, across growth past its initial 64 slots. Both
 * layouts are checked: the heap (any keys) and the ordered ring (keys pushed in increasing
 * order, as with constant latency), whose growth must also unwrap a ring that has wrapped.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvariantError } from '../../../core/index.js';
import { DeliveryQueue } from '../../../transports/virtual/delivery-queue.js';

interface Entry {
  readonly arriveUs: number;
  readonly sendOrder: number;
  readonly receiverId: number;
  readonly senderId: number;
  readonly sendSeq: number;
  readonly clock: number;
}

type Operation = { readonly kind: 'push'; readonly entry: Entry } | { readonly kind: 'pop' };

const byKey = (a: Entry, b: Entry): number => a.arriveUs - b.arriveUs || a.sendOrder - b.sendOrder;

/** A payload; `sendSeqHigh` and the push's position make a sendSeq that names the entry. */
const payload = fc.record({
  receiverId: fc.nat({ max: 0x7fff_ffff }),
  senderId: fc.nat({ max: 0x7fff_ffff }),
  sendSeqHigh: fc.nat({ max: Math.floor(Number.MAX_SAFE_INTEGER / 1024) - 1 }),
  clock: fc.nat({ max: Number.MAX_SAFE_INTEGER }),
});

/** Pushes weigh 3 to a pop's 1, so queues often grow well past 64 entries. */
function script<K>(
  key: fc.Arbitrary<K>,
): fc.Arbitrary<({ kind: 'push'; key: K } | { kind: 'pop' })[]> {
  return fc.array(
    fc.oneof(
      { arbitrary: fc.record({ kind: fc.constant('push' as const), key }), weight: 3 },
      { arbitrary: fc.constant({ kind: 'pop' as const }), weight: 1 },
    ),
    { maxLength: 600, size: 'max' },
  );
}

function entryAt(
  index: number,
  arriveUs: number,
  sendOrder: number,
  fields: { receiverId: number; senderId: number; sendSeqHigh: number; clock: number },
): Entry {
  return {
    arriveUs,
    sendOrder,
    receiverId: fields.receiverId,
    senderId: fields.senderId,
    sendSeq: fields.sendSeqHigh * 1024 + index,
    clock: fields.clock,
  };
}

/**
 * Any keys: few distinct arrival times so ties (broken by send order) are common, and a send
 * order that is unique (it ends in the push's position) but not the order of the pushes.
 */
const heapScript: fc.Arbitrary<Operation[]> = script(
  fc.record({
    arriveUs: fc.oneof(fc.integer({ min: 0, max: 20 }), fc.nat({ max: Number.MAX_SAFE_INTEGER })),
    sendOrderHigh: fc.nat({ max: 50 }),
    payload,
  }),
).map((operations) =>
  operations.map((operation, index): Operation => {
    if (operation.kind === 'pop') return operation;
    const { arriveUs, sendOrderHigh, payload: fields } = operation.key;
    return { kind: 'push', entry: entryAt(index, arriveUs, sendOrderHigh * 1024 + index, fields) };
  }),
);

/** Keys in increasing order, as constant latency gives: arrival never falls, send order rises. */
const orderedScript: fc.Arbitrary<Operation[]> = script(
  fc.record({
    arriveStepUs: fc.oneof(fc.constant(0), fc.nat({ max: 1_000_000 })),
    sendOrderStep: fc.integer({ min: 1, max: 3 }),
    payload,
  }),
).map((operations) => {
  let arriveUs = 0;
  let sendOrder = 0;
  return operations.map((operation, index): Operation => {
    if (operation.kind === 'pop') return operation;
    const { arriveStepUs, sendOrderStep, payload: fields } = operation.key;
    arriveUs += arriveStepUs;
    sendOrder += sendOrderStep;
    return { kind: 'push', entry: entryAt(index, arriveUs, sendOrder, fields) };
  });
});

/** Runs a script on the queue and on the model, comparing after every step; the largest size. */
function runAgainstModel(queue: DeliveryQueue, operations: readonly Operation[]): number {
  /** The model: every entry in flight, kept sorted by key. */
  const model: Entry[] = [];
  let largestSize = 0;
  // Plain comparisons first, `expect` only on a difference: it runs after every operation.
  const check = (): void => {
    const nextArriveUs = model[0]?.arriveUs ?? Number.POSITIVE_INFINITY;
    if (queue.size !== model.length || queue.nextArriveUs !== nextArriveUs) {
      expect({ size: queue.size, nextArriveUs: queue.nextArriveUs }).toEqual({
        size: model.length,
        nextArriveUs,
      });
    }
  };
  const popAndCompare = (): void => {
    const expected = model.shift() as Entry;
    queue.pop();
    // A pop reports the payload, not the key; every sendSeq is unique, so the payload names
    // the entry and a pop out of order shows (and nextArriveUs is checked after every step).
    const popped: Entry = {
      arriveUs: expected.arriveUs,
      sendOrder: expected.sendOrder,
      receiverId: queue.poppedReceiverId,
      senderId: queue.poppedSenderId,
      sendSeq: queue.poppedSendSeq,
      clock: queue.poppedClock,
    };
    if (
      popped.receiverId !== expected.receiverId ||
      popped.senderId !== expected.senderId ||
      popped.sendSeq !== expected.sendSeq ||
      popped.clock !== expected.clock
    ) {
      expect(popped).toEqual(expected);
    }
  };
  for (const operation of operations) {
    if (operation.kind === 'pop') {
      if (model.length === 0) expect(() => queue.pop()).toThrow(InvariantError);
      else popAndCompare();
    } else {
      const { entry } = operation;
      queue.push(
        entry.arriveUs,
        entry.sendOrder,
        entry.receiverId,
        entry.senderId,
        entry.sendSeq,
        entry.clock,
      );
      // Insert after every entry with a smaller key (binary search keeps the model sorted).
      let low = 0;
      let high = model.length;
      while (low < high) {
        const middle = (low + high) >> 1;
        if (byKey(model[middle] as Entry, entry) < 0) low = middle + 1;
        else high = middle;
      }
      model.splice(low, 0, entry);
    }
    largestSize = Math.max(largestSize, queue.size);
    check();
  }
  while (model.length > 0) {
    popAndCompare();
    check();
  }
  return largestSize;
}

describe('DeliveryQueue', () => {
  it('as a heap, pops in (arriveUs, sendOrder) order with payloads intact, for any keys', () => {
    let largestSize = 0;
    fc.assert(
      fc.property(heapScript, (operations) => {
        const size = runAgainstModel(new DeliveryQueue({ ordered: false }), operations);
        largestSize = Math.max(largestSize, size);
      }),
      { numRuns: 300 },
    );
    // The runs above must have made the queue grow, or they did not test growth.
    expect(largestSize).toBeGreaterThan(64);
  });

  it('as an ordered ring, does the same for keys pushed in order, wrapped and grown', () => {
    let largestSize = 0;
    fc.assert(
      fc.property(orderedScript, (operations) => {
        const size = runAgainstModel(new DeliveryQueue({ ordered: true }), operations);
        largestSize = Math.max(largestSize, size);
      }),
      { numRuns: 300 },
    );
    expect(largestSize).toBeGreaterThan(64);
  });

  it('as an ordered ring, grows correctly after wrapping around', () => {
    // Fill 60, take 50 off (the head moves to slot 50), then push 200: the ring wraps, then grows.
    const operations: Operation[] = [];
    let index = 0;
    const pushOne = (): void => {
      operations.push({
        kind: 'push',
        entry: entryAt(index, index * 10, index + 1, {
          receiverId: index % 7,
          senderId: index % 5,
          sendSeqHigh: index,
          clock: index * 3,
        }),
      });
      index += 1;
    };
    for (let i = 0; i < 60; i += 1) pushOne();
    for (let i = 0; i < 50; i += 1) operations.push({ kind: 'pop' });
    for (let i = 0; i < 200; i += 1) pushOne();
    expect(runAgainstModel(new DeliveryQueue({ ordered: true }), operations)).toBe(210);
  });

  it('as an ordered ring, refuses a key smaller than the newest one', () => {
    const queue = new DeliveryQueue({ ordered: true });
    queue.push(100, 5, 0, 1, 1, 1);
    expect(() => queue.push(99, 6, 0, 1, 2, 2)).toThrow(InvariantError);
    expect(() => queue.push(100, 5, 0, 1, 2, 2)).toThrow(InvariantError);
  });
});
