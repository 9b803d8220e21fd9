/**
 * Goal: the fault rules of the virtual driver hold on random runs with random fault lists of
 * every kind (test/helpers/random-faults.ts): the message ledger balances and agrees with the
 * evidence, a crashed machine makes no event, no copy crosses an active partition, fifo holds
 * under faults, corrupt rows match the send rows, restart rows follow their rule, a fault that
 * never fired changes nothing, and faults that cannot fire give exactly the fault-free run.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clockAfterRestart, probabilityToFraction } from '../../../core/index.js';
import {
  type FaultConfig,
  type FaultEvidence,
  openEndUs,
} from '../../../transports/fault-config.js';
import type { RunConfig } from '../../../transports/run-config.js';
import {
  type FaultedMemoryRun,
  faultList,
  rowText,
  runWithFaults,
} from '../../helpers/faulted-run.js';
import { receiversOf, runInMemory } from '../../helpers/memory-run.js';
import { faultedRunArbitrary, latencyArbitrary } from '../../helpers/random-faults.js';

const runs = { numRuns: 150 };

function copiesSent(run: FaultedMemoryRun): number {
  const machineCount = run.config.ratesMilliHz.length;
  return run.events.reduce(
    (total, row) => total + receiversOf(row.machineId, row.event, machineCount).length,
    0,
  );
}

/** Per machine, its down intervals [crash, restart) (restart: +Infinity when none). */
function downIntervals(faults: readonly FaultConfig[], machineCount: number): [number, number][][] {
  const intervals: [number, number][][] = Array.from({ length: machineCount }, () => []);
  const changes = faults
    .filter((fault) => fault.kind === 'crash' || fault.kind === 'restart')
    .sort((a, b) => a.atUs - b.atUs);
  for (const change of changes) {
    const list = intervals[change.machine] as [number, number][];
    if (change.kind === 'crash') list.push([change.atUs, Number.POSITIVE_INFINITY]);
    else (list[list.length - 1] as [number, number])[1] = change.atUs;
  }
  return intervals;
}

const sendTimes = (run: FaultedMemoryRun): Map<string, number> =>
  new Map(
    run.events
      .filter((row) => row.event.kind === 'send')
      .map((row) => [`${row.machineId}-${row.event.seq}`, row.timeUs]),
  );

