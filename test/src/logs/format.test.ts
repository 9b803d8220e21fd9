/**
 * The hot-path CSV writer and json2csv must write the same bytes for the same events: the header
 * comes from json2csv, and every row the byte writer makes is compared with json2csv's rendering
 * of the same row object, over random events and the edge cases of time formatting.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type RowKind,
  type MachineId,
  noPeer,
  StepEvent,
  type StepSnapshot,
  snapshotEvent,
  toEveryPeer,
} from '../../../core/index.js';
import { CsvRowBuffer } from '../../../src/logs/csv-row-writer.js';
import {
  csvParser,
  eventToLogRow,
  formatTimeMs,
  logColumns,
  logHeaderLine,
} from '../../../src/logs/format.js';

interface Recorded {
  readonly machineId: MachineId;
  readonly timeUs: number;
  readonly event: StepSnapshot;
}

/** The fields a tick writes, as a plain record; `stepEvent` assigns them to a StepEvent. */
interface EventFields {
  readonly kind: RowKind;
  readonly seq: number;
  readonly clock: number;
  readonly queueLength: number;
  readonly senderId: number;
  readonly sendSeq: number;
  readonly messageClock: number;
  readonly to: number;
}

function stepEvent(fields: EventFields): StepEvent {
  const event = new StepEvent();
  event.kind = fields.kind;
  event.seq = fields.seq;
  event.clock = fields.clock;
  event.queueLength = fields.queueLength;
  event.senderId = fields.senderId;
  event.sendSeq = fields.sendSeq;
  event.messageClock = fields.messageClock;
  event.to = fields.to;
  return event;
}

const natural = fc.nat({ max: Number.MAX_SAFE_INTEGER });
const messageClock = fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER });

/**
 * Events of a run of `machineCount` machines: internal events, receives from any machine, and
 * sends both to one peer and to every peer (the broadcast's row lists all other ids).
 */
function eventFor(machineCount: number): fc.Arbitrary<StepEvent> {
  const anyMachine = fc.nat({ max: machineCount - 1 });
  return fc
    .oneof(
      fc.record({
        kind: fc.constantFrom('internal' as const, 'restart' as const),
        seq: natural,
        clock: natural,
        queueLength: natural,
        senderId: fc.constant(noPeer),
        sendSeq: fc.constant(0),
        messageClock: fc.constant(0),
        to: fc.constant(noPeer),
      }),
      fc.record({
        kind: fc.constant('send' as const),
        seq: natural,
        clock: natural,
        queueLength: natural,
        senderId: anyMachine,
        sendSeq: natural,
        messageClock,
        to: fc.oneof(anyMachine, fc.constant(toEveryPeer)),
      }),
      fc.record({
        kind: fc.constant('receive' as const),
        seq: natural,
        clock: natural,
        queueLength: natural,
        senderId: anyMachine,
        sendSeq: natural,
        messageClock,
        to: fc.constant(noPeer),
      }),
    )
    .map(stepEvent);
}

function recordedFor(machineCount: number): fc.Arbitrary<Recorded> {
  return fc.record({
    machineId: fc.nat({ max: machineCount - 1 }),
    timeUs: natural,
    event: eventFor(machineCount).map(snapshotEvent),
  });
}

/** A machine count (mostly small, sometimes up to 10 000) and rows of a run of that many. */
const run = fc
  .oneof(
    { arbitrary: fc.integer({ min: 2, max: 16 }), weight: 4 },
    { arbitrary: fc.integer({ min: 17, max: 10_000 }), weight: 1 },
  )
  .chain((machineCount) =>
    fc.record({
      machineCount: fc.constant(machineCount),
      rows: fc.array(recordedFor(machineCount), { minLength: 1, maxLength: 300 }),
    }),
  );

/**
 * Both writers are fed through one reused StepEvent, as the drivers do, so a writer that kept
 * the record instead of reading it during the call would write the wrong rows.
 */
function replay(
  rows: readonly Recorded[],
  write: (machineId: MachineId, timeUs: number, event: StepEvent) => void,
): void {
  const event = new StepEvent();
  for (const row of rows) {
    Object.assign(event, row.event);
    write(row.machineId, row.timeUs, event);
  }
}

function writeWithByteWriter(rows: readonly Recorded[], machineCount: number): string {
  const buffer = new CsvRowBuffer(1 << 16, machineCount - 1);
  let text = logHeaderLine;
  replay(rows, (machineId, timeUs, event) => {
    buffer.appendEvent(machineId, timeUs, event);
    if (buffer.isFull) {
      text += Buffer.from(buffer.bytes.subarray(0, buffer.length)).toString('latin1');
      buffer.length = 0;
    }
  });
  return text + Buffer.from(buffer.bytes.subarray(0, buffer.length)).toString('latin1');
}

