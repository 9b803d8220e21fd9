/**
 * Goal: an import loses nothing `check` needs. lamport-lab's own runs, written out in the shape
 * of each preset (as another implementation would log them) and imported back, check OK as the
 * runs themselves do, and where the shape keeps enough (a message id, or the sender named) every
 * receive is matched to the very send it took. And a run with a broken receive rule, written
 * out the same way, fails check after the import as it does before.
 * Method: fast-check draws small virtual runs (machines, rates, probability, latency, seed) and
 * runs them in memory; each is rendered in all five shapes by the writers below, imported with
 * importRun and checked with checkRun; the receives' msg_id in the imported logs are compared
 * with the run's own.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { toEveryPeer } from '../../../core/index.js';
import { checkRun } from '../../../src/check/check-run.js';
import { importRun } from '../../../src/import/import-run.js';
import {
  eventsByMachine,
  type MemoryRun,
  makeConfig,
  type RecordedEvent,
  receiversOf,
  runInMemory,
} from '../../helpers/memory-run.js';

const workDir = mkdtempSync(join(tmpdir(), 'lamport-import-properties-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

/** An epoch-like origin, so times are read as the shapes write them (seconds with a fraction). */
const originS = 1_795_311_560;

type Files = Record<string, string>;

/** Seconds since the epoch with 6 decimals. */
function epochS(timeUs: number): string {
  const us = originS * 1_000_000 + timeUs;
  return `${Math.floor(us / 1_000_000)}.${String(us % 1_000_000).padStart(6, '0')}`;
}

function receivers(run: MemoryRun, recorded: RecordedEvent): number[] {
  return receiversOf(recorded.machineId, recorded.event, run.config.ratesMilliHz.length);
}

/** lamport-lab's own columns, all machines in one file (as another tool might write them). */
function lamportLabShape(run: MemoryRun): Files {
  const lines = ['machine,seq,event,time_ms,logical_clock,queue_length,peers,msg_id,msg_clock'];
  for (const recorded of run.events) {
    const { event, machineId, timeUs } = recorded;
    const start = `${machineId},${event.seq},${event.kind},${timeUs / 1000},${event.clock},${event.queueLength}`;
    if (event.kind === 'send') {
      lines.push(
        `${start},${receivers(run, recorded).join(';')},${machineId}-${event.seq},${event.clock}`,
      );
    } else if (event.kind === 'receive') {
      lines.push(
        `${start},${event.senderId},${event.senderId}-${event.sendSeq},${event.messageClock}`,
      );
    } else lines.push(`${start},,,`);
  }
  return { 'all.csv': `${lines.join('\n')}\n` };
}

/** `send 1+2,<epoch s>,<queue>,<clock>`: no sender, no message clock. */
function eventCsvShape(run: MemoryRun): Files {
  const files: Files = {};
  eventsByMachine(run).forEach((events, id) => {
    files[`machine_${id}.csv`] = events
      .map((recorded) => {
        const { event, timeUs } = recorded;
        const action =
          event.kind === 'send'
            ? `send ${receivers(run, recorded).join('+')}`
            : event.kind === 'receive'
              ? 'receive '
              : 'internal';
        return `${action},${epochS(timeUs)},${event.queueLength},${event.clock}\n`;
      })
      .join('');
  });
  return files;
}

/** Python logging lines, ms only, every machine in one file: the sender named. */
function pythonLoggingShape(run: MemoryRun): Files {
  const lines = ['=== simulation of the exercise ==='];
  for (const recorded of run.events) {
    const { event, machineId, timeUs } = recorded;
    const date = new Date(originS * 1000 + Math.floor(timeUs / 1000)).toISOString();
    const stamp = `${date.slice(0, 10)} ${date.slice(11, 19)},${date.slice(20, 23)}`;
    const what =
      event.kind === 'send'
        ? `SENT to ${receivers(run, recorded)
            .map((id) => `#${id}`)
            .join(' and ')}`
        : event.kind === 'receive'
          ? `RECEIVED from #${event.senderId}`
          : 'INTERNAL';
    lines.push(
      `${stamp} INFO Machine ${machineId} ${what} | logical clock ${event.clock} | queue ${event.queueLength}`,
    );
  }
  return { 'run.log': `${lines.join('\n')}\n` };
}

