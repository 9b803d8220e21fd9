/**
 * Goal: each fault kind's exact effect in the virtual driver (issue 18), on runs small enough
 * to follow by hand. With internal probability 0 a machine sends at every tick its queue is
 * empty and receives otherwise, so each run below is worked out in its comments; the rows
 * and the evidence are asserted whole.
 */
import { describe, expect, it } from 'vitest';
import { probabilityToFraction, type Rng } from '../../../core/index.js';
import type { FaultConfig } from '../../../transports/fault-config.js';
import type { RunConfig } from '../../../transports/run-config.js';
import { type RngFactory, seededRngFactory } from '../../../transports/seeded-rng.js';
import {
  evidenceText,
  type FaultSpec,
  faultList,
  rowText,
  runWithFaults,
  secUs,
  wholeRun,
} from '../../helpers/faulted-run.js';
import { makeConfig, receiversOf } from '../../helpers/memory-run.js';

const always = probabilityToFraction(1);
const never = probabilityToFraction(0);

/** Machines that never choose an internal event: they send whenever their queue is empty. */
function senders(ratesHz: number[], durationSec: number, specs: FaultSpec[]): RunConfig {
  return {
    ...makeConfig({ ratesHz, internal: never, durationSec }),
    faults: faultList(specs),
  };
}

const rowsOf = (run: ReturnType<typeof runWithFaults>, machineId?: number): string[] =>
  run.events.filter((row) => machineId === undefined || row.machineId === machineId).map(rowText);

const evidenceOf = (run: ReturnType<typeof runWithFaults>): string[] =>
  run.evidence.map(evidenceText);

/** Copies sent (a broadcast to k peers is k copies), from the rows. */
function copiesSent(run: ReturnType<typeof runWithFaults>): number {
  const machineCount = run.config.ratesMilliHz.length;
  return run.events.reduce(
    (total, row) => total + receiversOf(row.machineId, row.event, machineCount).length,
    0,
  );
}

/** sent + duplicated = received + queued + in flight + dropped, from rows and the result. */
function expectLedgerBalances(run: ReturnType<typeof runWithFaults>): void {
  const faults = run.result.faults;
  expect(faults).toBeDefined();
  const received = run.events.filter((row) => row.event.kind === 'receive').length;
  const queued = run.result.machines.reduce((total, machine) => total + machine.queueLength, 0);
  const inFlight = run.result.machines.reduce((total, machine) => total + machine.inFlight, 0);
  expect(copiesSent(run) + (faults?.duplicated ?? 0)).toBe(
    received + queued + inFlight + (faults?.dropped ?? 0),
  );
}

describe('loss', () => {
  it('drops the matching copy sent in its window, with one drop row, and nothing else', () => {
    // 1 s: both send (0-1 to m1 is lost). From then on m1's queue stays empty: it sends every
    // second, and m0 receives every second.
    const run = runWithFaults(
      senders([1, 1], 4, [
        { kind: 'loss', p: always, from: [0], to: [1], atUs: 0, untilUs: secUs(1.5) },
      ]),
    );
    expect(evidenceOf(run)).toEqual(['1s drop #0 0-1>1 loss']);
    expect(rowsOf(run, 1)).toEqual([
      'm1 1s send #1 c1 to 0 (mc 1)',
      'm1 2s send #2 c2 to 0 (mc 2)',
      'm1 3s send #3 c3 to 0 (mc 3)',
      'm1 4s send #4 c4 to 0 (mc 4)',
    ]);
    expect(run.result.faults).toEqual({
      duplicated: 0,
      dropped: 1,
      droppedBy: { loss: 1, partition: 0, crash: 0 },
      restarts: [0, 0],
      fired: [1],
    });
    expectLedgerBalances(run);
  });

  it('tosses its coin once for every copy it matches, even one an earlier fault dropped', () => {
    // A partition of m0 from m1 for the whole run drops every copy first; the loss and the
    // duplicate after it still toss once per copy (p = 1/2: one u32 per toss), so their streams
    // never depend on the faults before them.
    const draws = new Map<string, number>();
    const base = seededRngFactory(3);
    const counting: RngFactory = (stream) => {
      const rng = base(stream);
      return {
        nextU32: (): number => {
          draws.set(stream, (draws.get(stream) ?? 0) + 1);
          return rng.nextU32();
        },
      } satisfies Rng;
    };
    const half = probabilityToFraction(0.5);
    const config = senders([1, 3], 10, [
      { kind: 'partition', groups: [[0], [1]], oneWay: false, ...wholeRun },
      { kind: 'loss', p: half, from: [0, 1], to: [0, 1], ...wholeRun },
      { kind: 'duplicate', p: half, from: [0, 1], to: [0, 1], ...wholeRun },
    ]);
    const run = runWithFaults(config, { rngFor: counting });
    const copies = copiesSent(run);
    expect(copies).toBeGreaterThan(20);
    expect(run.evidence.filter((row) => row.action === 'drop')).toHaveLength(copies);
    const [, loss, duplicate] = config.faults as FaultConfig[];
    expect(draws.get(loss?.stream ?? '')).toBe(copies);
    expect(draws.get(duplicate?.stream ?? '')).toBe(copies);
    // Dropped copies leave only their drop: no duplicate row although coins came up.
    expect(run.evidence.every((row) => row.action !== 'duplicate')).toBe(true);
  });
});