describe('virtual runs with random faults', () => {
  it('balance the ledger, and the tally counts exactly the evidence, reported in time order', () => {
    fc.assert(
      fc.property(faultedRunArbitrary, (config) => {
        const run = runWithFaults(config);
        const tally = run.result.faults;
        // The arbitrary may draw no fault at all (seed -389358055 did): such a run has no tally,
        // as a fault-free run writes exactly what it did before faults existed.
        if (config.faults.length === 0) {
          expect(tally).toBeUndefined();
          return;
        }
        expect(tally).toBeDefined();
        if (tally === undefined) return;
        const received = run.events.filter((row) => row.event.kind === 'receive').length;
        const queued = run.result.machines.reduce((sum, machine) => sum + machine.queueLength, 0);
        const inFlight = run.result.machines.reduce((sum, machine) => sum + machine.inFlight, 0);
        expect(copiesSent(run) + tally.duplicated).toBe(
          received + queued + inFlight + tally.dropped,
        );
        const count = (test: (row: FaultEvidence) => boolean) => run.evidence.filter(test).length;
        expect(tally.duplicated).toBe(count((row) => row.action === 'duplicate'));
        for (const reason of ['loss', 'partition', 'crash'] as const) {
          expect(tally.droppedBy[reason]).toBe(
            count((row) => row.action === 'drop' && row.reason === reason),
          );
        }
        expect(tally.fired).toEqual(
          config.faults.map((fault) => count((row) => row.faultIndex === fault.index)),
        );
        for (let at = 1; at < run.evidence.length; at += 1) {
          expect((run.evidence[at] as FaultEvidence).timeUs).toBeGreaterThanOrEqual(
            (run.evidence[at - 1] as FaultEvidence).timeUs,
          );
        }
        // Every event is counted; restart rows are events too.
        expect(run.result.events).toBe(run.events.length);
        expect(tally.restarts.reduce((sum, n) => sum + n, 0)).toBe(
          run.events.filter((row) => row.event.kind === 'restart').length,
        );
      }),
      runs,
    );
  });

  it('let a crashed machine make no event until its restart row, and no paused one either', () => {
    fc.assert(
      fc.property(faultedRunArbitrary, (config) => {
        const run = runWithFaults(config);
        const machineCount = config.ratesMilliHz.length;
        const down = downIntervals(config.faults, machineCount);
        const pauses = config.faults.filter((fault) => fault.kind === 'pause');
        for (const row of run.events) {
          for (const [crashUs, restartUs] of down[row.machineId] ?? []) {
            if (row.timeUs === restartUs) expect(row.event.kind).toBe('restart');
            else expect(row.timeUs >= crashUs && row.timeUs < restartUs).toBe(false);
          }
          for (const pause of pauses) {
            if (pause.machine === row.machineId)
              expect(row.timeUs >= pause.atUs && row.timeUs < pause.untilUs).toBe(false);
          }
          if (row.event.kind === 'restart')
            expect(down[row.machineId]?.some(([, restartUs]) => restartUs === row.timeUs)).toBe(
              true,
            );
        }
      }),
      runs,
    );
  });

  it('never deliver a copy sent across an active partition; fifo channels stay in order', () => {
    fc.assert(
      fc.property(faultedRunArbitrary, (config) => {
        const run = runWithFaults(config);
        const sentAt = sendTimes(run);
        const partitions = config.faults.filter((fault) => fault.kind === 'partition');
        const lastSeq = new Map<string, number>();
        for (const row of run.events) {
          if (row.event.kind !== 'receive') continue;
          const from = row.event.senderId;
          const timeUs = sentAt.get(`${from}-${row.event.sendSeq}`) as number;
          expect(timeUs).toBeDefined();
          for (const cut of partitions) {
            if (timeUs < cut.atUs || timeUs >= cut.untilUs) continue;
            const groupOf = (id: number) => cut.groups.findIndex((group) => group.includes(id));
            const across = cut.oneWay
              ? groupOf(from) < groupOf(row.machineId)
              : groupOf(from) !== groupOf(row.machineId);
            expect(across).toBe(false);
          }
          if (config.fifo) {
            const channel = `${from}>${row.machineId}`;
            expect(row.event.sendSeq).toBeGreaterThanOrEqual(lastSeq.get(channel) ?? 0);
            lastSeq.set(channel, row.event.sendSeq);
          }
        }
      }),
      runs,
    );
  });

  it('log the true clock and carry the lie: corrupt rows match the send rows, one per copy', () => {
    fc.assert(
      fc.property(faultedRunArbitrary, (config) => {
        const run = runWithFaults(config);
        const machineCount = config.ratesMilliHz.length;
        const corrupt = new Map<string, FaultEvidence & { action: 'corrupt' }>();
        for (const row of run.evidence) {
          if (row.action === 'corrupt')
            corrupt.set(`${row.senderId}-${row.sendSeq}>${row.receiverId}`, row);
        }
        let lied = 0;
        for (const row of run.events) {
          if (row.event.kind !== 'send') continue;
          for (const to of receiversOf(row.machineId, row.event, machineCount)) {
            const evidence = corrupt.get(`${row.machineId}-${row.event.seq}>${to}`);
            if (evidence === undefined) {
              expect(row.event.messageClock).toBe(row.event.clock);
              continue;
            }
            lied += 1;
            expect([evidence.trueClock, evidence.carriedClock]).toEqual([
              row.event.clock,
              row.event.messageClock,
            ]);
            expect(evidence.timeUs).toBe(row.timeUs);
          }
        }
        expect(lied).toBe(corrupt.size);
      }),
      runs,
    );
  });

  it('give each restart row the next seq and the clock its rule makes of the last clock', () => {
    fc.assert(
      fc.property(faultedRunArbitrary, (config) => {
        const run = runWithFaults(config);
        const last = new Map<number, { seq: number; clock: number }>();
        for (const row of run.events) {
          const before = last.get(row.machineId) ?? { seq: 0, clock: 0 };
          if (row.event.kind === 'restart') {
            const fault = config.faults.find(
              (candidate) =>
                candidate.kind === 'restart' &&
                candidate.machine === row.machineId &&
                candidate.atUs === row.timeUs,
            );
            expect(fault?.kind).toBe('restart');
            if (fault?.kind !== 'restart') return;
            expect(row.event.seq).toBe(before.seq + 1);
            expect(row.event.clock).toBe(clockAfterRestart(before.clock, fault.clock));
          } else {
            expect(row.event.seq).toBe(before.seq + 1);
          }
          last.set(row.machineId, { seq: row.event.seq, clock: row.event.clock });
        }
      }),
      runs,
    );
  });

  it('do not depend on how the run was sliced', () => {
    fc.assert(
      fc.property(faultedRunArbitrary, fc.integer({ min: 1, max: 40 }), (config, slice) => {
        const whole = runWithFaults(config);
        const sliced = runWithFaults(config, { sliceEvents: slice });
        expect(sliced.events.map(rowText)).toEqual(whole.events.map(rowText));
        expect(sliced.evidence).toEqual(whole.evidence);
        expect(sliced.result).toEqual(whole.result);
      }),
      { numRuns: 60 },
    );
  });

  it('are unchanged when a fault that never fired is removed (the others keep their streams)', () => {
    fc.assert(
      fc.property(faultedRunArbitrary, fc.nat(), (config, pick) => {
        const run = runWithFaults(config);
        const idle = config.faults.filter((fault) => run.result.faults?.fired[fault.index] === 0);
        fc.pre(idle.length > 0);
        const removed = idle[pick % idle.length] as FaultConfig;
        const kept = config.faults.filter((fault) => fault !== removed);
        // Reindexed as src/ would: positions move, streams (named by content) do not.
        const reindexed = kept.map((fault, index) => ({ ...fault, index }));
        const without = runWithFaults({ ...config, faults: reindexed });
        expect(without.events.map(rowText)).toEqual(run.events.map(rowText));
        const newIndex = (index: number) => (index > removed.index ? index - 1 : index);
        expect(without.evidence).toEqual(
          run.evidence.map((row) => ({ ...row, faultIndex: newIndex(row.faultIndex) })),
        );
      }),
      runs,
    );
  });
});

