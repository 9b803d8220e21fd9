/**
 * FaultRowStore holds faults.csv for `check` in columns, and must read back exactly what
 * parseFaultsCsv reads (check's messages quote rows): the same rows, fields and detail values,
 * and the same error for a bad file. And a row the simulator writes per copy must take no object.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FaultConfig, FaultEvidence } from '../../../transports/fault-config.js';
import { FaultRowStore } from '../../../src/logs/fault-row-store.js';
import {
  type FaultRow,
  FaultsFormatError,
  faultRowLine,
  faultsHeaderLine,
  parseFaultsCsv,
} from '../../../src/logs/faults-format.js';

/** The detail keys check reads, and some no row has. */
const detailKeys = ['index', 'reason', 'extraMs', 'true', 'carried', 'clamped', 'groups', 'x'];

const faults: FaultConfig[] = [
  { kind: 'crash', index: 0, stream: 'fault/a', machine: 1, atUs: 5_000_000, inbox: 'drop' },
];

/** Per-copy evidence as the simulator reports it. */
const copyEvidence: fc.Arbitrary<FaultEvidence> = fc
  .record({
    timeUs: fc.oneof(fc.nat({ max: 2 ** 40 }), fc.nat({ max: Number.MAX_SAFE_INTEGER })),
    faultIndex: fc.nat({ max: 12 }),
    receiverId: fc.nat({ max: 70 }),
    senderId: fc.nat({ max: 70 }),
    sendSeq: fc.integer({ min: 1, max: 2 ** 33 }),
    kind: fc.constantFrom('loss', 'partition', 'crash', 'duplicate', 'delay', 'corrupt'),
    extraUs: fc.nat({ max: 10 ** 9 }),
    trueClock: fc.integer({ min: 1, max: 2 ** 53 - 1 }),
    carriedClock: fc.integer({ min: 1, max: 2 ** 52 }),
    clamped: fc.boolean(),
  })
  .map(({ kind, extraUs, trueClock, carriedClock, clamped, ...copy }): FaultEvidence => {
    switch (kind) {
      case 'duplicate':
        return { ...copy, action: 'duplicate' };
      case 'delay':
        return { ...copy, action: 'delay', extraUs };
      case 'corrupt':
        return { ...copy, action: 'corrupt', trueClock, carriedClock, clamped };
      default:
        return { ...copy, action: 'drop', reason: kind as 'loss' | 'partition' | 'crash' };
    }
  });

/** Lines edited by hand: each form a row in columns must not take. */
const handLines = [
  '5000,crash,1,,,index=0;inbox=drop;queued=3',
  '8000,restart,1,,,index=2;clock=lease:100;before=12;after=100',
  '10000,partition-start,,,,index=0;groups=0|1+2;oneWay=false',
  '12,drop,01,0,0-7,index=0;reason=crash',
  '12,drop,1,0,00-7,index=0;reason=crash',
  '12,drop,1,0,0-7,index=0;reason=crash;reason=loss',
  '12,drop,1,0,0-7,reason=crash;index=0',
  '12,corrupt,1,0,0-7,index=0;carried=5;true=3',
  '12,corrupt,1,0,0-7,index=0;true=3;carried=5;x=1',
  '12,corrupt,1,0,0-7,index=0;true=3;carried=5;clamped=false',
  '12,delay,1,0,0-7,index=0;extraMs=5;x=1',
  '12,duplicate,1,0,0-7,index=0;x=1',
  '1.50,drop,1,0,0-7,index=0;reason=crash',
  '12,delay,1,0,0-7,index=0;extraMs=1.50',
  '12,delay,1,0,0-7,index=0;extraMs=0.0001',
  '12,corrupt,1,0,0-7,index=0;true=12345678901234567;carried=5',
  '12,corrupt,1,0,0-7,index=0;true=9007199254740993;carried=5',
  '98765432109876.543,drop,1,0,0-7,index=0;reason=loss',
  '9876543210987.65,drop,1,0,0-7,index=0;reason=loss',
  '12,duplicate,1,0,0-7,index=00',
  '12,delay,1,0,0-7,index=0;extraMs=',
  '12,drop,1,0,0-7,index=0;reason=',
  '',
];

/** A line of faults.csv (no newline): the simulator's, or one edited by hand, valid or not. */
const anyLine: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: copyEvidence.map((evidence) => faultRowLine(evidence, faults)) },
  {
    weight: 4,
    arbitrary: fc
      .tuple(
        copyEvidence.map((evidence) => faultRowLine(evidence, faults).slice(0, -1)),
        fc.nat(),
        fc.constantFrom(
          '0',
          '00',
          '-',
          ',',
          ';',
          '=',
          'é',
          '\r',
          'x',
          '1e3',
          '-0',
          'NaN',
          'Infinity',
          ';clamped=true',
          ';reason=loss',
          ';x=1',
          '9999999999',
          '',
        ),
        fc.boolean(),
      )
      .map(([line, at, piece, replace]) => {
        const place = at % (line.length + 1);
        return line.slice(0, place) + piece + line.slice(place + (replace ? 1 : 0));
      }),
  },
  { weight: 1, arbitrary: fc.constantFrom(...handLines) },
);