describe('duplicate', () => {
  it('delivers the copy twice: a second receive with the same msg_id', () => {
    // 1 s: 0-1 is duplicated. 2 s: m0 takes 1-1, m1 takes 0-1 (one copy left). 3 s: m0's queue
    // is empty, it sends 0-3; m1 takes 0-1 again. 4 s: m0 sends 0-4, m1 takes 0-3.
    const run = runWithFaults(
      senders([1, 1], 4, [
        { kind: 'duplicate', p: always, from: [0], to: [1], atUs: 0, untilUs: secUs(1.5) },
      ]),
    );
    expect(evidenceOf(run)).toEqual(['1s duplicate #0 0-1>1']);
    expect(rowsOf(run, 1)).toEqual([
      'm1 1s send #1 c1 to 0 (mc 1)',
      'm1 2s receive #2 c2 from 0-1 (mc 1)',
      'm1 3s receive #3 c3 from 0-1 (mc 1)',
      'm1 4s receive #4 c4 from 0-3 (mc 3)',
    ]);
    expect(run.result.faults?.duplicated).toBe(1);
    expectLedgerBalances(run);
  });
});

describe('delay', () => {
  // m0 (2 Hz) sends at every tick; m1 (1 Hz) always has a queue, so it only receives. The
  // copy 0-1 sent at 0.5 s is held 1.2 s: it arrives at 1.7 s instead of at once.
  const delayed: FaultSpec = {
    kind: 'delay',
    extraUs: secUs(1.2),
    from: [0],
    to: [1],
    atUs: secUs(0.4),
    untilUs: secUs(0.6),
  };
  const receivedFrom0 = (run: ReturnType<typeof runWithFaults>): string[] =>
    run.events
      .filter((row) => row.machineId === 1 && row.event.kind === 'receive')
      .map((row) => `${row.timeUs / 1e6}s 0-${row.event.sendSeq}`);

  it('holds the copy, and lets later copies overtake it without fifo', () => {
    const run = runWithFaults(senders([2, 1], 3, [delayed]));
    expect(evidenceOf(run)).toEqual(['0.5s delay #0 0-1>1 +1200000us']);
    // 1 s: m1's queue is empty (0-1 is on the wire, 0-2 was sent this instant): it sends 1-1.
    // 0-2 (sent 1 s) arrives before 0-1 (1.7 s) and is taken first.
    expect(receivedFrom0(run)).toEqual(['2s 0-2', '3s 0-1']);
    expectLedgerBalances(run);
  });

  it('keeps the channel first-in first-out under fifo: later copies wait behind it', () => {
    const run = runWithFaults({ ...senders([2, 1], 3, [delayed]), fifo: true });
    expect(evidenceOf(run)).toEqual(['0.5s delay #0 0-1>1 +1200000us']);
    expect(receivedFrom0(run)).toEqual(['2s 0-1', '3s 0-2']);
    expectLedgerBalances(run);
  });
});

