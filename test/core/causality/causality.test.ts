/**
 * The causality tracker against brute force. On random small runs, every event's vector clock is
 * computed with the core's vector rules; then, by brute force over all pairs: the height (longest
 * causal chain ending at each event), the ordered and concurrent pairs and the equal-clock pairs.
 * The tracker's one-pass figures must match exactly, and its heights must equal the Lamport
 * clocks (the clock condition, exactly) and the brute-force longest chains.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CausalityTracker,
  copiesOf,
  happenedBefore,
  probabilityToFraction,
  type VectorClock,
  vectorAfterLocalEvent,
  vectorAfterReceive,
  vectorZero,
} from '../../../core/index.js';
import type { RunConfig } from '../../../transports/run-config.js';
import { runInMemory } from '../../helpers/memory-run.js';

interface Analysed {
  readonly machineId: number;
  readonly lamport: number;
  readonly vector: VectorClock;
  readonly trackerHeight: number;
}

function analyse(config: RunConfig): { events: Analysed[]; tracker: CausalityTracker } {
  const run = runInMemory(config);
  const machineCount = config.ratesMilliHz.length;
  const tracker = new CausalityTracker(machineCount);
  const vectors = Array.from({ length: machineCount }, () => vectorZero(machineCount));
  const sentVectors = new Map<string, VectorClock>();
  const events = run.events.map(({ machineId, event }): Analysed => {
    let vector: VectorClock;
    let trackerHeight: number;
    if (event.kind === 'receive') {
      const key = `${event.senderId}-${event.sendSeq}`;
      vector = vectorAfterReceive(
        vectors[machineId] as VectorClock,
        sentVectors.get(key) as VectorClock,
        machineId,
      );
      trackerHeight = tracker.receive(machineId, event.clock, event.senderId, event.sendSeq);
    } else {
      vector = vectorAfterLocalEvent(vectors[machineId] as VectorClock, machineId);
      if (event.kind === 'send') {
        sentVectors.set(`${machineId}-${event.seq}`, vector);
        trackerHeight = tracker.send(
          machineId,
          event.clock,
          event.seq,
          copiesOf(event, machineCount),
        );
      } else {
        trackerHeight = tracker.local(machineId, event.clock);
      }
    }
    vectors[machineId] = vector;
    return { machineId, lamport: event.clock, vector, trackerHeight };
  });
  return { events, tracker };
}

const smallRun: fc.Arbitrary<RunConfig> = fc.record({
  seed: fc.nat({ max: 0xffff_ffff }),
  ratesMilliHz: fc.array(
    fc.integer({ min: 1, max: 8 }).map((hz) => hz * 1000),
    { minLength: 2, maxLength: 5 },
  ),
  internalProbability: fc.integer({ min: 0, max: 10 }).map((n) => probabilityToFraction(n / 10)),
  durationUs: fc.integer({ min: 1, max: 12 }).map((sec) => sec * 1_000_000),
  latency: fc.oneof(
    fc.constant({ kind: 'constant' as const, us: 0 }),
    fc.record({
      kind: fc.constant('uniform' as const),
      minUs: fc.constant(0),
      maxUs: fc.integer({ min: 0, max: 3_000_000 }),
    }),
  ),
  fifo: fc.boolean(),
  faults: fc.constant([]),
});

describe('CausalityTracker', () => {
  it('gives every event a height equal to its Lamport clock and its longest causal chain', () => {
    fc.assert(
      fc.property(smallRun, (config) => {
        const { events } = analyse(config);
        events.forEach((b, index) => {
          let longest = 0;
          for (let i = 0; i < index; i += 1) {
            const a = events[i] as Analysed;
            if (happenedBefore(a.vector, b.vector) && a.trackerHeight > longest)
              longest = a.trackerHeight;
          }
          expect(b.trackerHeight).toBe(longest + 1);
          expect(b.lamport).toBe(b.trackerHeight);
        });
      }),
      { numRuns: 60 },
    );
  });

  it('counts ordered, concurrent and equal-clock pairs exactly as brute force does', () => {
    fc.assert(
      fc.property(smallRun, (config) => {
        const { events, tracker } = analyse(config);
        let ordered = 0;
        let equalClocks = 0;
        let longestChain = 0;
        for (let i = 0; i < events.length; i += 1) {
          const a = events[i] as Analysed;
          longestChain = Math.max(longestChain, a.trackerHeight);
          for (let j = i + 1; j < events.length; j += 1) {
            const b = events[j] as Analysed;
            if (happenedBefore(a.vector, b.vector) || happenedBefore(b.vector, a.vector))
              ordered += 1;
            if (a.lamport === b.lamport) equalClocks += 1;
          }
        }
        const pairs = (events.length * (events.length - 1)) / 2;
        expect(tracker.stats()).toEqual({
          events: events.length,
          longestChain,
          orderedPairs: ordered,
          concurrentPairs: pairs - ordered,
          lamportOrderedConcurrentPairs: pairs - ordered - equalClocks,
          equalClockPairs: equalClocks,
          method: 'exact',
          vectorMachines: config.ratesMilliHz.length,
        });
      }),
      { numRuns: 60 },
    );
  });

  // Runs long enough for clocks to pass the count ring many times over, one machine lagging
  // further and further behind (its queue grows): the counts it drops must be only dead ones.
  it('counts equal-clock pairs exactly on long runs with a machine that lags', () => {
    const longRun = fc.record({
      seed: fc.nat({ max: 0xffff_ffff }),
      ratesMilliHz: fc.constantFrom([1000, 7000, 6000], [500, 3000, 4000, 6000]),
      internalProbability: fc.integer({ min: 0, max: 8 }).map((n) => probabilityToFraction(n / 10)),
      durationUs: fc.constant(1500 * 1_000_000),
      latency: fc.constant({ kind: 'constant' as const, us: 0 }),
      fifo: fc.constant(true),
      faults: fc.constant([]),
    });
    fc.assert(
      fc.property(longRun, (config: RunConfig) => {
        const run = runInMemory(config);
        const machineCount = config.ratesMilliHz.length;
        const tracker = new CausalityTracker(machineCount);
        const perClock = new Map<number, number>();
        let equalClocks = 0;
        for (const { machineId, event } of run.events) {
          equalClocks += perClock.get(event.clock) ?? 0;
          perClock.set(event.clock, (perClock.get(event.clock) ?? 0) + 1);
          if (event.kind === 'receive')
            tracker.receive(machineId, event.clock, event.senderId, event.sendSeq);
          else if (event.kind === 'send')
            tracker.send(machineId, event.clock, event.seq, copiesOf(event, machineCount));
          else tracker.local(machineId, event.clock);
        }
        expect(Math.max(...perClock.keys())).toBeGreaterThan(8 * 1024);
        expect(tracker.stats().equalClockPairs).toBe(equalClocks);
      }),
      { numRuns: 8 },
    );
  });

  it('labels the pair counts as sampled beyond 512 machines', () => {
    const tracker = new CausalityTracker(600);
    tracker.local(0, 1);
    expect(tracker.stats()).toMatchObject({ method: 'sampled', vectorMachines: 512 });
  });
});
