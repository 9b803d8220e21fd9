/**
 * Goal: what the driver refuses (a programmer's config error stops it at once) and what a run
 * stopped between slices reports; the latency models' draws and descriptions; the broadcast
 * log's guards. Each is a case no correct whole run reaches.
 */
import { describe, expect, it } from 'vitest';
import { InvariantError, probabilityToFraction, type Rng } from '../../../core/index.js';
import { describeLatency, drawLatencyUs } from '../../../transports/latency.js';
import { seededRngFactory } from '../../../transports/seeded-rng.js';
import { BroadcastLog } from '../../../transports/virtual/broadcast-log.js';
import { runVirtual, VirtualSimulation } from '../../../transports/virtual/simulation.js';
import { makeConfig } from '../../helpers/memory-run.js';

function expectInvariant(call: () => unknown, message: string): void {
  expect(call).toThrowError(new InvariantError(message));
}

const deps = { sink: { record: () => {} }, rngFor: seededRngFactory(1) };

describe('VirtualSimulation guards', () => {
  it('refuses fewer than two machines, a duration that is not a positive integer, and a latency that is not a natural number', () => {
    expectInvariant(
      () => runVirtual({ ...makeConfig(), ratesMilliHz: [1000] }, deps),
      'need at least 2 machines, got 1',
    );
    for (const durationUs of [0, 1.5]) {
      expectInvariant(
        () => runVirtual({ ...makeConfig(), durationUs }, deps),
        'duration must be > 0',
      );
    }
    expect(runVirtual({ ...makeConfig(), durationUs: 1 }, deps).completed).toBe(true);
    const latency = 'latency must be a natural number of µs';
    expectInvariant(
      () => runVirtual(makeConfig({ latency: { kind: 'constant', us: 0.5 } }), deps),
      latency,
    );
    // A drawn latency below zero (a uniform range starting below 0) is caught at the send.
    const negative = makeConfig({
      internal: probabilityToFraction(0),
      latency: { kind: 'uniform', minUs: -5, maxUs: -1 },
    });
    expectInvariant(() => runVirtual(negative, deps), latency);
  });

  it('reports where a run stopped between slices: its events, its last instant, not completed', () => {
    const simulation = new VirtualSimulation(makeConfig({ ratesHz: [1, 2] }), deps);
    expect(simulation.timeUs).toBe(-1);
    expect(simulation.events).toBe(0);
    expect(simulation.advance(4)).toBe(false);
    expect(simulation.events).toBe(4);
    // Ticks at 0.5 s (m1), 1 s (m0, m1), 1.5 s (m1): the fourth event is at 1.5 s.
    expect(simulation.timeUs).toBe(1_500_000);
    const result = simulation.finish();
    expect(result).toMatchObject({ completed: false, durationUs: 1_500_000, events: 4 });
    // A simulation that ran nothing ends at 0.
    expect(new VirtualSimulation(makeConfig(), deps).finish().durationUs).toBe(0);
    const done = new VirtualSimulation(makeConfig({ durationSec: 2 }), deps);
    while (!done.advance(3));
    expect(done.advance(3)).toBe(true);
    expect(done.finish()).toMatchObject({ completed: true, durationUs: 2_000_000 });
  });
});

describe('latency models', () => {
  const fixed = (value: number): Rng => ({ nextU32: () => value });

  it('draw a constant, a uniform integer, or an exponential from (0, 1]', () => {
    expect(drawLatencyUs({ kind: 'constant', us: 7 }, fixed(0))).toBe(7);
    expect(drawLatencyUs({ kind: 'uniform', minUs: 10, maxUs: 12 }, fixed(4))).toBe(11);
    // u = (draw + 1) / 2^32: the largest draw gives u = 1 and no delay, the smallest the longest.
    // (Rounded -0 here: the same instant as 0 once added to a time.)
    expect(Math.abs(drawLatencyUs({ kind: 'exponential', meanUs: 1000 }, fixed(0xffff_ffff)))).toBe(
      0,
    );
    expect(drawLatencyUs({ kind: 'exponential', meanUs: 1000 }, fixed(0))).toBe(
      Math.round(-1000 * Math.log(1 / 2 ** 32)),
    );
    expect(drawLatencyUs({ kind: 'exponential', meanUs: 1000 }, fixed(2 ** 31 - 1))).toBe(
      Math.round(1000 * Math.LN2),
    );
  });

  it('describe themselves in milliseconds', () => {
    expect(describeLatency({ kind: 'constant', us: 1500 })).toBe('constant 1.5 ms');
    expect(describeLatency({ kind: 'uniform', minUs: 0, maxUs: 250_000 })).toBe('uniform 0-250 ms');
    expect(describeLatency({ kind: 'exponential', meanUs: 40_000 })).toBe(
      'exponential, mean 40 ms',
    );
    const odd = { kind: 'odd' } as never;
    expectInvariant(() => describeLatency(odd), 'unexpected latency model: {"kind":"odd"}');
    expectInvariant(() => drawLatencyUs(odd, fixed(0)), 'unexpected latency model: {"kind":"odd"}');
  });
});

describe('BroadcastLog guards', () => {
  it('refuses an entry it no longer keeps, and a reader cursor outside the log', () => {
    const log = new BroadcastLog(2, () => 0);
    expectInvariant(() => log.slotOf(0), 'broadcast not kept');
    log.append(0, 1, 1, 1);
    expect(log.slotOf(0)).toBe(0);
    expectInvariant(() => log.slotOf(1), 'broadcast not kept');
    expectInvariant(() => log.slotOf(-1), 'broadcast not kept');
    const lost = new BroadcastLog(2, () => 1000);
    for (let i = 0; i < 64; i += 1) lost.append(0, i + 1, i + 1, i + 1);
    expectInvariant(() => lost.append(0, 65, 65, 65), 'a cursor outside the log');
    const behind = new BroadcastLog(2, () => -1);
    for (let i = 0; i < 64; i += 1) behind.append(0, i + 1, i + 1, i + 1);
    expectInvariant(() => behind.append(0, 65, 65, 65), 'a cursor outside the log');
  });

  it('frees what every reader has read before it grows, and grows when that is not half', () => {
    let oldest = 0;
    const log = new BroadcastLog(2, () => oldest);
    for (let i = 0; i < 64; i += 1) log.append(0, i + 1, i + 1, i + 1);
    // Everything read but the last entry: room again without growing, the entry moves on.
    oldest = 63;
    log.append(0, 65, 65, 65);
    expect(log.entries.length).toBe(64 * 4);
    expect(log.slotOf(64)).toBe(0);
    expectInvariant(() => log.slotOf(62), 'broadcast not kept');
    // Nothing more read: the log doubles and keeps every entry from 63 on.
    for (let i = 65; i < 127; i += 1) log.append(0, i + 1, i + 1, i + 1);
    log.append(0, 128, 128, 128);
    expect(log.entries.length).toBe(128 * 4);
    expect(log.entries[log.slotOf(63) + 1]).toBe(64);
    // Exactly half read: enough, no growth.
    const half = new BroadcastLog(2, () => 32);
    for (let i = 0; i < 65; i += 1) half.append(0, i + 1, i + 1, i + 1);
    expect(half.entries.length).toBe(64 * 4);
  });
});