/** Everything check reads of a row, as plain values. */
function viewOf(row: FaultRow): unknown {
  return {
    ...row,
    detail: [...row.detail],
    values: detailKeys.map((key) => row.detail.get(key)),
  };
}

/** The same, read through the store's accessors (and its row(), made anew). */
function storeViewOf(store: FaultRowStore, at: number): unknown {
  return {
    line: store.line(at),
    timeMs: store.timeMs(at),
    fault: store.fault(at),
    machine: store.machine(at),
    peer: store.peer(at),
    msgId: store.msgId(at),
    faultIndex: store.faultIndex(at),
    detail: [...store.row(at).detail],
    values: detailKeys.map((key) => store.detail(at, key)),
  };
}

/** What parseFaultsCsv makes of `text`: its rows, or the error it throws. */
function parsed(text: string): FaultRow[] | FaultsFormatError {
  try {
    return parseFaultsCsv(text);
  } catch (error) {
    if (error instanceof FaultsFormatError) return error;
    throw error;
  }
}

function expectSameAsParse(text: string): FaultRowStore | null {
  const expected = parsed(text);
  if (expected instanceof FaultsFormatError) {
    expect(() => FaultRowStore.parse(Buffer.from(text))).toThrow(
      expect.objectContaining({ line: expected.line, problem: expected.problem }),
    );
    return null;
  }
  const store = FaultRowStore.parse(Buffer.from(text));
  expect(store.length).toBe(expected.length);
  const rows = expected.map((_, at) => storeViewOf(store, at));
  expect(rows).toEqual(expected.map(viewOf));
  expect(expected.map((_, at) => viewOf(store.row(at)))).toEqual(expected.map(viewOf));
  return store;
}

describe('FaultRowStore', () => {
  it('reads any faults.csv as parseFaultsCsv does: rows, fields, detail values and errors', () => {
    fc.assert(
      fc.property(fc.array(anyLine, { maxLength: 12 }), fc.boolean(), (lines, newlineAtEnd) => {
        const text = `${faultsHeaderLine}${lines.join('\n')}${newlineAtEnd ? '\n' : ''}`;
        expectSameAsParse(text);
      }),
      { numRuns: 400 },
    );
  });

  it('reads each line alone as parseFaultsCsv does (a bad line in a file hides the rows)', () => {
    for (const line of handLines) expectSameAsParse(`${faultsHeaderLine}${line}\n`);
    fc.assert(
      fc.property(anyLine, (line) => {
        expectSameAsParse(`${faultsHeaderLine}${line}\n`);
      }),
      { numRuns: 1000 },
    );
  });

  it('keeps the copy rows the simulator writes in columns (no row object), the others whole', () => {
    const drop = faultRowLine(
      {
        action: 'drop',
        timeUs: 1_500,
        faultIndex: 0,
        receiverId: 1,
        senderId: 0,
        sendSeq: 7,
        reason: 'crash',
      },
      faults,
    );
    const text = `${faultsHeaderLine}5000,crash,1,,,index=0;inbox=drop;queued=3\n${drop}`;
    const store = expectSameAsParse(text) as FaultRowStore;
    expect(store.compactSeq(0)).toBe(-1);
    expect(store.compactSeq(1)).toBe(7);
  });

  it('reads a file longer than a decoded chunk, a character across two bytes and CRLF included', () => {
    const rows: string[] = [];
    for (let seq = 1; seq <= 3000; seq += 1) {
      const evidence: FaultEvidence = {
        action: 'drop',
        timeUs: seq * 1000,
        faultIndex: 0,
        receiverId: 1,
        senderId: 0,
        sendSeq: seq,
        reason: 'crash',
      };
      const line = faultRowLine(evidence, faults).slice(0, -1);
      rows.push(seq % 7 === 0 ? `${line};note=é` : seq % 11 === 0 ? `${line}\r` : line);
    }
    for (const end of ['\n', '']) {
      const store = expectSameAsParse(`${faultsHeaderLine}${rows.join('\n')}${end}`);
      expect(store?.length).toBe(3000);
      expect(store?.detail(6, 'note')).toBe('é');
    }
  });

  it('refuses what parseFaultsCsv refuses, naming the same line', () => {
    expect(() => FaultRowStore.parse(Buffer.from(''))).toThrow(
      /faults\.csv:1: expected the header/,
    );
    expect(() =>
      FaultRowStore.parse(Buffer.from(`${faultsHeaderLine}5,drop,1,0,0-1,index=0;reason=loss\n\n`)),
    ).toThrow(/faults\.csv:3: expected 6 fields, got 1/);
    expect(() =>
      FaultRowStore.parse(Buffer.from(`${faultsHeaderLine}-5,drop,1,0,0-1,index=0;reason=loss\n`)),
    ).toThrow(/faults\.csv:2: time_ms: expected a time in ms, got "-5"/);
  });
});