/** Machines numbered from 1 in the file names and the lines; the message clock stated. */
function globalTimeShape(run: MemoryRun): Files {
  const files: Files = {};
  eventsByMachine(run).forEach((events, id) => {
    const lines = [`Machine ${id + 1} starting`];
    for (const recorded of events) {
      const { event, timeUs } = recorded;
      const what =
        event.kind === 'send'
          ? `SENT to ${receivers(run, recorded)
              .map((peer) => `machine ${peer + 1}`)
              .join(' and ')}`
          : event.kind === 'receive'
            ? `RECEIVED from machine ${event.senderId + 1} (its clock ${event.messageClock})`
            : 'INTERNAL';
      lines.push(
        `${what} - GLOBAL TIME: ${epochS(timeUs)} - LOGICAL CLOCK TIME: ${event.clock} - QUEUE: ${event.queueLength}`,
      );
    }
    files[`m${id + 1}.log`] = `${lines.join('\n')}\n`;
  });
  return files;
}

/** JSON arrays per machine, machines known by their port. */
function jsonEventsShape(run: MemoryRun): Files {
  const files: Files = {};
  const address = (id: number): string => `127.0.0.1:${8001 + id}`;
  eventsByMachine(run).forEach((events, id) => {
    const objects = events.map((recorded) => {
      const { event, timeUs } = recorded;
      const base = {
        event_type: { send: 'SEND', receive: 'RECV', internal: 'INTERNAL', restart: 'RESTART' }[
          event.kind
        ],
        time: Number(epochS(timeUs)),
        clock: event.clock,
        queue: event.queueLength,
      };
      if (event.kind === 'send') return { ...base, to: receivers(run, recorded).map(address) };
      if (event.kind === 'receive')
        return { ...base, msg: { from: address(event.senderId), clock: event.messageClock } };
      return base;
    });
    files[`log_${8001 + id}.json`] =
      `[\n${objects.map((object) => `  ${JSON.stringify(object)}`).join(',\n')}\n]\n`;
  });
  return files;
}

interface Shape {
  readonly preset: string;
  readonly render: (run: MemoryRun) => Files;
  /** The shape names the sender or the message: every receive matched to its own send. */
  readonly exact: boolean;
}

const shapes: readonly Shape[] = [
  { preset: 'lamport-lab', render: lamportLabShape, exact: true },
  { preset: 'event-csv', render: eventCsvShape, exact: false },
  { preset: 'python-logging', render: pythonLoggingShape, exact: true },
  { preset: 'global-time', render: globalTimeShape, exact: true },
  { preset: 'json-events', render: jsonEventsShape, exact: true },
];

let count = 0;

function importShape(run: MemoryRun, shape: Shape): string {
  count += 1;
  const input = join(workDir, `in-${count}`);
  mkdirSync(input);
  for (const [name, text] of Object.entries(shape.render(run)))
    writeFileSync(join(input, name), text);
  const outDir = join(workDir, `run-${count}`);
  importRun({
    inputs: [input],
    format: shape.preset,
    outDir,
    force: false,
    toleranceMs: 0,
    ratesHz: null,
  });
  return outDir;
}

/** `receiver:seq -> msg_id` of every receive, from the run and from an imported run's logs. */
function receivesOfRun(run: MemoryRun): string[] {
  return run.events
    .filter((recorded) => recorded.event.kind === 'receive')
    .map(
      ({ machineId, event }) => `${machineId}:${event.seq} -> ${event.senderId}-${event.sendSeq}`,
    )
    .sort();
}

