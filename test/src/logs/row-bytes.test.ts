/**
 * Goal: the fast row parser (parseRowBytes, straight from bytes) never accepts a row the exact
 * parser refuses, and returns exactly the exact parser's row when it accepts; every row a run
 * writes takes the fast path. Method: fast-check draws well-formed rows of every kind, then
 * mutates some (a byte replaced, inserted or removed, from the characters that matter: digits,
 * separators, signs, letters of the event names, CR, space) and compares the two parsers.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRow } from '../../../src/logs/log-reader.js';
import type { ParsedLogRow } from '../../../src/logs/log-row.js';
import { parseRowBytes, RowPool, scannedRow, scanRow } from '../../../src/logs/row-bytes.js';

const natural = fc.oneof(
  fc.nat({ max: 20 }),
  fc.nat(),
  fc.constantFrom(0, 9, 10, 2 ** 53 - 1, 2 ** 53),
);
const timeMs = fc.oneof(
  natural.map(String),
  fc
    .tuple(
      fc.nat({ max: 10 ** 9 }),
      fc.integer({ min: 1, max: 999 }),
      fc.integer({ min: 1, max: 3 }),
    )
    .map(
      ([whole, fraction, decimals]) =>
        `${whole}.${String(fraction).padStart(3, '0').slice(0, decimals)}`,
    ),
);
const row = fc.oneof(
  fc
    .tuple(natural, natural, timeMs, natural, natural)
    .map(
      ([machine, seq, time, clock, queue]) =>
        `${machine},${seq},internal,${time},${clock},${queue},,,`,
    ),
  fc
    .tuple(natural, natural, timeMs, natural, natural)
    .map(
      ([machine, seq, time, clock, queue]) =>
        `${machine},${seq},restart,${time},${clock},${queue},,,`,
    ),
  fc
    .tuple(
      natural,
      natural,
      timeMs,
      natural,
      natural,
      fc.array(natural, { minLength: 1, maxLength: 4 }),
    )
    .chain(([machine, seq, time, clock, queue, peers]) =>
      fc
        .tuple(natural, natural, natural)
        .map(
          ([sender, msgSeq, msgClock]) =>
            `${machine},${seq},send,${time},${clock},${queue},${peers.join(';')},${sender}-${msgSeq},${msgClock}`,
        ),
    ),
  fc
    .tuple(natural, natural, timeMs, natural, natural, natural)
    .chain(([machine, seq, time, clock, queue, peer]) =>
      fc
        .tuple(natural, natural, natural)
        .map(
          ([sender, msgSeq, msgClock]) =>
            `${machine},${seq},receive,${time},${clock},${queue},${peer},${sender}-${msgSeq},${msgClock}`,
        ),
    ),
);
const noise = fc.constantFrom(
  ...'0123456789,;-.. \rinternalsendreceiverestartx'.split(''),
  '',
  '00',
  ',,',
);
const mutated = fc
  .tuple(
    row,
    fc.array(fc.tuple(fc.nat(), fc.constantFrom('replace', 'insert', 'remove'), noise), {
      maxLength: 3,
    }),
  )
  .map(([text, edits]) => {
    let result = text;
    for (const [at, how, with_] of edits) {
      const index = at % (result.length + 1);
      if (how === 'insert') result = result.slice(0, index) + with_ + result.slice(index);
      else if (how === 'remove') result = result.slice(0, index) + result.slice(index + 1);
      else result = result.slice(0, index) + with_ + result.slice(index + 1);
    }
    return result;
  });

function exact(text: string): ParsedLogRow | Error {
  try {
    return parseRow(text, 'machine-0.csv', 7);
  } catch (error) {
    return error as Error;
  }
}

function fast(text: string): ParsedLogRow | undefined {
  // Inside a larger buffer, as the reader has it: the row's neighbours must not leak in.
  const bytes = Buffer.from(`1,2,3\n${text}\n4,5`, 'latin1');
  const row = parseRowBytes(bytes, 6, 6 + text.length, 'machine-0.csv', 7);
  // The reader's own path scans up to the end of what it read and finds the row's end itself:
  // it must stop at the same newline and read the same row, or refuse it too.
  const pool = new RowPool();
  const scanned = pool.peek();
  const stop = scanRow(bytes, 6, bytes.length, scanned);
  if (row === undefined) expect(stop).toBe(-1);
  else {
    expect(stop).toBe(6 + text.length);
    expect(scannedRow(scanned, 'machine-0.csv', 7, pool)).toEqual(row);
  }
  return row;
}

describe('parseRowBytes', () => {
  it('accepts every well-formed row the exact parser accepts, as the same row', () => {
    fc.assert(
      fc.property(row, (text) => {
        const expected = exact(text);
        if (expected instanceof Error) return; // 2^53: not a safe integer
        expect(fast(text)).toEqual(expected);
      }),
      { numRuns: 3000 },
    );
  });

  it('never accepts a row the exact parser refuses, nor differs from it', () => {
    fc.assert(
      fc.property(mutated, (text) => {
        const got = fast(text);
        if (got === undefined) return;
        const expected = exact(text);
        expect(expected).not.toBeInstanceOf(Error);
        expect(got).toEqual(expected);
      }),
      { numRuns: 20_000 },
    );
  });
});
