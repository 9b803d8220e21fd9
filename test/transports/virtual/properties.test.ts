/**
 * Lamport's rules and message conservation over random scenarios (fast-check): N 2..8, rates
 * 1..20 Hz, any internal probability, constant, uniform or exponential latency, FIFO or not.
 * Every generated run is checked by the rule oracle in helpers/run-rules.ts, and a failure
 * shrinks to a small scenario and prints fast-check's seed and path to replay it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { probabilityToFraction } from '../../../core/index.js';
import type { LatencyModel } from '../../../transports/latency.js';
import type { RunConfig } from '../../../transports/run-config.js';
import { runInMemory } from '../../helpers/memory-run.js';
import { brokenRules } from '../../helpers/run-rules.js';

const latencyArbitrary: fc.Arbitrary<LatencyModel> = fc.oneof(
  fc.record({ kind: fc.constant('constant' as const), us: fc.integer({ min: 0, max: 2_000_000 }) }),
  fc
    .tuple(fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 0, max: 1_000_000 }))
    .map(([a, b]) => ({ kind: 'uniform' as const, minUs: Math.min(a, b), maxUs: Math.max(a, b) })),
  fc.record({
    kind: fc.constant('exponential' as const),
    meanUs: fc.integer({ min: 0, max: 1_000_000 }),
  }),
);

const runConfigArbitrary: fc.Arbitrary<RunConfig> = fc.record({
  seed: fc.nat({ max: 0xffff_ffff }),
  ratesMilliHz: fc.array(
    fc.integer({ min: 1, max: 20 }).map((hz) => hz * 1000),
    { minLength: 2, maxLength: 8 },
  ),
  internalProbability: fc.integer({ min: 0, max: 100 }).map((n) => probabilityToFraction(n / 100)),
  durationUs: fc.integer({ min: 1, max: 40 }).map((sec) => sec * 1_000_000),
  latency: latencyArbitrary,
  fifo: fc.boolean(),
  faults: fc.constant([]),
});

describe('virtual runs of random scenarios', () => {
  it('obey every clock rule, deliver each message at most once, and conserve messages', () => {
    fc.assert(
      fc.property(runConfigArbitrary, (config) => {
        expect(brokenRules(runInMemory(config))).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });

  it('keep every channel FIFO when the latency is constant or FIFO is asked for', () => {
    // The oracle checks FIFO whenever the run promises it; here every run promises it.
    const fifoConfig = runConfigArbitrary.map((config) => ({ ...config, fifo: true }));
    fc.assert(
      fc.property(fifoConfig, (config) => {
        expect(brokenRules(runInMemory(config))).toEqual([]);
      }),
      { numRuns: 80 },
    );
  });
});

describe('the rule oracle', () => {
  it('catches a run whose receive ignored the message clock', () => {
    // Arrange: a real run with at least one receive.
    const run = runInMemory({
      seed: 5,
      ratesMilliHz: [6000, 1000],
      internalProbability: probabilityToFraction(0.1),
      durationUs: 20_000_000,
      latency: { kind: 'constant', us: 0 },
      fifo: false,
      faults: [],
    });
    const index = run.events.findIndex(({ event }) => event.kind === 'receive');
    expect(index).toBeGreaterThanOrEqual(0);
    // Act: break the rule in one event.
    const events = [...run.events];
    const original = events[index] as (typeof events)[number];
    events[index] = { ...original, event: { ...original.event, clock: original.event.clock + 5 } };
    // Assert
    expect(brokenRules({ ...run, events }).join('\n')).toMatch(/receive should give/);
  });

  it('catches a message received twice', () => {
    const run = runInMemory({
      seed: 9,
      ratesMilliHz: [3000, 3000],
      internalProbability: probabilityToFraction(0.5),
      durationUs: 10_000_000,
      latency: { kind: 'constant', us: 0 },
      fifo: false,
      faults: [],
    });
    const receive = run.events.find(({ event }) => event.kind === 'receive');
    expect(receive).toBeDefined();
    const events = [...run.events, receive as (typeof run.events)[number]];
    expect(brokenRules({ ...run, events }).join('\n')).toMatch(/twice/);
  });
});