describe('partition', () => {
  const sendTimes = (run: ReturnType<typeof runWithFaults>): Map<string, number> =>
    new Map(
      run.events
        .filter((row) => row.event.kind === 'send')
        .map((row) => [`${row.machineId}-${row.event.seq}`, row.timeUs]),
    );

  it('drops exactly the copies sent across its groups inside its window', () => {
    const run = runWithFaults(
      senders([1, 2, 3], 6, [
        {
          kind: 'partition',
          groups: [[0], [1, 2]],
          oneWay: false,
          atUs: secUs(1),
          untilUs: secUs(3.5),
        },
      ]),
    );
    const groupOf = [0, 1, 1];
    const machineCount = 3;
    const expected: string[] = [];
    for (const row of run.events) {
      for (const receiverId of receiversOf(row.machineId, row.event, machineCount)) {
        const inside = row.timeUs >= secUs(1) && row.timeUs < secUs(3.5);
        if (inside && groupOf[row.machineId] !== groupOf[receiverId])
          expected.push(
            `${row.timeUs / 1e6}s drop #0 ${row.machineId}-${row.event.seq}>${receiverId} partition`,
          );
      }
    }
    expect(expected.length).toBeGreaterThan(3);
    expect(evidenceOf(run)).toEqual([
      '1s partition-start #0',
      ...expected,
      '3.5s partition-heal #0',
    ]);
    // Copies inside a group still arrive, across groups only those sent outside the window.
    const sentAt = sendTimes(run);
    const receivesAcross = run.events.filter(
      (row) =>
        row.event.kind === 'receive' && groupOf[row.machineId] !== groupOf[row.event.senderId],
    );
    for (const row of receivesAcross) {
      const timeUs = sentAt.get(`${row.event.senderId}-${row.event.sendSeq}`) as number;
      expect(timeUs < secUs(1) || timeUs >= secUs(3.5)).toBe(true);
    }
    expect(receivesAcross.length).toBeGreaterThan(0);
    expect(
      run.events.some(
        (row) => row.event.kind === 'receive' && row.machineId === 2 && row.event.senderId === 1,
      ),
    ).toBe(true);
    expectLedgerBalances(run);
  });

  it('oneWay drops only copies from an earlier group to a later one', () => {
    const run = runWithFaults(
      senders([2, 2], 4, [{ kind: 'partition', groups: [[0], [1]], oneWay: true, ...wholeRun }]),
    );
    const drops = run.evidence.filter((row) => row.action === 'drop');
    expect(drops.length).toBeGreaterThan(0);
    for (const drop of drops) expect(drop.action === 'drop' && drop.senderId).toBe(0);
    // m1's copies reach m0.
    expect(run.events.some((row) => row.machineId === 0 && row.event.kind === 'receive')).toBe(
      true,
    );
    expect(run.events.some((row) => row.machineId === 1 && row.event.kind === 'receive')).toBe(
      false,
    );
    expectLedgerBalances(run);
  });
});

describe('crash', () => {
  // m0 (3 Hz) sends at every tick (its queue stays empty: m1 never sends); m1 (1 Hz) takes one
  // copy a second, so at 2.5 s its queue holds 0-3 .. 0-7 (0-1 and 0-2 were taken at 1 s, 2 s).

  it('inbox drop: drops the queue at the crash, then every copy at its arrival; no event after', () => {
    const run = runWithFaults(
      senders([3, 1], 4, [{ kind: 'crash', machine: 1, atUs: secUs(2.5), inbox: 'drop' }]),
    );
    expect(evidenceOf(run)).toEqual([
      '2.5s crash #0 m1 queued 5',
      '2.5s drop #0 0-3>1 crash',
      '2.5s drop #0 0-4>1 crash',
      '2.5s drop #0 0-5>1 crash',
      '2.5s drop #0 0-6>1 crash',
      '2.5s drop #0 0-7>1 crash',
      '2.666666s drop #0 0-8>1 crash',
      '3s drop #0 0-9>1 crash',
      '3.333333s drop #0 0-10>1 crash',
      '3.666666s drop #0 0-11>1 crash',
      '4s drop #0 0-12>1 crash',
    ]);
    expect(rowsOf(run, 1)).toEqual([
      'm1 1s receive #1 c2 from 0-1 (mc 1)',
      'm1 2s receive #2 c3 from 0-2 (mc 2)',
    ]);
    expect(run.result.faults?.droppedBy).toEqual({ loss: 0, partition: 0, crash: 10 });
    expect(run.result.machines[1]).toMatchObject({ queueLength: 0, inFlight: 0, events: 2 });
    expectLedgerBalances(run);
  });

  it('inbox keep: the queue stays; copies arriving while down are still dropped', () => {
    const run = runWithFaults(
      senders([3, 1], 3, [{ kind: 'crash', machine: 1, atUs: secUs(2.5), inbox: 'keep' }]),
    );
    expect(evidenceOf(run)).toEqual([
      '2.5s crash #0 m1 queued 5',
      '2.666666s drop #0 0-8>1 crash',
      '3s drop #0 0-9>1 crash',
    ]);
    expect(run.result.machines[1]?.queueLength).toBe(5);
    expectLedgerBalances(run);
  });
});

