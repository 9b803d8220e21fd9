/**
 * Goal: a ShiViz export is a log ShiViz accepts and draws truthfully: its first line is the parser
 * regex and the events parse back with it; hosts have no spaces; each host's own component is
 * 1, 2, 3 ...; clocks hold only non-zero entries of known hosts; every receive's vector dominates
 * its send's (happens-before kept); and every vector is the one the Fidge/Mattern rules give.
 * Method: real runs are made with executeRun (a bundled scenario, then fast-check scenarios with
 * latency and reordering), exported with exportRun, and the file is parsed with the regex from
 * its own first line. The expected vectors come from an independent oracle: the CSV logs read
 * with a plain split, replayed machine by machine in rounds (a receive waits until its send's
 * vector is known) with core/vector-clock.ts.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  happenedBefore,
  type VectorClock,
  vectorAfterLocalEvent,
  vectorAfterReceive,
  vectorZero,
} from '../../../core/index.js';
import { exportRun } from '../../../src/export/export-run.js';
import { shivizParserRegex } from '../../../src/export/shiviz.js';
import { executeRun } from '../../../src/run/virtual-run.js';
import { loadScenario } from '../../../src/scenario/load.js';
import { type ResolvedScenario, resolveScenario } from '../../../src/scenario/resolve.js';
import type { LatencySpec } from '../../../src/scenario/schema.js';

/** The line the README gives users; the export must start with exactly this. */
const readmeRegexLine = String.raw`(?<host>\S*) (?<clock>{.*})\n(?<event>.*)`;

let workDir: string;
let runNumber = 0;

beforeAll(() => {
  workDir = mkdtempSync(join(tmpdir(), 'lamport-export-shiviz-'));
});
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

async function makeRun(scenario: ResolvedScenario): Promise<string> {
  runNumber += 1;
  const outDir = join(workDir, `run-${runNumber}`);
  await executeRun({ scenario, outDir, force: false });
  return outDir;
}

interface CsvRow {
  readonly machine: number;
  readonly seq: number;
  readonly kind: string;
  readonly timeMs: string;
  readonly clock: number;
  readonly peers: string;
  readonly msgId: string;
}

/** The logs read with a plain split: independent of the exporter's LogReader. */
function readLogs(runDir: string, machines: number): CsvRow[][] {
  const logs: CsvRow[][] = [];
  for (let id = 0; id < machines; id += 1) {
    const lines = readFileSync(join(runDir, `machine-${id}.csv`), 'utf8')
      .split('\n')
      .slice(1);
    logs.push(
      lines
        .filter((line) => line !== '')
        .map((line) => {
          const [machine, seq, kind, timeMs, clock, , peers, msgId] = line.split(',');
          return {
            machine: Number(machine),
            seq: Number(seq),
            kind: kind as string,
            timeMs: timeMs as string,
            clock: Number(clock),
            peers: peers as string,
            msgId: msgId as string,
          };
        }),
    );
  }
  return logs;
}

/** Vectors by "machine:seq", replayed in rounds: each machine advances until a receive waits. */
function oracleVectors(logs: CsvRow[][]): Map<string, VectorClock> {
  const machines = logs.length;
  const vectors = new Map<string, VectorClock>();
  const sendVectors = new Map<string, VectorClock>();
  const position = logs.map(() => 0);
  const current = logs.map(() => vectorZero(machines));
  let progressed = true;
  while (progressed) {
    progressed = false;
    for (let id = 0; id < machines; id += 1) {
      const log = logs[id] as CsvRow[];
      while ((position[id] as number) < log.length) {
        const row = log[position[id] as number] as CsvRow;
        let next: VectorClock;
        if (row.kind === 'receive') {
          const sent = sendVectors.get(row.msgId);
          if (sent === undefined) break;
          next = vectorAfterReceive(current[id] as VectorClock, sent, id);
        } else {
          next = vectorAfterLocalEvent(current[id] as VectorClock, id);
        }
        if (row.kind === 'send') sendVectors.set(row.msgId, next);
        current[id] = next;
        vectors.set(`${id}:${row.seq}`, next);
        position[id] = (position[id] as number) + 1;
        progressed = true;
      }
    }
  }
  logs.forEach((log, id) => {
    expect(position[id], `oracle stuck on machine ${id}`).toBe(log.length);
  });
  return vectors;
}

interface ShivizEvent {
  readonly host: string;
  readonly clock: Record<string, number>;
  readonly event: string;
}

/** Parses the file as ShiViz does: the regex from line 1, run over the text after line 2. */
function parseShiviz(path: string): ShivizEvent[] {
  const text = readFileSync(path, 'utf8');
  const [regexLine, delimiterLine] = text.split('\n');
  expect(regexLine).toBe(readmeRegexLine);
  expect(delimiterLine).toBe('');
  const body = text.slice((regexLine as string).length + 2);
  const regex = new RegExp(regexLine as string, 'gm');
  const events = [...body.matchAll(regex)].map((match) => {
    const groups = match.groups as Record<string, string>;
    return {
      host: groups.host as string,
      clock: JSON.parse(groups.clock as string) as Record<string, number>,
      event: groups.event as string,
    };
  });
  // The matches cover the whole body: no event skipped, nothing between them.
  const rebuilt = events
    .map(({ host, clock, event }) => `${host} ${JSON.stringify(clock)}\n${event}\n`)
    .join('');
  expect(rebuilt).toBe(body);
  // Pasted whole (regex line included), the log still yields exactly the same events.
  expect([...text.matchAll(regex)]).toHaveLength(events.length);
  return events;
}