function writeWithJson2csv(rows: readonly Recorded[], machineCount: number): string {
  const objects: ReturnType<typeof eventToLogRow>[] = [];
  replay(rows, (machineId, timeUs, event) => {
    objects.push(eventToLogRow(machineId, timeUs, event, machineCount));
  });
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
      fc.property(run, ({ machineCount, rows }) => {
        expect(writeWithByteWriter(rows, machineCount)).toBe(writeWithJson2csv(rows, machineCount));
      }),
      { numRuns: 200 },
    );
  });

  it('stay identical across many buffer flushes', () => {
    const rows = fc.sample(recordedFor(200), { numRuns: 5000, seed: 11 });
    expect(rows.some(({ event }) => event.to === toEveryPeer)).toBe(true);
    expect(writeWithByteWriter(rows, 200)).toBe(writeWithJson2csv(rows, 200));
  });

  it('write every digit-count and 2^31 boundary as json2csv does', () => {
    // The writer takes an int32 path below 2^31 and a float path above: each side of each
    // boundary, in every numeric column.
    const boundaries = [0, 9, 10, 99, 100, 2 ** 31 - 1, 2 ** 31, 2 ** 32, Number.MAX_SAFE_INTEGER];
    for (let power = 10; power <= 1e15; power *= 10) boundaries.push(power - 1, power);
    const rows: Recorded[] = boundaries.map((value, index) => ({
      machineId: index % 3,
      timeUs: value,
      event: stepEvent({
        kind: 'receive',
        seq: value,
        clock: Math.max(value, 1),
        queueLength: value,
        senderId: (index + 1) % 3,
        sendSeq: value,
        messageClock: Math.max(value, 1),
        to: noPeer,
      }),
    }));
    expect(writeWithByteWriter(rows, 3)).toBe(writeWithJson2csv(rows, 3));
    expect(writeWithByteWriter(rows, 3)).toContain(',2147483648,');
  });

  it('show each kind as the contract says', () => {
    const message = { senderId: 2, sendSeq: 7, messageClock: 12 };
    const rows: Recorded[] = [
      {
        machineId: 2,
        timeUs: 1_500_000,
        event: stepEvent({
          kind: 'send',
          seq: 7,
          clock: 12,
          queueLength: 0,
          ...message,
          to: toEveryPeer,
        }),
      },
      {
        machineId: 0,
        timeUs: 1_666_667,
        event: stepEvent({
          kind: 'receive',
          seq: 3,
          clock: 13,
          queueLength: 2,
          ...message,
          to: noPeer,
        }),
      },
      {
        machineId: 1,
        timeUs: 250,
        event: stepEvent({
          kind: 'internal',
          seq: 1,
          clock: 1,
          queueLength: 0,
          senderId: noPeer,
          sendSeq: 0,
          messageClock: 0,
          to: noPeer,
        }),
      },
      {
        machineId: 1,
        timeUs: 3_000_000,
        event: stepEvent({
          kind: 'send',
          seq: 2,
          clock: 2,
          queueLength: 0,
          senderId: 1,
          sendSeq: 2,
          messageClock: 2,
          to: 2,
        }),
      },
    ];
    const expected = [
      '2,7,send,1500,12,0,0;1,2-7,12',
      '0,3,receive,1666.667,13,2,2,2-7,12',
      '1,1,internal,0.25,1,0,,,',
      '1,2,send,3000,2,0,2,1-2,2',
    ];
    expect(writeWithByteWriter(rows, 3).split('\n').slice(1, 5)).toEqual(expected);
    expect(writeWithJson2csv(rows, 3).split('\n').slice(1, 5)).toEqual(expected);
  });

  it('list every other machine for a broadcast, in ascending id order', () => {
    const broadcast = (machineId: number, machineCount: number): string => {
      const event = stepEvent({
        kind: 'send',
        seq: 1,
        clock: 1,
        queueLength: 0,
        senderId: machineId,
        sendSeq: 1,
        messageClock: 1,
        to: toEveryPeer,
      });
      const line = writeWithByteWriter([{ machineId, timeUs: 0, event }], machineCount).split(
        '\n',
      )[1] as string;
      return line.split(',')[6] as string;
    };
    expect(broadcast(0, 2)).toBe('1');
    expect(broadcast(1, 2)).toBe('0');
    expect(broadcast(0, 4)).toBe('1;2;3');
    expect(broadcast(3, 4)).toBe('0;1;2');
    const peers = broadcast(4321, 10_000).split(';').map(Number);
    expect(peers).toEqual(
      Array.from({ length: 10_000 }, (_, id) => id).filter((id) => id !== 4321),
    );
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