describe('restart', () => {
  const crashThenRestart = (clock: FaultSpec & { kind: 'restart' }): RunConfig =>
    senders([3, 1], 4.5, [{ kind: 'crash', machine: 1, atUs: secUs(2.5), inbox: 'keep' }, clock]);

  it('persisted: one restart row at atSec with the last clock and the next seq; ticks resume after it', () => {
    const run = runWithFaults(
      crashThenRestart({
        kind: 'restart',
        machine: 1,
        atUs: secUs(3.5),
        clock: { kind: 'persisted' },
      }),
    );
    // 3.666666 s: 0-11 arrives after the restart and is queued behind the kept 0-3 .. 0-7.
    expect(rowsOf(run, 1)).toEqual([
      'm1 1s receive #1 c2 from 0-1 (mc 1)',
      'm1 2s receive #2 c3 from 0-2 (mc 2)',
      'm1 3.5s restart #3 c3 q5',
      'm1 4s receive #4 c4 from 0-3 (mc 3)',
    ]);
    expect(evidenceOf(run)).toEqual([
      '2.5s crash #0 m1 queued 5',
      '2.666666s drop #0 0-8>1 crash',
      '3s drop #0 0-9>1 crash',
      '3.333333s drop #0 0-10>1 crash',
      '3.5s restart #1 m1 3->3',
    ]);
    expect(run.result.faults?.restarts).toEqual([0, 1]);
    // Kept 0-3 .. 0-7, then 0-11, 0-12, 0-13 arrive after the restart; 0-3 was taken at 4 s.
    expect(run.result.machines[1]).toMatchObject({ events: 4, queueLength: 5 + 3 - 1 });
    expectLedgerBalances(run);
  });

  it('reset: the restart row carries clock 0, and the next event counts from there', () => {
    const run = runWithFaults(
      crashThenRestart({ kind: 'restart', machine: 1, atUs: secUs(3.5), clock: { kind: 'reset' } }),
    );
    expect(rowsOf(run, 1).slice(2)).toEqual([
      'm1 3.5s restart #3 c0 q5',
      'm1 4s receive #4 c4 from 0-3 (mc 3)',
    ]);
    expect(evidenceOf(run)).toContain('3.5s restart #1 m1 3->0');
  });

  it('lease K: the clock rounds up past the last saved bound, (floor(c/K)+1)·K', () => {
    const lease = (every: number) =>
      rowsOf(
        runWithFaults(
          crashThenRestart({
            kind: 'restart',
            machine: 1,
            atUs: secUs(3.5),
            clock: { kind: 'lease', every },
          }),
        ),
        1,
      ).slice(2);
    // c = 3: K = 5 → 5, K = 3 → 6 (a clock on a bound goes one lease further), K = 1 → 4.
    expect(lease(5)).toEqual(['m1 3.5s restart #3 c5 q5', 'm1 4s receive #4 c6 from 0-3 (mc 3)']);
    expect(lease(3)).toEqual(['m1 3.5s restart #3 c6 q5', 'm1 4s receive #4 c7 from 0-3 (mc 3)']);
    expect(lease(1)).toEqual(['m1 3.5s restart #3 c4 q5', 'm1 4s receive #4 c5 from 0-3 (mc 3)']);
  });

  it('at a grid instant: the restart takes the instant, the first tick is the next one', () => {
    const run = runWithFaults(
      crashThenRestart({
        kind: 'restart',
        machine: 1,
        atUs: secUs(3),
        clock: { kind: 'persisted' },
      }),
    );
    expect(rowsOf(run, 1).slice(2)).toEqual([
      'm1 3s restart #3 c3 q5',
      'm1 4s receive #4 c4 from 0-3 (mc 3)',
    ]);
  });
});

