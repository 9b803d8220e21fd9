/**
 * The open-message window against a map model: any sequence of opens (in increasing seq) and
 * takes leaves the same messages open with the same payloads, across growth and wrap-around,
 * and every take hands back the payload of the message it took.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvariantError, SendWindow } from '../../../core/index.js';

type Operation = { kind: 'open'; gap: number; copies: number } | { kind: 'take'; pick: number };

const operation: fc.Arbitrary<Operation> = fc.oneof(
  fc.record({
    kind: fc.constant('open' as const),
    gap: fc.integer({ min: 1, max: 4 }),
    copies: fc.integer({ min: 1, max: 3 }),
  }),
  fc.record({ kind: fc.constant('take' as const), pick: fc.nat() }),
);

describe('SendWindow', () => {
  it('keeps exactly the open messages and their payloads, across growth and wrap-around', () => {
    // Widths that start the sends ring at 64, 16, 2 and 1 slots (a fresh window's payload is
    // capped at 2048 numbers), so even short runs of opens outgrow it.
    const width = fc.constantFrom(2, 100, 1000, 2048);
    // fast-check's default size makes arrays of about ten operations whatever maxLength says:
    // 'max' lets them reach 500, so both rings really grow and wrap.
    const operations = fc.array(operation, { minLength: 1, maxLength: 500, size: 'max' });
    let runs = 0;
    let sendsGrown = 0;
    let indexGrown = 0;
    fc.assert(
      fc.property(width, operations, (width, operations) => {
        const window = new SendWindow(width);
        const model = new Map<number, { copies: number; payload: [number, number] }>();
        const capacityInitial = Math.max(1, Math.min(64, 2048 / width));
        let seq = 0;
        const sends: number[] = [];
        let taken = false;
        let sendsGrew = false;
        let indexGrew = false;
        for (const step of operations) {
          if (step.kind === 'open') {
            seq += step.gap;
            sends.push(seq);
            const offset = window.open(seq, step.copies);
            window.payload[offset] = seq * 10;
            window.payload[offset + width - 1] = seq * 10 + 1;
            model.set(seq, { copies: step.copies, payload: [seq * 10, seq * 10 + 1] });
            // Growth of a ring whose head has moved (a take slid it): the unwrapping case.
            if (taken && window.spanSends > capacityInitial) sendsGrew = true;
            // Map keys keep insertion order, which is seq order: the first is the oldest open.
            const oldestOpen = model.keys().next().value as number;
            if (taken && seq - oldestOpen + 1 > 64) indexGrew = true;
          } else if (model.size > 0) {
            const keys = [...model.keys()];
            const seqTaken = keys[step.pick % keys.length] as number;
            // take() hands back the payload it took, readable until the next open.
            const offset = window.take(seqTaken);
            const payload = [window.payload[offset], window.payload[offset + width - 1]];
            const entry = model.get(seqTaken) as { copies: number; payload: [number, number] };
            if (payload[0] !== entry.payload[0] || payload[1] !== entry.payload[1])
              expect(payload).toEqual(entry.payload);
            entry.copies -= 1;
            if (entry.copies === 0) model.delete(seqTaken);
            taken = true;
          }
        }
        for (let probe = 0; probe <= seq + 1; probe += 1) {
          const offset = window.find(probe);
          const expected = model.get(probe);
          const found =
            offset < 0 ? undefined : [window.payload[offset], window.payload[offset + width - 1]];
          // expect() only where it fails: a property probes ~100 000 seqs.
          if (found?.[0] !== expected?.payload[0] || found?.[1] !== expected?.payload[1])
            expect({ probe, found }).toEqual({ probe, found: expected?.payload });
        }
        const opened: number[] = [];
        window.forEachOpen((openSeq, offset) => {
          expect(window.payload[offset]).toBe(openSeq * 10);
          opened.push(openSeq);
        });
        expect(opened).toEqual([...model.keys()].sort((a, b) => a - b));
        const copies = [...model.values()].reduce((sum, entry) => sum + entry.copies, 0);
        expect(window.copiesOpen()).toBe(copies);
        // The ring holds the sends from the oldest still open to the latest, no more: fully
        // delivered sends at its head are let go (memory is the point of the window).
        const oldestOpen = model.keys().next().value;
        expect(window.spanSends).toBe(
          oldestOpen === undefined ? 0 : sends.filter((sendSeq) => sendSeq >= oldestOpen).length,
        );
        runs += 1;
        if (sendsGrew) sendsGrown += 1;
        if (indexGrew) indexGrown += 1;
      }),
    );
    // The property covers what it claims: both rings grew after their heads had moved.
    expect(sendsGrown).toBeGreaterThan(runs / 4);
    expect(indexGrown).toBeGreaterThan(runs / 4);
  });

  it('keeps payloads for sends only: a long-open message costs 4 bytes per later event', () => {
    const width = 8;
    const window = new SendWindow(width);
    window.open(1, 1); // never taken: holds the span open
    for (let seq = 1000; seq <= 100_000; seq += 1000) window.open(seq, 1);
    // 101 sends over 100 000 seqs: the payload ring grows with sends, not with seqs.
    expect(window.payload.length).toBeLessThanOrEqual(128 * width);
    expect(window.find(50_000)).toBeGreaterThanOrEqual(0);
    expect(window.find(50_001)).toBe(-1);
    window.take(1);
    expect(window.find(1)).toBe(-1);
    expect(window.find(100_000)).toBeGreaterThanOrEqual(0);
  });

  it('starts with at most 64 slots, fewer as slots widen, within 2048 numbers when it can', () => {
    const slots = (width: number) => new SendWindow(width).payload.length / Math.max(width, 1);
    expect([0, 1, 32, 33, 64, 65, 1024, 1025, 2048, 5000].map(slots)).toEqual([
      0, 64, 64, 32, 32, 16, 2, 1, 1, 1,
    ]);
  });

  it('refuses to take a message that is not open', () => {
    const window = new SendWindow(1);
    window.open(3, 1);
    window.take(3);
    expect(() => window.take(3)).toThrow(InvariantError);
  });
});

describe('SendWindow.addCopy (a copy the network duplicated, issue 18)', () => {
  it('lets an open message be taken once more, and only then closes it', () => {
    const window = new SendWindow(1);
    window.payload[window.open(3, 1)] = 42;
    window.addCopy(3);
    expect(window.payload[window.take(3)]).toBe(42);
    expect(window.find(3)).toBeGreaterThanOrEqual(0);
    expect(window.payload[window.take(3)]).toBe(42);
    expect(window.find(3)).toBe(-1);
    expect(() => window.take(3)).toThrow(InvariantError);
  });

  it('refuses a copy of a message that is not open', () => {
    const window = new SendWindow(1);
    expect(() => window.addCopy(1)).toThrow(InvariantError);
    window.open(1, 1);
    window.take(1);
    expect(() => window.addCopy(1)).toThrow(InvariantError);
  });
});