function receivesOfImport(outDir: string, machines: number): string[] {
  const found: string[] = [];
  for (let id = 0; id < machines; id += 1) {
    const lines = readFileSync(join(outDir, `machine-${id}.csv`), 'utf8')
      .trimEnd()
      .split('\n')
      .slice(1);
    for (const line of lines) {
      const cells = line.split(',');
      if (cells[2] === 'receive') found.push(`${cells[0]}:${cells[1]} -> ${cells[7]}`);
    }
  }
  return found.sort();
}

/** Small runs on FIFO channels (a named sender then fixes the send), latency >= 1 ms. */
const runArbitrary = fc
  .record({
    seed: fc.integer({ min: 0, max: 1_000_000 }),
    ratesHz: fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 2, maxLength: 4 }),
    internal: fc.integer({ min: 0, max: 9 }),
    latencyUs: fc.integer({ min: 1_000, max: 400_000 }),
    uniform: fc.boolean(),
  })
  .map(({ seed, ratesHz, internal, latencyUs, uniform }) =>
    runInMemory(
      makeConfig({
        seed,
        ratesHz,
        internal: { numerator: internal, denominator: 10 },
        durationSec: 4,
        latency: uniform
          ? { kind: 'uniform', minUs: 1_000, maxUs: latencyUs }
          : { kind: 'constant', us: latencyUs },
        fifo: true,
      }),
    ),
  );

describe('own runs through each preset and back', () => {
  it.each(shapes)(
    '$preset: check OK, and the same matched messages where the shape keeps enough',
    (shape) => {
      fc.assert(
        fc.property(runArbitrary, (run) => {
          const outDir = importShape(run, shape);
          const report = checkRun(outDir, { maxErrors: 5 });
          expect(report.violations).toEqual([]);
          expect(report.ok).toBe(true);
          if (shape.exact)
            expect(receivesOfImport(outDir, run.config.ratesMilliHz.length)).toEqual(
              receivesOfRun(run),
            );
        }),
        { numRuns: 12 },
      );
    },
  );

  it.each(shapes)(
    '$preset: a receive that forgets the + 1 fails check after the import too',
    (shape) => {
      fc.assert(
        fc.property(runArbitrary, (run) => {
          const broken = forgetReceiveIncrement(run);
          fc.pre(broken !== null);
          const report = checkRun(importShape(broken as MemoryRun, shape), { maxErrors: 5 });
          expect(report.ok).toBe(false);
        }),
        { numRuns: 8 },
      );
    },
  );
});

/**
 * The run with its first receive one short (max(previous, msg_clock), no + 1) and every later
 * event of that machine one short too, as an implementation with that bug logs them; null for
 * a run without receives.
 */
function forgetReceiveIncrement(run: MemoryRun): MemoryRun | null {
  const first = run.events.find((recorded) => recorded.event.kind === 'receive');
  if (first === undefined) return null;
  const events = run.events.map((recorded) => {
    const later = recorded.machineId === first.machineId && recorded.event.seq >= first.event.seq;
    if (!later) return recorded;
    const event = { ...recorded.event, clock: recorded.event.clock - 1 };
    return {
      ...recorded,
      event: event.kind === 'send' ? { ...event, messageClock: event.clock } : event,
    };
  });
  // Sends of that machine carry their clock: receives of them elsewhere carry it one short too.
  const shifted = new Set(
    events
      .filter(
        (recorded) =>
          recorded.machineId === first.machineId &&
          recorded.event.kind === 'send' &&
          recorded.event.seq > first.event.seq,
      )
      .map((recorded) => recorded.event.seq),
  );
  const fixed = events.map((recorded) =>
    recorded.event.kind === 'receive' &&
    recorded.event.senderId === first.machineId &&
    shifted.has(recorded.event.sendSeq)
      ? { ...recorded, event: { ...recorded.event, messageClock: recorded.event.messageClock - 1 } }
      : recorded,
  );
  return { ...run, events: fixed };
}

// A broadcast reaches every other machine: the writers above name them all.
void toEveryPeer;