describe('pause', () => {
  it('misses the ticks in [at, until), runs them at until in order, then its grid tick', () => {
    // 1 s: both send. 2 s, 3 s: m0 receives 1-1, then sends 0-3; m0 is paused... (m1 paused).
    // 4 s: m0 sends 0-4 (id 0 first), then m1's two missed ticks take 0-1 and 0-3, then its own
    // grid tick finds the queue empty (0-4 was sent this instant) and sends.
    const run = runWithFaults(
      senders([1, 1], 4, [{ kind: 'pause', machine: 1, atUs: secUs(1.5), untilUs: secUs(4) }]),
    );
    expect(evidenceOf(run)).toEqual(['1.5s pause #0 m1', '4s resume #0 m1 missed 2']);
    expect(rowsOf(run)).toEqual([
      'm0 1s send #1 c1 to 1 (mc 1)',
      'm1 1s send #1 c1 to 0 (mc 1)',
      'm0 2s receive #2 c2 from 1-1 (mc 1)',
      'm0 3s send #3 c3 to 1 (mc 3)',
      'm0 4s send #4 c4 to 1 (mc 4)',
      'm1 4s receive #2 c2 from 0-1 (mc 1)',
      'm1 4s receive #3 c4 from 0-3 (mc 3)',
      'm1 4s send #4 c5 to 0 (mc 5)',
    ]);
  });

  it("runs a resumed machine's missed ticks in its place among the ids: before higher ids", () => {
    // The mirror of the run above: at 4 s m0's missed ticks take 1-1 and 1-3, its grid tick
    // sends, and only then does m1 (its queue empty since 2 s) tick.
    const run = runWithFaults(
      senders([1, 1], 4, [{ kind: 'pause', machine: 0, atUs: secUs(1.5), untilUs: secUs(4) }]),
    );
    expect(
      rowsOf(run)
        .slice(-4)
        .map((row) => row.split(' #')[0]),
    ).toEqual(['m0 4s receive', 'm0 4s receive', 'm0 4s send', 'm1 4s send']);
  });
});

describe('pauses of one machine that touch', () => {
  it('are a programmer error the simulator stops on, not a burst that never ends', () => {
    // Validation refuses them (fault-schema.test.ts); a config built past it must not hang.
    const config = senders([1, 1], 4, [
      { kind: 'pause', machine: 1, atUs: secUs(1), untilUs: secUs(2) },
      { kind: 'pause', machine: 1, atUs: secUs(2), untilUs: secUs(3) },
    ]);
    expect(() => runWithFaults(config)).toThrow('a pause starts as one of its machine ends');
  });
});

describe('rate', () => {
  const tickTimes = (run: ReturnType<typeof runWithFaults>, machineId: number): number[] =>
    run.events.filter((row) => row.machineId === machineId).map((row) => row.timeUs);

  it('re-anchors the grid at atSec: tick k at atUs + floor(k·10^9/R)', () => {
    const run = runWithFaults({
      ...makeConfig({ ratesHz: [1, 1], durationSec: 4 }),
      faults: faultList([{ kind: 'rate', machine: 0, atUs: secUs(2.5), rateMilliHz: 3000 }]),
    });
    expect(tickTimes(run, 0)).toEqual([
      1_000_000, 2_000_000, 2_833_333, 3_166_666, 3_500_000, 3_833_333,
    ]);
    expect(evidenceOf(run)).toEqual(['2.5s rate #0 m0 1000->3000mHz']);
  });

  it('at a tick of the old grid: that tick never happens', () => {
    const run = runWithFaults({
      ...makeConfig({ ratesHz: [1, 1], durationSec: 3 }),
      faults: faultList([
        { kind: 'rate', machine: 1, atUs: secUs(2), rateMilliHz: 4000 },
        { kind: 'rate', machine: 1, atUs: secUs(2.5), rateMilliHz: 1000 },
      ]),
    });
    expect(tickTimes(run, 1)).toEqual([1_000_000, 2_250_000]);
    expect(tickTimes(run, 0)).toEqual([1_000_000, 2_000_000, 3_000_000]);
    expect(evidenceOf(run)).toEqual([
      '2s rate #0 m1 1000->4000mHz',
      '2.5s rate #1 m1 4000->1000mHz',
    ]);
  });
});

