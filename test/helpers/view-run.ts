/**
 * A run made in memory (memory-run.ts, faulted-run.ts) as the viewer's data, and the log rows the
 * CLI would have written for it, so the model's tests compare with the CSV contract and with
 * core's vector clocks without writing files.
 */

import fc from 'fast-check';
import type { VectorClock } from '../../core/causality/vector-clock.js';
import {
  type StepSnapshot,
  vectorAfterLocalEvent,
  vectorAfterReceive,
  vectorZero,
} from '../../core/index.js';
import { eventToLogRow, logColumns } from '../../src/logs/format.js';
import {
  EventColumnsBuilder,
  type ViewData,
  viewDataFormat,
} from '../../src/view/model/view-data.js';
import { runWithFaults } from './faulted-run.js';
import { makeConfig, type RecordedEvent, runInMemory } from './memory-run.js';
import { faultedRunArbitrary, latencyArbitrary } from './random-faults.js';

export interface ViewRun {
  readonly data: ViewData;
  /** Per event index (machine, then log order): the CSV row's cells, as the CLI writes them. */
  readonly rows: readonly string[][];
  /** Per event index: its vector clock by core's rules (message vectors by msg_id). */
  readonly vectors: readonly VectorClock[];
}

/** The recorded events of a run of `machineCount` machines as ViewData, rows and vectors. */
export function viewRunOf(
  events: readonly RecordedEvent[],
  machineCount: number,
  durationUs: number,
  keep: (recorded: RecordedEvent) => boolean = () => true,
): ViewRun {
  const byMachine: RecordedEvent[][] = Array.from({ length: machineCount }, () => []);
  for (const recorded of events) if (keep(recorded)) byMachine[recorded.machineId]?.push(recorded);
  const builder = new EventColumnsBuilder(machineCount);
  const rows: string[][] = [];
  for (const list of byMachine) {
    for (const { machineId, timeUs, event } of list) {
      const row = eventToLogRow(machineId, timeUs, event, machineCount);
      const cells = logColumns.map((column) => String(row[column]));
      rows.push(cells);
      builder.add({
        machine: machineId,
        seq: event.seq,
        kind: event.kind,
        timeUs,
        clock: event.clock,
        queue: event.queueLength,
        peers: cells[6] as string,
        msgSender: event.senderId,
        msgSeq: event.sendSeq,
        msgClock: event.messageClock,
      });
    }
  }
  const data: ViewData = {
    format: viewDataFormat,
    title: 'memory run',
    mode: 'virtual',
    machineCount,
    ratesHz: new Array<number>(machineCount).fill(1),
    durationUs,
    seed: 1,
    completed: true,
    events: builder.build(),
    faults: [],
    summary: null,
    check: null,
    window:
      rows.length === events.length
        ? null
        : { fromUs: 0, untilUs: durationUs, totalEvents: events.length },
  };
  return { data, rows, vectors: vectorsOf(events, byMachine, machineCount) };
}

/** Vector clocks in the driver's order (a send always precedes its receives), then by index. */
function vectorsOf(
  events: readonly RecordedEvent[],
  byMachine: readonly RecordedEvent[][],
  machineCount: number,
): VectorClock[] {
  const current = Array.from({ length: machineCount }, () => vectorZero(machineCount));
  const sent = new Map<string, VectorClock>();
  const byEvent = new Map<StepSnapshot, VectorClock>();
  for (const { machineId, event } of events) {
    const before = current[machineId] as VectorClock;
    const key = `${event.senderId}-${event.sendSeq}`;
    const message = event.kind === 'receive' ? sent.get(key) : undefined;
    const after =
      message === undefined
        ? vectorAfterLocalEvent(before, machineId)
        : vectorAfterReceive(before, message, machineId);
    if (event.kind === 'send') sent.set(key, after);
    current[machineId] = after;
    byEvent.set(event, after);
  }
  return byMachine.flat().map(({ event }) => byEvent.get(event) as VectorClock);
}

/** A random fault-free run (2-5 machines, a few hundred events), decoded. */
export const faultFreeViewArbitrary: fc.Arbitrary<ViewRun> = fc
  .record({
    seed: fc.nat({ max: 0xffff_ffff }),
    ratesHz: fc.array(fc.integer({ min: 1, max: 8 }), { minLength: 2, maxLength: 5 }),
    internal: fc.integer({ min: 0, max: 9 }).map((n) => ({ numerator: n, denominator: 10 })),
    latency: latencyArbitrary,
    fifo: fc.boolean(),
  })
  .map(({ seed, ratesHz, internal, latency, fifo }) => {
    const run = runInMemory(
      makeConfig({ seed, ratesHz, internal, latency, fifo, durationSec: 12 }),
    );
    return viewRunOf(run.events, ratesHz.length, run.config.durationUs);
  });

/** A random run with a random list of every kind of fault (random-faults.ts), decoded. */
export const faultedViewArbitrary: fc.Arbitrary<ViewRun> = faultedRunArbitrary.map((config) => {
  const run = runWithFaults(config);
  return viewRunOf(run.events, config.ratesMilliHz.length, config.durationUs);
});
