/**
 * The run statistics a run's table and manifest are made from: each row kind counted where it
 * belongs, a restart row counted apart from the model's events, and the clock jump measured
 * from the row before (a restart's clock included).
 */
import { describe, expect, it } from 'vitest';
import { type RowKind, StepEvent, toEveryPeer } from '../../../core/index.js';
import { RunStatsSink } from '../../../src/logs/run-stats.js';

function row(kind: RowKind, clock: number, fields: Partial<StepEvent> = {}): StepEvent {
  return Object.assign(new StepEvent(), { kind, clock, ...fields });
}

describe('RunStatsSink', () => {
  it('counts each row kind per machine, restarts apart from the events', () => {
    const sink = new RunStatsSink(3);
    sink.record(1, 0, row('internal', 1));
    sink.record(1, 1, row('send', 2, { to: toEveryPeer }));
    sink.record(1, 2, row('send', 3, { to: 0 }));
    sink.record(1, 3, row('receive', 9, { queueLength: 4 }));
    sink.record(1, 4, row('restart', 0));
    sink.record(1, 5, row('receive', 5, { queueLength: 2 }));
    sink.record(2, 6, row('internal', 1));
    const [zero, one, two] = sink.perMachine();
    expect(one).toEqual({
      events: { internal: 1, send: 2, receive: 2 },
      // 9 after 3: a jump of 5; 5 after the restart's 0: 4.
      clockJumpMax: 5,
      queueLengthMax: 4,
      lastClock: 5,
      messagesSent: 3,
      restarts: 1,
    });
    expect(two?.events).toEqual({ internal: 1, send: 0, receive: 0 });
    expect(two?.restarts).toBe(0);
    expect(zero?.events).toEqual({ internal: 0, send: 0, receive: 0 });
  });

  it('counts a restart that comes after many rows of every other kind', () => {
    // The first restart of a long run takes a path the run has not taken before (see record).
    const sink = new RunStatsSink(2);
    for (let clock = 1; clock <= 30_000; clock += 3) {
      sink.record(0, clock, row('internal', clock));
      sink.record(0, clock + 1, row('send', clock + 1, { to: 1 }));
      sink.record(0, clock + 2, row('receive', clock + 2));
    }
    sink.record(0, 40_000, row('restart', 0));
    sink.record(0, 40_001, row('restart', 0));
    const [zero] = sink.perMachine();
    expect(zero?.restarts).toBe(2);
    expect(zero?.events).toEqual({ internal: 10_000, send: 10_000, receive: 10_000 });
    expect(zero?.lastClock).toBe(0);
  });
});
