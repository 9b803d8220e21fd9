/**
 * faults.csv is a contract: every action the driver reports becomes one row with the documented
 * columns and detail keys, and the reader gives back what the writer wrote.
 */
import { describe, expect, it } from 'vitest';
import {
  type FaultConfig,
  type FaultEvidence,
  openEndUs,
} from '../../../transports/fault-config.js';
import {
  FaultsFormatError,
  faultRowLine,
  faultsHeaderLine,
  parseFaultsCsv,
} from '../../../src/logs/faults-format.js';
import { FaultDetail } from '../../../src/logs/fault-detail.js';

const faults: FaultConfig[] = [
  {
    kind: 'partition',
    index: 0,
    stream: 'fault/a',
    atUs: 10_000_000,
    untilUs: openEndUs,
    groups: [[0], [1, 2]],
    oneWay: false,
  },
  { kind: 'crash', index: 1, stream: 'fault/b', machine: 1, atUs: 5_000_000, inbox: 'keep' },
  {
    kind: 'restart',
    index: 2,
    stream: 'fault/c',
    machine: 1,
    atUs: 8_000_000,
    clock: { kind: 'lease', every: 100 },
  },
];

const evidence: [FaultEvidence, string][] = [
  [
    { action: 'partition-start', timeUs: 10_000_000, faultIndex: 0 },
    '10000,partition-start,,,,index=0;groups=0|1+2;oneWay=false',
  ],
  [
    { action: 'crash', timeUs: 5_000_000, faultIndex: 1, machine: 1, queued: 3 },
    '5000,crash,1,,,index=1;inbox=keep;queued=3',
  ],
  [
    {
      action: 'restart',
      timeUs: 8_000_000,
      faultIndex: 2,
      machine: 1,
      clockBefore: 12,
      clockAfter: 100,
    },
    '8000,restart,1,,,index=2;clock=lease:100;before=12;after=100',
  ],
  [
    {
      action: 'drop',
      timeUs: 1_500,
      faultIndex: 1,
      receiverId: 1,
      senderId: 0,
      sendSeq: 7,
      reason: 'crash',
    },
    '1.5,drop,1,0,0-7,index=1;reason=crash',
  ],
  [
    {
      action: 'corrupt',
      timeUs: 2_000,
      faultIndex: 0,
      receiverId: 2,
      senderId: 0,
      sendSeq: 9,
      trueClock: 3,
      carriedClock: 1,
      clamped: true,
    },
    '2,corrupt,2,0,0-9,index=0;true=3;carried=1;clamped=true',
  ],
  [
    {
      action: 'delay',
      timeUs: 0,
      faultIndex: 0,
      receiverId: 2,
      senderId: 1,
      sendSeq: 1,
      extraUs: 500_250,
    },
    '0,delay,2,1,1-1,index=0;extraMs=500.25',
  ],
  [
    {
      action: 'rate',
      timeUs: 30_000_000,
      faultIndex: 0,
      machine: 0,
      fromMilliHz: 3000,
      toMilliHz: 1500,
    },
    '30000,rate,0,,,index=0;fromHz=3;toHz=1.5',
  ],
  [
    { action: 'resume', timeUs: 8_000_000, faultIndex: 0, machine: 2, missedTicks: 4 },
    '8000,resume,2,,,index=0;missed=4',
  ],
];

describe('faults.csv rows', () => {
  it.each(evidence)('writes each action with its documented columns and detail', (row, line) => {
    expect(faultRowLine(row, faults)).toBe(`${line}\n`);
  });

  it('reads back what it wrote: fields, line numbers and the detail keys', () => {
    const text = faultsHeaderLine + evidence.map(([row]) => faultRowLine(row, faults)).join('');
    const rows = parseFaultsCsv(text);
    expect(rows).toHaveLength(evidence.length);
    const drop = rows[3];
    expect(drop).toMatchObject({ line: 5, timeMs: 1.5, fault: 'drop', machine: 1, peer: 0 });
    expect(drop?.msgId).toBe('0-7');
    expect(drop?.faultIndex).toBe(1);
    expect(drop?.detail.get('reason')).toBe('crash');
    expect(rows[0]?.machine).toBe(-1);
    expect(rows[0]?.detail.get('groups')).toBe('0|1+2');
  });

  it('refuses a file that breaks the contract, naming the line', () => {
    expect(() => parseFaultsCsv('time_ms,fault\n')).toThrow(FaultsFormatError);
    expect(() => parseFaultsCsv(`${faultsHeaderLine}5,crash,x,,,index=1\n`)).toThrow(
      /faults\.csv:2: machine: expected a machine id, got "x"/,
    );
    expect(() => parseFaultsCsv(`${faultsHeaderLine}5,crash,1,,,inbox=drop\n`)).toThrow(
      /faults\.csv:2: detail: expected index=<fault index> first/,
    );
    expect(() => parseFaultsCsv(`${faultsHeaderLine}5,crash,1,,index=0\n`)).toThrow(
      /faults\.csv:2: expected 6 fields, got 5/,
    );
    expect(() => parseFaultsCsv(`${faultsHeaderLine}5,crash,1,,,index=0,x\n`)).toThrow(
      /faults\.csv:2: expected 6 fields, got 7/,
    );
    expect(() => parseFaultsCsv(`${faultsHeaderLine}5,crash,1,,,index=0;inbox\n`)).toThrow(
      /faults\.csv:2: detail: expected key=value, got "inbox"/,
    );
    expect(() => parseFaultsCsv(`${faultsHeaderLine}5,crash,1,,,index=0;=drop\n`)).toThrow(
      /faults\.csv:2: detail: expected key=value, got "=drop"/,
    );
  });

  it('reads a detail by key as a Map of its pairs would: the last pair of a key wins', () => {
    const detail = new FaultDetail('index=3;reason=loss;clock=lease:16;reason=crash;x=');
    expect(detail.get('index')).toBe('3');
    expect(detail.get('reason')).toBe('crash');
    expect(detail.get('clock')).toBe('lease:16');
    expect(detail.get('x')).toBe('');
    expect(detail.get('inde')).toBeUndefined();
    expect(detail.get('clock=lease')).toBeUndefined();
    expect(detail.has('x')).toBe(true);
    expect(detail.has('y')).toBe(false);
    expect([...detail]).toEqual([
      ['index', '3'],
      ['reason', 'loss'],
      ['clock', 'lease:16'],
      ['reason', 'crash'],
      ['x', ''],
    ]);
  });
});
