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
  it('keeps exactly the open messages and their payloads', () => {
    fc.assert(
      fc.property(fc.array(operation, { maxLength: 500 }), (operations) => {
        const window = new SendWindow(2);
        const model = new Map<number, { copies: number; payload: [number, number] }>();
        let seq = 0;
        for (const step of operations) {
          if (step.kind === 'open') {
            seq += step.gap;
            const offset = window.open(seq, step.copies);
            window.payload[offset] = seq * 10;
            window.payload[offset + 1] = seq * 10 + 1;
            model.set(seq, { copies: step.copies, payload: [seq * 10, seq * 10 + 1] });
          } else if (model.size > 0) {
            const keys = [...model.keys()];
            const taken = keys[step.pick % keys.length] as number;
            // take() hands back the payload it took, readable until the next open.
            const offset = window.take(taken);
            expect([window.payload[offset], window.payload[offset + 1]]).toEqual(
              model.get(taken)?.payload,
            );
            const entry = model.get(taken) as { copies: number };
            entry.copies -= 1;
            if (entry.copies === 0) model.delete(taken);
          }
        }
        for (let probe = 0; probe <= seq + 1; probe += 1) {
          const offset = window.find(probe);
          const expected = model.get(probe);
          expect(offset >= 0).toBe(expected !== undefined);
          if (expected !== undefined) {
            expect([window.payload[offset], window.payload[offset + 1]]).toEqual(expected.payload);
          }
        }
        const copies = [...model.values()].reduce((sum, entry) => sum + entry.copies, 0);
        expect(window.copiesOpen()).toBe(copies);
      }),
    );
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

  it('refuses to take a message that is not open', () => {
    const window = new SendWindow(1);
    window.open(3, 1);
    window.take(3);
    expect(() => window.take(3)).toThrow(InvariantError);
  });
});