describe('corrupt-clock', () => {
  const lying = (change: FaultSpec & { kind: 'corrupt-clock' }): ReturnType<typeof runWithFaults> =>
    runWithFaults(senders([1, 1], 3, [change]));

  it('add: the send row keeps the true clock, its copies carry clock + K', () => {
    const run = lying({
      kind: 'corrupt-clock',
      machine: 0,
      ...wholeRun,
      countMax: null,
      change: { kind: 'add', by: 1000 },
    });
    // 1 s: m0 sends 0-1 (true 1, carried 1001). 2 s: m1 takes it: max(1, 1001) + 1.
    expect(rowsOf(run).slice(0, 4)).toEqual([
      'm0 1s send #1 c1 to 1 (mc 1001)',
      'm1 1s send #1 c1 to 0 (mc 1)',
      'm0 2s receive #2 c2 from 1-1 (mc 1)',
      'm1 2s receive #2 c1002 from 0-1 (mc 1001)',
    ]);
    expect(evidenceOf(run)[0]).toBe('1s corrupt #0 0-1>1 1->1001');
  });

  it('set: the copies carry V whatever the clock', () => {
    const run = lying({
      kind: 'corrupt-clock',
      machine: 1,
      ...wholeRun,
      countMax: null,
      change: { kind: 'set', to: 2 ** 52 },
    });
    expect(rowsOf(run, 0)[1]).toBe(`m0 2s receive #2 c${2 ** 52 + 1} from 1-1 (mc ${2 ** 52})`);
  });

  it('sub: clock − K, clamped at 1 (and says so)', () => {
    const run = lying({
      kind: 'corrupt-clock',
      machine: 0,
      ...wholeRun,
      countMax: null,
      change: { kind: 'sub', by: 2 },
    });
    // 0-1 (clock 1) carries 1, clamped; 0-3 at 3 s (clock 3) carries 1, not clamped.
    expect(evidenceOf(run)).toEqual([
      '1s corrupt #0 0-1>1 1->1 clamped',
      '3s corrupt #0 0-3>1 3->1',
    ]);
  });

  it('count: only the first N sends in the window; one corrupt row per copy of a broadcast', () => {
    const run = runWithFaults(
      senders([1, 1, 5], 6, [
        {
          kind: 'corrupt-clock',
          machine: 2,
          atUs: secUs(2),
          untilUs: secUs(6),
          countMax: 2,
          change: { kind: 'add', by: 50 },
        },
      ]),
    );
    const sends = run.events.filter((row) => row.machineId === 2 && row.event.kind === 'send');
    const inWindow = sends.filter((row) => row.timeUs >= secUs(2));
    expect(inWindow.length).toBeGreaterThan(2);
    const lied = inWindow.slice(0, 2);
    for (const row of sends) {
      const expected = lied.includes(row) ? row.event.clock + 50 : row.event.clock;
      expect(row.event.messageClock).toBe(expected);
    }
    const expectedRows = lied.flatMap((row) =>
      receiversOf(2, row.event, 3).map(
        (to) =>
          `${row.timeUs / 1e6}s corrupt #0 2-${row.event.seq}>${to} ${row.event.clock}->${row.event.clock + 50}`,
      ),
    );
    expect(evidenceOf(run)).toEqual(expectedRows);
  });
});