describe('faults that cannot fire', () => {
  // A run through the faulted loop whose faults never act: loss and duplicate at p = 0 on every
  // link, and every other kind starting after the run's end. It must make exactly the events of
  // the fault-free loop, which it replaces: the same order within instants, latencies, FIFO.
  const fillerOf = (config: RunConfig): FaultConfig[] => {
    const all = config.ratesMilliHz.map((_, id) => id);
    const after = config.durationUs + 1;
    const zero = probabilityToFraction(0);
    return faultList([
      { kind: 'loss', p: zero, from: all, to: all, atUs: 0, untilUs: openEndUs },
      { kind: 'duplicate', p: zero, from: all, to: all, atUs: 0, untilUs: openEndUs },
      { kind: 'delay', extraUs: 1, from: all, to: all, atUs: after, untilUs: openEndUs },
      {
        kind: 'partition',
        groups: [[0], all.slice(1)],
        oneWay: false,
        atUs: after,
        untilUs: openEndUs,
      },
      { kind: 'crash', machine: 0, atUs: after, inbox: 'drop' },
      { kind: 'pause', machine: 1, atUs: after, untilUs: after + 5 },
      { kind: 'rate', machine: 0, atUs: after, rateMilliHz: 1000 },
      {
        kind: 'corrupt-clock',
        machine: 1,
        atUs: after,
        untilUs: openEndUs,
        countMax: null,
        change: { kind: 'add', by: 1 },
      },
    ]);
  };

  const plainRun: fc.Arbitrary<RunConfig> = fc.record({
    seed: fc.nat({ max: 0xffff_ffff }),
    ratesMilliHz: fc.array(fc.integer({ min: 300, max: 12_000 }), { minLength: 2, maxLength: 7 }),
    internalProbability: fc.integer({ min: 0, max: 10 }).map((n) => probabilityToFraction(n / 10)),
    durationUs: fc.integer({ min: 1, max: 30 }).map((sec) => sec * 1_000_000),
    latency: latencyArbitrary,
    fifo: fc.boolean(),
    faults: fc.constant([]),
  });

  it('give exactly the events, ends and counts of the fault-free driver', () => {
    fc.assert(
      fc.property(plainRun, (config) => {
        const plain = runInMemory(config);
        const faulted = runWithFaults({ ...config, faults: fillerOf(config) });
        expect(faulted.evidence).toEqual([]);
        expect(faulted.events.map(rowText)).toEqual(plain.events.map(rowText));
        expect(faulted.events.map((row) => row.event)).toEqual(
          plain.events.map((row) => row.event),
        );
        const { faults, ...rest } = faulted.result;
        expect(rest).toEqual(plain.result);
        expect(faults?.fired).toEqual(new Array(8).fill(0));
        expect(plain.result.faults).toBeUndefined();
      }),
      runs,
    );
  });
});
