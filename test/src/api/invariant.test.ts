/**
 * findViolation against the ground truth: vector clocks computed from the same CLI-written logs
 * by test/helpers/run-vector-clocks.ts with core's rules. Properties over bundled runs (correct
 * ones, non-FIFO ones and runs with faults): the context's vector clocks and happenedBefore are
 * core's, the order is causal, a planted violation is found at its first event in that order, an
 * invariant that holds gives null; and the documented example, Lamport's clock condition, holds
 * on correct runs and fails with its context on a restart that resets the clock.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { happenedBefore, type VectorClock } from '../../../core/causality/vector-clock.js';
import type { RunEvent } from '../../../src/api/events.js';
import { causalPastMax, findViolation, type Invariant } from '../../../src/api/invariant.js';
import { bundledScenario } from '../../../src/api/scenario.js';
import { type SimulateResult, simulate } from '../../../src/api/simulate.js';
import { cliRun, resultOfDir, useRunsDir } from '../../helpers/api-run-dir.js';
import { runVectorClocks } from '../../helpers/run-vector-clocks.js';

const runsDir = useRunsDir('api-invariant');

interface Run {
  readonly dir: string;
  readonly result: SimulateResult;
  /** Core's vector clock of each event (the result's events, machine by machine). */
  readonly truth: Map<RunEvent, VectorClock>;
}

const scenarios = {
  A1: ['A1'],
  trial4: ['trial4', '--duration', '20'],
  'jittery-network': ['jittery-network', '--duration', '20'],
  'every-fault': ['every-fault'],
  'crash-restart-reset': ['crash-restart-reset'],
} as const;
type ScenarioName = keyof typeof scenarios;
const correct: readonly ScenarioName[] = ['A1', 'trial4', 'jittery-network'];
const runs = new Map<ScenarioName, Run>();

beforeAll(async () => {
  for (const [name, args] of Object.entries(scenarios)) {
    const dir = await cliRun(runsDir(), name, args);
    const result = resultOfDir(dir);
    // The helper's order is the result's: machine 0's rows, then machine 1's ...
    const { vectors } = runVectorClocks(dir);
    const truth = new Map(
      result.events.map((event, index) => [event, vectors[index] as VectorClock]),
    );
    runs.set(name as ScenarioName, { dir, result, truth });
  }
});

function runOf(name: ScenarioName): Run {
  return runs.get(name) as Run;
}

/** The events in the order findViolation feeds them. */
function fedOrder(source: SimulateResult | readonly RunEvent[]): RunEvent[] {
  const order: RunEvent[] = [];
  const record: Invariant = (event) => {
    order.push(event);
    return true;
  };
  expect(findViolation(source, record)).toBeNull();
  return order;
}

const names = fc.constantFrom(...(Object.keys(scenarios) as ScenarioName[]));