describe('the order within one instant', () => {
  it('state changes in list order, then arrivals, then ticks', () => {
    // Latency 1 s: the copies sent at 1 s arrive at 2 s. At 2 s: the partition starts (#1),
    // m1 crashes (#2, dropping its queue, empty), m0 restarts (#3, reset: no tick at 2 s),
    // m2's rate steps (#4: its 2 s tick never happens); then the arrivals: those for m1 are
    // dropped (it is down), those for m0 are queued (it is up again).
    const config: RunConfig = {
      ...senders([1, 1, 1], 3, [
        { kind: 'crash', machine: 0, atUs: secUs(1.5), inbox: 'keep' },
        {
          kind: 'partition',
          groups: [[0, 1], [2]],
          oneWay: false,
          atUs: secUs(2),
          untilUs: secUs(9),
        },
        { kind: 'crash', machine: 1, atUs: secUs(2), inbox: 'drop' },
        { kind: 'restart', machine: 0, atUs: secUs(2), clock: { kind: 'reset' } },
        { kind: 'rate', machine: 2, atUs: secUs(2), rateMilliHz: 2000 },
      ]),
      latency: { kind: 'constant', us: secUs(1) },
    };
    const run = runWithFaults(config);
    const sentAt1 = run.events.filter((row) => row.timeUs === secUs(1));
    expect(sentAt1.map((row) => row.event.kind)).toEqual(['send', 'send', 'send']);
    const arrivingAt2 = sentAt1.flatMap((row) =>
      receiversOf(row.machineId, row.event, 3).map((to) => ({
        from: row.machineId,
        seq: row.event.seq,
        to,
      })),
    );
    const atTwo = evidenceOf(run).filter((text) => text.startsWith('2s '));
    expect(atTwo).toEqual([
      '2s partition-start #1',
      '2s crash #2 m1 queued 0',
      '2s restart #3 m0 1->0',
      '2s rate #4 m2 1000->2000mHz',
      ...arrivingAt2
        .filter((copy) => copy.to === 1)
        .map((copy) => `2s drop #2 ${copy.from}-${copy.seq}>1 crash`),
    ]);
    expect(evidenceOf(run)[0]).toBe('1.5s crash #0 m0 queued 0');
    // The only row at 2 s is m0's restart (its queue still empty: the arrivals come after it),
    // and m0's next tick takes a copy that arrived at 2 s.
    expect(rowsOf(run).filter((text) => text.includes(' 2s '))).toEqual(['m0 2s restart #2 c0 q0']);
    const toM0 = arrivingAt2.filter((copy) => copy.to === 0);
    expect(toM0.length).toBeGreaterThan(0);
    const m0AtThree = run.events.find((row) => row.machineId === 0 && row.timeUs === secUs(3));
    expect(m0AtThree?.event.kind).toBe('receive');
    expect(toM0.map((copy) => `${copy.from}-${copy.seq}`)).toContain(
      `${m0AtThree?.event.senderId}-${m0AtThree?.event.sendSeq}`,
    );
    expect(run.events.filter((row) => row.machineId === 2).map((row) => row.timeUs)).toEqual([
      secUs(1),
      secUs(2.5),
      secUs(3),
    ]);
    expectLedgerBalances(run);
  });
});

describe('a crash at the instant a pause ends', () => {
  it('runs none of the missed ticks, whichever of the two comes first in the list', () => {
    for (const crashFirst of [true, false]) {
      const crash: FaultSpec = { kind: 'crash', machine: 1, atUs: secUs(4), inbox: 'keep' };
      const pause: FaultSpec = { kind: 'pause', machine: 1, atUs: secUs(1.5), untilUs: secUs(4) };
      const run = runWithFaults(senders([1, 1], 5, crashFirst ? [crash, pause] : [pause, crash]));
      expect(rowsOf(run, 1)).toEqual(['m1 1s send #1 c1 to 0 (mc 1)']);
      const [crashIndex, pauseIndex] = crashFirst ? [0, 1] : [1, 0];
      const atFour = [
        `4s crash #${crashIndex} m1 queued 2`,
        `4s resume #${pauseIndex} m1 missed 2`,
      ];
      expect(evidenceOf(run).slice(1, 3)).toEqual(crashFirst ? atFour : [...atFour].reverse());
    }
  });
});