const eventPattern =
  /^(internal|send|receive) L=(\d+) t=(\d+(?:\.\d{1,3})?)ms(?: msg=(\d+-\d+) (to|from)=([\d;]+))?$/;

/** Every ShiViz rule and every vector, against the logs of `runDir`. */
function expectShivizMatchesRun(runDir: string, machines: number): number {
  const { outPath, events: exported } = exportRun(runDir, { format: 'shiviz', outPath: null });
  const events = parseShiviz(outPath);
  const logs = readLogs(runDir, machines);
  const oracle = oracleVectors(logs);
  const totalRows = logs.reduce((total, log) => total + log.length, 0);
  expect(events).toHaveLength(totalRows);
  expect(exported).toBe(totalRows);
  const hosts = logs.map((_, id) => `machine${id}`);
  const seen = logs.map(() => 0);
  const sendVectors = new Map<string, VectorClock>();
  const toVector = (clock: Record<string, number>): VectorClock => {
    const vector = vectorZero(machines);
    for (const [host, count] of Object.entries(clock)) {
      const id = hosts.indexOf(host);
      expect(id, `unknown host ${host}`).toBeGreaterThanOrEqual(0);
      expect(Number.isSafeInteger(count) && count > 0, `${host}: ${count}`).toBe(true);
      vector[id] = count;
    }
    return vector;
  };
  const receives: { vector: VectorClock; msgId: string }[] = [];
  for (const { host, clock, event } of events) {
    expect(host).toMatch(/^machine\d+$/);
    const id = hosts.indexOf(host);
    expect(id).toBeGreaterThanOrEqual(0);
    seen[id] = (seen[id] as number) + 1;
    // The host's own component counts its events: 1, 2, 3 ... in the order they appear.
    expect(clock[host]).toBe(seen[id]);
    const row = (logs[id] as CsvRow[])[(seen[id] as number) - 1] as CsvRow;
    const parsed = eventPattern.exec(event);
    expect(parsed, event).not.toBeNull();
    const [, kind, lamport, timeMs, msgId, direction, peers] = parsed as RegExpExecArray;
    expect([kind, Number(lamport), timeMs]).toEqual([row.kind, row.clock, row.timeMs]);
    if (row.kind !== 'internal') {
      expect([msgId, direction, peers]).toEqual([
        row.msgId,
        row.kind === 'send' ? 'to' : 'from',
        row.peers,
      ]);
    }
    const vector = toVector(clock);
    expect([...vector], `${host} seq ${row.seq}`).toEqual([
      ...(oracle.get(`${id}:${row.seq}`) as VectorClock),
    ]);
    if (row.kind === 'send') sendVectors.set(row.msgId, vector);
    if (row.kind === 'receive') receives.push({ vector, msgId: row.msgId });
  }
  expect(seen).toEqual(logs.map((log) => log.length));
  for (const { vector, msgId } of receives) {
    const sent = sendVectors.get(msgId);
    expect(sent, `send of ${msgId}`).toBeDefined();
    expect(happenedBefore(sent as VectorClock, vector), `send ${msgId} → its receive`).toBe(true);
  }
  return receives.length;
}

describe('ShiViz export', () => {
  it('of trial4 (rates 3/2/1, 60 s) parses back and keeps every rule and vector', async () => {
    const loaded = loadScenario('trial4', { values: { durationSec: 60 }, flags: {} });
    const runDir = await makeRun(resolveScenario(loaded, 1004));
    const receives = expectShivizMatchesRun(runDir, 3);
    expect(receives).toBeGreaterThan(50);
  });

  it('starts with the regex constant the module documents', () => {
    expect(shivizParserRegex).toBe(readmeRegexLine);
  });

  it('of random scenarios (latency, reordering, broadcasts) keeps every rule and vector', async () => {
    const latency: fc.Arbitrary<LatencySpec> = fc.oneof(
      fc.record({ kind: fc.constant('constant' as const), ms: fc.integer({ min: 0, max: 800 }) }),
      fc
        .tuple(fc.integer({ min: 0, max: 900 }), fc.integer({ min: 0, max: 900 }))
        .map(([a, b]) => ({
          kind: 'uniform' as const,
          minMs: Math.min(a, b),
          maxMs: Math.max(a, b),
        })),
    );
    const scenario: fc.Arbitrary<ResolvedScenario> = fc
      .record({
        seed: fc.nat({ max: 0xffff_ffff }),
        rates: fc.array(fc.integer({ min: 1, max: 30 }), { minLength: 2, maxLength: 6 }),
        internalProbability: fc.integer({ min: 0, max: 100 }).map((n) => n / 100),
        durationSec: fc.integer({ min: 1, max: 8 }),
        latency,
        fifo: fc.boolean(),
      })
      .map((fields) => ({
        ...fields,
        name: 'shiviz-property',
        description: '',
        source: 'test',
        machines: fields.rates.length,
        ratesDrawnFrom: null,
      }));
    await fc.assert(
      fc.asyncProperty(scenario, async (resolved) => {
        const runDir = await makeRun(resolved);
        expectShivizMatchesRun(runDir, resolved.machines);
      }),
      { numRuns: 25 },
    );
  });
});
