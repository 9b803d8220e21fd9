/**
 * The hot-path CSV writer and json2csv must write the same bytes for the same events: the header
 * comes from json2csv, and every row the byte writer makes is compared with json2csv's rendering
 * of the same row object, over random events and the edge cases of time formatting.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Message, StepResult } from '../../core/index.js';
import { CsvRowBuffer } from '../../src/csv-row-writer.js';
import {
  csvParser,
  eventToLogRow,
  formatTimeMs,
  logColumns,
  logHeaderLine,
} from '../../src/log-format.js';

const natural = fc.nat({ max: Number.MAX_SAFE_INTEGER });
const message: fc.Arbitrary<Message> = fc.record({
  senderId: fc.nat({ max: 9999 }),
  sendSeq: natural,
  clock: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
});
const event: fc.Arbitrary<StepResult> = fc.oneof(
  fc.record({
    kind: fc.constant('internal' as const),
    seq: natural,
    clock: natural,
    queueLength: natural,
  }),
  fc.record({
    kind: fc.constant('send' as const),
    seq: natural,
    clock: natural,
    queueLength: natural,
    receiverIds: fc.uniqueArray(fc.nat({ max: 9999 }), { minLength: 1, maxLength: 12 }),
    message,
  }),
  fc.record({
    kind: fc.constant('receive' as const),
    seq: natural,
    clock: natural,
    queueLength: natural,
    message,
  }),
);
const recorded = fc.record({ machineId: fc.nat({ max: 9999 }), timeUs: natural, event });

function writeWithByteWriter(
  rows: readonly { machineId: number; timeUs: number; event: StepResult }[],
): string {
  const buffer = new CsvRowBuffer(1 << 16, 12);
  let text = logHeaderLine;
  for (const row of rows) {
    buffer.appendEvent(row.machineId, row.timeUs, row.event);
    if (buffer.isFull) {
      text += buffer.bytes.toString('latin1', 0, buffer.length);
      buffer.length = 0;
    }
  }
  return text + buffer.bytes.toString('latin1', 0, buffer.length);
}

function writeWithJson2csv(
  rows: readonly { machineId: number; timeUs: number; event: StepResult }[],
): string {
  const objects = rows.map((row) => eventToLogRow(row.machineId, row.timeUs, row.event));
  const body = csvParser(logColumns, true).parse(objects);
  return `${body}\n`;
}

describe('log rows', () => {
  it('start with the contract header', () => {
    expect(logHeaderLine).toBe(
      'machine,seq,event,time_ms,logical_clock,queue_length,peers,msg_id,msg_clock\n',
    );
  });

  it('are byte-identical from the hot-path writer and from json2csv', () => {
    fc.assert(
      fc.property(fc.array(recorded, { minLength: 1, maxLength: 300 }), (rows) => {
        expect(writeWithByteWriter(rows)).toBe(writeWithJson2csv(rows));
      }),
      { numRuns: 200 },
    );
  });

  it('stay identical across many buffer flushes', () => {
    const rows = fc.sample(recorded, { numRuns: 5000, seed: 11 });
    expect(writeWithByteWriter(rows)).toBe(writeWithJson2csv(rows));
  });

  it('show each kind as the contract says', () => {
    const sent: Message = { senderId: 2, sendSeq: 7, clock: 12 };
    const rows = [
      {
        machineId: 2,
        timeUs: 1_500_000,
        event: {
          kind: 'send',
          seq: 7,
          clock: 12,
          queueLength: 0,
          receiverIds: [0, 1],
          message: sent,
        },
      },
      {
        machineId: 0,
        timeUs: 1_666_667,
        event: { kind: 'receive', seq: 3, clock: 13, queueLength: 2, message: sent },
      },
      { machineId: 1, timeUs: 250, event: { kind: 'internal', seq: 1, clock: 1, queueLength: 0 } },
    ] as const;
    expect(writeWithByteWriter(rows).split('\n').slice(1, 4)).toEqual([
      '2,7,send,1500,12,0,0;1,2-7,12',
      '0,3,receive,1666.667,13,2,2,2-7,12',
      '1,1,internal,0.25,1,0,,,',
    ]);
  });
});

describe('formatTimeMs', () => {
  it('writes µs as exact ms with at most 3 decimals and no trailing zeros', () => {
    expect([0, 1, 10, 100, 1000, 1001, 1010, 1100, 333_333].map(formatTimeMs)).toEqual([
      '0',
      '0.001',
      '0.01',
      '0.1',
      '1',
      '1.001',
      '1.01',
      '1.1',
      '333.333',
    ]);
  });

  it('parses back to the same µs', () => {
    fc.assert(
      fc.property(
        natural,
        (timeUs) => Math.round(Number(formatTimeMs(timeUs)) * 1000) === timeUs || timeUs > 2 ** 40,
      ),
    );
  });
});
