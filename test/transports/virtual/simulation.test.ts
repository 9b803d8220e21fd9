/**
 * The scheduler's documented order, case by case: arrivals before ticks at one instant, ties
 * between ticks by machine id, zero-latency messages never seen at the instant they were sent,
 * every tick up to the duration made, late messages counted in flight, and slicing a run
 * changing nothing.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { copiesOf, probabilityToFraction, toEveryPeer } from '../../../core/index.js';
import { seededRngFactory } from '../../../transports/seeded-rng.js';
import { runVirtual, VirtualSimulation } from '../../../transports/virtual/simulation.js';
import {
  eventsByMachine,
  makeConfig,
  type RecordedEvent,
  receiversOf,
  recordingSink,
  runInMemory,
} from '../../helpers/memory-run.js';

const alwaysSend = probabilityToFraction(0);

/** Exact tick count within the duration: k with floor(k·1e9/R) <= D, by BigInt. */
function exactTickCount(rateMilliHz: number, durationUs: number): number {
  const bound = (BigInt(durationUs) + 1n) * BigInt(rateMilliHz);
  const count = (bound + 999_999_999n) / 1_000_000_000n - 1n;
  return Number(count);
}

describe('runVirtual', () => {
  it('delivers a message arriving exactly at a tick before that tick', () => {
    // Two machines that always send: m1 (2 Hz) sends at 0.5 s, arriving at m0 at 1.0 s, m0's tick.
    const run = runInMemory(
      makeConfig({
        ratesHz: [1, 2],
        internal: alwaysSend,
        latency: { kind: 'constant', us: 500_000 },
      }),
    );
    const [machine0 = []] = eventsByMachine(run);
    expect(machine0[0]).toMatchObject({ timeUs: 1_000_000, event: { kind: 'receive' } });
  });

  it('never lets a zero-latency message reach a machine ticking at the same instant', () => {
    // All at 1 Hz: every tick is at the same instants, so nothing may be received at send time.
    const run = runInMemory(
      makeConfig({ ratesHz: [1, 1, 1], internal: alwaysSend, durationSec: 30 }),
    );
    const sentAt = new Map<string, number>();
    for (const { timeUs, event } of run.events) {
      if (event.kind === 'send') sentAt.set(`${event.senderId}-${event.sendSeq}`, timeUs);
      if (event.kind === 'receive') {
        const key = `${event.senderId}-${event.sendSeq}`;
        expect(timeUs).toBeGreaterThan(sentAt.get(key) as number);
      }
    }
    // At t = 1 s all three act (queues empty); at t = 2 s every machine sent to at 1 s receives.
    const at = (timeUs: number) => run.events.filter((recorded) => recorded.timeUs === timeUs);
    const first = at(1_000_000);
    expect(first.map(({ event }) => event.kind)).toEqual(['send', 'send', 'send']);
    const mailed = new Set(
      first.flatMap(({ machineId, event }) => receiversOf(machineId, event, 3)),
    );
    for (const { machineId, event } of at(2_000_000)) {
      expect(event.kind).toBe(mailed.has(machineId) ? 'receive' : 'send');
    }
  });

  it('orders the events of one instant by machine id', () => {
    const run = runInMemory(makeConfig({ ratesHz: [2, 4, 2, 1], durationSec: 20 }));
    for (let i = 1; i < run.events.length; i += 1) {
      const previous = run.events[i - 1] as RecordedEvent;
      const current = run.events[i] as RecordedEvent;
      const inOrder =
        previous.timeUs < current.timeUs ||
        (previous.timeUs === current.timeUs && previous.machineId < current.machineId);
      expect(inOrder).toBe(true);
    }
  });

  it('makes every tick up to and including the duration, one event each', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 50_000 }), { minLength: 2, maxLength: 5 }),
        fc.integer({ min: 1, max: 5_000_000 }),
        (ratesMilliHz, durationUs) => {
          const config = { ...makeConfig(), ratesMilliHz, durationUs };
          const result = runVirtual(config, {
            sink: { record: () => {} },
            rngFor: seededRngFactory(1),
          });
          const expected = ratesMilliHz.map((rate) => exactTickCount(rate, durationUs));
          expect(result.machines.map((machine) => machine.events)).toEqual(expected);
        },
      ),
    );
  });

  it('counts messages still on the wire at the end as in flight', () => {
    // 10 s latency in a 5 s run: nothing can arrive.
    const run = runInMemory(
      makeConfig({
        internal: alwaysSend,
        durationSec: 5,
        latency: { kind: 'constant', us: 10_000_000 },
      }),
    );
    const sent = run.events.reduce(
      (sum, { event }) => sum + (event.kind === 'send' ? copiesOf(event, 3) : 0),
      0,
    );
    expect(sent).toBeGreaterThan(0);
    expect(run.result.machines.reduce((sum, machine) => sum + machine.inFlight, 0)).toBe(sent);
    expect(run.events.every(({ event }) => event.kind === 'send')).toBe(true);
    // Per receiver too: a broadcast still on the wire is one entry but N-1 messages.
    const addressed = [0, 0, 0];
    for (const { machineId, event } of run.events) {
      for (const receiverId of receiversOf(machineId, event, 3))
        addressed[receiverId] = (addressed[receiverId] ?? 0) + 1;
    }
    expect(run.events.some(({ event }) => event.kind === 'send' && event.to === toEveryPeer)).toBe(
      true,
    );
    expect(run.result.machines.map((machine) => machine.inFlight)).toEqual(addressed);
  });

  it('gives the same events however the run is sliced', () => {
    const config = makeConfig({
      ratesHz: [5, 3, 1],
      durationSec: 200,
      latency: { kind: 'uniform', minUs: 0, maxUs: 900_000 },
    });
    const whole = runInMemory(config).events;
    const sliced: RecordedEvent[] = [];
    const simulation = new VirtualSimulation(config, {
      sink: recordingSink(sliced),
      rngFor: seededRngFactory(config.seed),
    });
    while (!simulation.advance(7));
    expect(simulation.finish().events).toBe(whole.length);
    expect(sliced).toEqual(whole);
  });

  it('keeps a machine draws unchanged when another machine is added', () => {
    const actions = (ratesHz: number[]) =>
      eventsByMachine(
        runInMemory(makeConfig({ ratesHz, durationSec: 30, internal: probabilityToFraction(1) })),
      )[0]?.map(({ event }) => event.kind);
    // With p = 1 nobody sends, so machine 0's events depend only on its own stream.
    expect(actions([3, 3])).toEqual(actions([3, 3, 5, 2]));
  });
});
