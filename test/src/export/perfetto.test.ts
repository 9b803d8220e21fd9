/**
 * Goal: a Perfetto export is a trace-event JSON the viewers read as intended: it parses; one
 * thread_name per machine, named with its rate; one complete slice (X) per log row, on its
 * machine's track, at the row's time, with the row's clock, seq, queue length and message id;
 * slices of a track never overlap; every receive has exactly one flow end (f, bp "e") bound to its
 * slice, whose id matches exactly one flow start (s) bound to its send's slice, with the same name
 * and cat; ts never decreases along a track; every number is finite.
 * Method: real runs (trial4, and jittery-network, whose latency reorders messages) are made with
 * executeRun, exported with exportRun, and the JSON is compared with the CSV logs read with a
 * plain split and with the manifest's message totals.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportRun } from '../../../src/export/export-run.js';
import { executeRun } from '../../../src/run/virtual-run.js';
import { loadScenario } from '../../../src/scenario/load.js';
import { resolveScenario } from '../../../src/scenario/resolve.js';

let workDir: string;

beforeAll(() => {
  workDir = mkdtempSync(join(tmpdir(), 'lamport-export-perfetto-'));
});
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

interface TraceEvent {
  readonly name: string;
  readonly ph: string;
  readonly cat?: string;
  readonly pid: number;
  readonly tid?: number;
  readonly ts?: number;
  readonly dur?: number;
  readonly id?: number;
  readonly bp?: string;
  readonly args?: Record<string, unknown>;
}

interface Trace {
  readonly displayTimeUnit: string;
  readonly traceEvents: TraceEvent[];
}

interface ManifestFacts {
  readonly scenario: { readonly rates: number[] };
  readonly messages: { readonly sent: number; readonly received: number };
}

interface CsvRow {
  readonly seq: number;
  readonly kind: string;
  readonly timeUs: number;
  readonly clock: number;
  readonly queueLength: number;
  readonly msgId: string;
}

function readLog(runDir: string, machine: number): CsvRow[] {
  return readFileSync(join(runDir, `machine-${machine}.csv`), 'utf8')
    .split('\n')
    .slice(1)
    .filter((line) => line !== '')
    .map((line) => {
      const [, seq, kind, timeMs, clock, queueLength, , msgId] = line.split(',');
      return {
        seq: Number(seq),
        kind: kind as string,
        timeUs: Math.round(Number(timeMs) * 1000),
        clock: Number(clock),
        queueLength: Number(queueLength),
        msgId: msgId as string,
      };
    });
}

function expectAllNumbersFinite(value: unknown, path: string): void {
  if (typeof value === 'number') {
    expect(Number.isFinite(value), path).toBe(true);
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => {
      expectAllNumbersFinite(item, `${path}[${i}]`);
    });
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) expectAllNumbersFinite(item, `${path}.${key}`);
  }
}

function expectTraceMatchesRun(runDir: string): void {
  const manifest = JSON.parse(readFileSync(join(runDir, 'manifest.json'), 'utf8')) as ManifestFacts;
  const rates = manifest.scenario.rates;
  const { outPath } = exportRun(runDir, { format: 'perfetto', outPath: null });
  const trace = JSON.parse(readFileSync(outPath, 'utf8')) as Trace;
  expect(trace.displayTimeUnit).toBe('ms');
  expectAllNumbersFinite(trace, 'trace');
  const events = trace.traceEvents;
  for (const event of events) expect(event.pid).toBe(1);

  const threadNames = events.filter((event) => event.ph === 'M' && event.name === 'thread_name');
  expect(threadNames.map((event) => [event.tid, event.args?.name])).toEqual(
    rates.map((rate, id) => [id, `machine ${id} (${rate} Hz)`]),
  );

  // Along each track, in file order: ts never decreases, and slices never overlap.
  const lastTs = new Map<number, number>();
  const lastSliceEnd = new Map<number, number>();
  for (const event of events) {
    if (event.ts === undefined) continue;
    const tid = event.tid as number;
    expect(event.ts, `tid ${tid}`).toBeGreaterThanOrEqual(lastTs.get(tid) ?? 0);
    lastTs.set(tid, event.ts);
    if (event.ph === 'X') {
      expect(event.dur as number).toBeGreaterThan(0);
      expect(event.ts).toBeGreaterThanOrEqual(lastSliceEnd.get(tid) ?? 0);
      lastSliceEnd.set(tid, event.ts + (event.dur as number));
    }
  }

  // One slice per row, in the row's order, carrying the row.
  const slices = events.filter((event) => event.ph === 'X');
  const logs = rates.map((_, id) => readLog(runDir, id));
  expect(slices).toHaveLength(logs.reduce((total, log) => total + log.length, 0));
  logs.forEach((log, id) => {
    const track = slices.filter((slice) => slice.tid === id);
    expect(track.map((slice) => [slice.name, slice.ts, slice.args])).toEqual(
      log.map((row) => [
        row.kind,
        row.timeUs,
        {
          lamport: row.clock,
          seq: row.seq,
          queue_length: row.queueLength,
          ...(row.kind === 'internal' ? {} : { msg_id: row.msgId }),
        },
      ]),
    );
  });

  // Flows: ends bound to receives, starts bound to sends, matched one to one by id.
  const sliceAt = (tid: number, ts: number) =>
    slices.filter((slice) => slice.tid === tid && slice.ts === ts);
  const starts = events.filter((event) => event.ph === 's');
  const ends = events.filter((event) => event.ph === 'f');
  expect(new Set(starts.map((event) => event.id)).size).toBe(starts.length);
  expect(new Set(ends.map((event) => event.id)).size).toBe(ends.length);
  expect(starts).toHaveLength(manifest.messages.sent);
  expect(ends).toHaveLength(manifest.messages.received);
  const receives = slices.filter((slice) => slice.name === 'receive');
  expect(receives).toHaveLength(manifest.messages.received);
  for (const receive of receives) {
    const boundEnds = ends.filter((end) => end.tid === receive.tid && end.ts === receive.ts);
    expect(boundEnds, `receive at ${receive.tid}/${receive.ts}`).toHaveLength(1);
    const end = boundEnds[0] as TraceEvent;
    expect(end.bp).toBe('e');
    const matching = starts.filter((start) => start.id === end.id);
    expect(matching).toHaveLength(1);
    const start = matching[0] as TraceEvent;
    expect([start.name, start.cat]).toEqual([end.name, end.cat]);
    expect([end.cat, start.cat]).toEqual([receive.cat, receive.cat]);
    const msgId = receive.args?.msg_id as string;
    const sender = Number(msgId.split('-')[0]);
    expect(start.tid).toBe(sender);
    const sends = sliceAt(sender, start.ts as number);
    expect(sends).toHaveLength(1);
    expect([sends[0]?.name, sends[0]?.args?.msg_id]).toEqual(['send', msgId]);
    expect(start.ts as number).toBeLessThanOrEqual(receive.ts as number);
  }
}

describe('Perfetto export', () => {
  it('of trial4 (rates 3/2/1, 60 s): slices, tracks and flows match the logs', async () => {
    const outDir = join(workDir, 'trial4');
    const loaded = loadScenario('trial4', { values: { durationSec: 60 }, flags: {} });
    await executeRun({ scenario: resolveScenario(loaded, 1004), outDir, force: false });
    expectTraceMatchesRun(outDir);
  });

  it('of jittery-network (reordering latency): every receive still finds its own send', async () => {
    const outDir = join(workDir, 'jittery');
    const loaded = loadScenario('jittery-network', { values: { durationSec: 60 }, flags: {} });
    await executeRun({ scenario: resolveScenario(loaded, 77), outDir, force: false });
    expectTraceMatchesRun(outDir);
  });

  it('of a 2 kHz machine: slices shrink to half the gap to the next row, so none overlap', async () => {
    const outDir = join(workDir, 'fast');
    const loaded = loadScenario('trial4', {
      values: { rates: [2000, 3], durationSec: 1 },
      flags: {},
    });
    await executeRun({ scenario: resolveScenario(loaded, 5), outDir, force: false });
    expectTraceMatchesRun(outDir);
    const trace = JSON.parse(readFileSync(join(outDir, 'run.perfetto.json'), 'utf8')) as Trace;
    const fastSlices = trace.traceEvents.filter((event) => event.ph === 'X' && event.tid === 0);
    expect(fastSlices.slice(0, -1).every((slice) => slice.dur === 250)).toBe(true);
    expect(fastSlices.at(-1)?.dur).toBe(1000);
  });
});
