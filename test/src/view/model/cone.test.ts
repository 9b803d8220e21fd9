/**
 * The cone is happened-before exactly: on random runs, with and without faults, an event's past
 * is the set of events whose vector clock (core's rules, core/causality/vector-clock.ts) is below
 * its own, and its future the set above. Stepping the search in slices of any size gives what one
 * go gives. 'direct' is the machine neighbour and the message partners only. With a window kept,
 * the cone is what the data can show: never more than the true one.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { happenedBefore } from '../../../../core/index.js';
import { ConeSearch, causalCone } from '../../../../src/view/model/cone.js';
import { RunView } from '../../../../src/view/model/run-view.js';
import { runWithFaults } from '../../../helpers/faulted-run.js';
import { faultedRunArbitrary } from '../../../helpers/random-faults.js';
import {
  faultedViewArbitrary,
  faultFreeViewArbitrary,
  type ViewRun,
  viewRunOf,
} from '../../../helpers/view-run.js';

/** Past and future by comparing vector clocks, pair by pair. */
function byVectors(run: ViewRun, event: number): { past: number[]; future: number[] } {
  const own = run.vectors[event];
  const past: number[] = [];
  const future: number[] = [];
  run.vectors.forEach((vector, i) => {
    if (own === undefined) return;
    if (happenedBefore(vector, own)) past.push(i);
    if (happenedBefore(own, vector)) future.push(i);
  });
  return { past, future };
}

const runAndEvents = (runs: fc.Arbitrary<ViewRun>) =>
  runs
    .filter((run) => run.rows.length > 0)
    .chain((run) =>
      fc.tuple(
        fc.constant(run),
        fc.array(fc.nat({ max: run.rows.length - 1 }), { minLength: 1, maxLength: 6 }),
      ),
    );

describe('causalCone', () => {
  for (const [name, runs] of [
    ['fault-free', faultFreeViewArbitrary],
    ['with faults', faultedViewArbitrary],
  ] as const) {
    it(`is happened-before by core's vector clocks (${name})`, () => {
      fc.assert(
        fc.property(runAndEvents(runs), ([run, events]) => {
          const view = RunView.fromData(run.data);
          for (const event of events) {
            const expected = byVectors(run, event);
            expect(Array.from(causalCone(view, event, 'past', 'cone'))).toEqual(expected.past);
            expect(Array.from(causalCone(view, event, 'future', 'cone'))).toEqual(expected.future);
          }
        }),
        { numRuns: 40 },
      );
    });
  }

  it('gives the same result stepped in slices of any size as in one go', () => {
    fc.assert(
      fc.property(
        runAndEvents(faultedViewArbitrary),
        fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 20 }),
        fc.constantFrom('past' as const, 'future' as const),
        ([run, events], budgets, direction) => {
          const view = RunView.fromData(run.data);
          for (const event of events) {
            const search = new ConeSearch(view, event, direction, 'cone');
            let steps = 0;
            while (!search.step(budgets[steps % budgets.length] as number)) steps += 1;
            expect(search.result()).toEqual(causalCone(view, event, direction, 'cone'));
            // Each step stops within its budget: a large cone takes many small steps.
            const size = search.result().length;
            if (Math.max(...budgets) === 1) expect(steps).toBeGreaterThanOrEqual(size);
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it('in direct mode holds the machine neighbour and the message partners only', () => {
    fc.assert(
      fc.property(runAndEvents(faultedViewArbitrary), ([run, events]) => {
        const view = RunView.fromData(run.data);
        for (const event of events) {
          const { start, end } = view.machineRange(view.machine[event] as number);
          const past = new Set<number>();
          if (event > start) past.add(event - 1);
          if ((view.sendOf[event] as number) >= 0) past.add(view.sendOf[event] as number);
          const future = new Set<number>(view.receivesOf(event));
          if (event + 1 < end) future.add(event + 1);
          const sorted = (set: Set<number>) => [...set].sort((a, b) => a - b);
          expect(Array.from(causalCone(view, event, 'past', 'direct'))).toEqual(sorted(past));
          expect(Array.from(causalCone(view, event, 'future', 'direct'))).toEqual(sorted(future));
        }
      }),
      { numRuns: 30 },
    );
  });

  it("shows, with a window kept, only the true cone's events that are in the data", () => {
    fc.assert(
      fc.property(
        faultedRunArbitrary,
        fc.double({ min: 0.2, max: 0.8, noNaN: true }),
        (config, share) => {
          const run = runWithFaults(config);
          const machines = config.ratesMilliHz.length;
          const fromUs = Math.floor(config.durationUs * share * 0.5);
          const whole = viewRunOf(run.events, machines, config.durationUs);
          const kept = viewRunOf(
            run.events,
            machines,
            config.durationUs,
            (e) => e.timeUs >= fromUs,
          );
          const view = RunView.fromData(kept.data);
          const wholeView = RunView.fromData(whole.data);
          // Kept event k is whole event offset[machine] + (k - start on its machine).
          const toWhole = (k: number): number => {
            const m = view.machine[k] as number;
            const dropped =
              wholeView.machineRange(m).end -
              wholeView.machineRange(m).start -
              (view.machineRange(m).end - view.machineRange(m).start);
            return k - view.machineRange(m).start + wholeView.machineRange(m).start + dropped;
          };
          for (let k = 0; k < view.eventCount; k += Math.max(1, Math.floor(view.eventCount / 5))) {
            const truePast = new Set(causalCone(wholeView, toWhole(k), 'past', 'cone'));
            for (const i of causalCone(view, k, 'past', 'cone'))
              expect(truePast.has(toWhole(i))).toBe(true);
            const trueFuture = new Set(causalCone(wholeView, toWhole(k), 'future', 'cone'));
            for (const i of causalCone(view, k, 'future', 'cone'))
              expect(trueFuture.has(toWhole(i))).toBe(true);
          }
        },
      ),
      { numRuns: 30 },
    );
  });

  it('refuses an event that is not in the run', () => {
    fc.assert(
      fc.property(faultFreeViewArbitrary, (run) => {
        const view = RunView.fromData(run.data);
        expect(() => new ConeSearch(view, view.eventCount, 'past', 'cone')).toThrow(RangeError);
        expect(() => new ConeSearch(view, -1, 'past', 'cone')).toThrow(RangeError);
      }),
      { numRuns: 3 },
    );
  });
});