describe('findViolation', () => {
  it("feeds every event once, in causal order, with core's vector clock and happens-before", () => {
    fc.assert(
      fc.property(names, fc.array(fc.nat(), { minLength: 1, maxLength: 8 }), (name, picks) => {
        const { result, truth } = runOf(name);
        const order = fedOrder(result);
        expect(new Set(order).size).toBe(result.events.length);
        const seen: RunEvent[] = [];
        const sent = new Set<string>();
        const checked: Invariant = (b, context) => {
          if (b.kind === 'receive') expect(sent.has(b.messageId)).toBe(true);
          if (b.kind === 'send') sent.add(b.messageId);
          const last = [...seen].reverse().find((event) => event.machine === b.machine);
          if (last !== undefined) expect(b.seq).toBeGreaterThan(last.seq);
          seen.push(b);
          expect(context.vectorClock).toEqual(Array.from(truth.get(b) as VectorClock));
          for (const pick of picks) {
            const a = seen[pick % seen.length] as RunEvent;
            const [va, vb] = [truth.get(a) as VectorClock, truth.get(b) as VectorClock];
            if (context.happenedBefore(a, b) !== happenedBefore(va, vb))
              return `${a.seq} -> ${b.seq}`;
            if (context.happenedBefore(b, a) !== happenedBefore(vb, va))
              return `${b.seq} -> ${a.seq}`;
          }
          return true;
        };
        expect(findViolation(result, checked)).toBeNull();
      }),
      { numRuns: 15 },
    );
  });

  it('gives heights equal to the clocks of a correct run (rule 5: L(e) = longest chain)', () => {
    for (const name of correct) {
      const wrong = findViolation(
        runOf(name).result,
        (event, context) => context.height === event.clock,
      );
      expect(wrong).toBeNull();
    }
    const reset = findViolation(
      runOf('crash-restart-reset').result,
      (event, context) => context.height === event.clock,
    );
    expect(reset?.event.kind).toBe('restart');
  });

  it('finds a planted violation at its first event in causal order, with its causal past', () => {
    fc.assert(
      fc.property(
        names,
        fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
        (name, at) => {
          const { result, truth } = runOf(name);
          const order = fedOrder(result);
          const target = order[Math.floor(at * order.length)] as RunEvent;
          const broken = (event: RunEvent) =>
            event.machine === target.machine && event.clock >= target.clock;
          const expected = order.find(broken) as RunEvent;
          const violation = findViolation(
            result,
            (event) => !broken(event) || `planted at ${event.seq}`,
          );
          expect(violation?.event).toBe(expected);
          expect(violation?.message).toBe(`planted at ${expected.seq}`);
          const vector = truth.get(expected) as VectorClock;
          expect(violation?.vectorClock).toEqual(Array.from(vector));
          const past = order.filter((event) =>
            happenedBefore(truth.get(event) as VectorClock, vector),
          );
          // Nearest first: the latest fed of its past, at most causalPastMax of them.
          expect(violation?.causalPast).toEqual(past.reverse().slice(0, causalPastMax));
        },
      ),
      { numRuns: 25 },
    );
  });

  it('returns null for an invariant that always holds, from every kind of source', () => {
    fc.assert(
      fc.property(names, fc.constantFrom('result', 'events', 'dir'), (name, kind) => {
        const run = runOf(name);
        const source =
          kind === 'result' ? run.result : kind === 'events' ? run.result.events : run.dir;
        expect(findViolation(source, () => true)).toBeNull();
      }),
      { numRuns: 10 },
    );
  });

  it('names a plain false, and refuses happenedBefore of an event not yet fed', () => {
    const { result } = runOf('trial4');
    const first = findViolation(result, () => false);
    expect(first?.message).toBe('the invariant returned false');
    expect(first?.causalPast).toEqual([]);
    const later = result.events[result.events.length - 1] as RunEvent;
    expect(() =>
      findViolation(result, (event, context) => context.happenedBefore(later, event)),
    ).toThrow(/happenedBefore: a: expected an event already fed to the invariant/);
  });
});

describe("the example: Lamport's clock condition, happenedBefore(a, b) ⇒ clock(a) < clock(b)", () => {
  function clockCondition(): Invariant {
    const seen: RunEvent[] = [];
    return (b, context) => {
      const a = seen.find(
        (earlier) => context.happenedBefore(earlier, b) && earlier.clock >= b.clock,
      );
      seen.push(b);
      return (
        a === undefined || `machine ${a.machine} seq ${a.seq} (clock ${a.clock}) happened before it`
      );
    };
  }

  it.each(correct)('holds on a run of %s', (name) => {
    expect(findViolation(runOf(name).result, clockCondition())).toBeNull();
  });

  it('fails at the restart of a `restart` + `clock: reset` fault, with its context', () => {
    const { result, dir } = runOf('crash-restart-reset');
    const violation = findViolation(result, clockCondition());
    expect(violation?.event).toMatchObject({ kind: 'restart', machine: 1, clock: 0 });
    const before = violation?.causalPast[0];
    // The machine's own last event before the crash is the nearest of its past.
    expect(before).toMatchObject({ machine: 1, seq: (violation?.event.seq ?? 0) - 1 });
    // The example names the first fed event of its past with a clock not below its own.
    expect(violation?.message).toMatch(/^machine \d seq \d+ \(clock \d+\) happened before it$/);
    expect(violation?.vectorClock[1]).toBe(violation?.event.seq);
    expect(findViolation(dir, clockCondition())).toEqual(violation);
    // The documented example's own form: simulate's result, events in the driver's order.
    const simulated = simulate(bundledScenario('crash-restart-reset'));
    expect(findViolation(simulated, clockCondition())).toEqual(violation);
  });
});
