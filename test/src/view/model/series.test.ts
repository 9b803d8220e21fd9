/**
 * The side charts' series: per pixel column, the min, max and last value of the machine's events
 * in it; drift is how far a machine's clock is behind the largest clock any machine had at that
 * moment (docs/ANALYSIS.md), compared with a pass over every event in time order.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RunView } from '../../../../src/view/model/run-view.js';
import { driftOf, machineSeries, type SeriesKind } from '../../../../src/view/model/series.js';
import { EventColumnsBuilder, viewDataFormat } from '../../../../src/view/model/view-data.js';
import { faultedViewArbitrary, faultFreeViewArbitrary } from '../../../helpers/view-run.js';

/** Drift by brute force: events in (time, machine, log) order, each machine's latest clock. */
function driftByScan(view: RunView): Float64Array {
  const indices = Array.from({ length: view.eventCount }, (_, i) => i);
  indices.sort(
    (a, b) =>
      (view.timeUs[a] as number) - (view.timeUs[b] as number) ||
      (view.machine[a] as number) - (view.machine[b] as number) ||
      a - b,
  );
  const latest = new Array<number>(view.machineCount).fill(0);
  const drift = new Float64Array(view.eventCount);
  for (const i of indices) {
    latest[view.machine[i] as number] = view.clock[i] as number;
    drift[i] = Math.max(...latest) - (view.clock[i] as number);
  }
  return drift;
}

describe('series', () => {
  for (const [name, runs] of [
    ['fault-free', faultFreeViewArbitrary],
    ['with faults', faultedViewArbitrary],
  ] as const) {
    it(`computes drift as the largest clock at that moment minus the machine's (${name})`, () => {
      fc.assert(
        fc.property(runs, (run) => {
          const view = RunView.fromData(run.data);
          expect(Array.from(driftOf(view))).toEqual(Array.from(driftByScan(view)));
        }),
        { numRuns: 40 },
      );
    });
  }

  it('counts no event twice when a machine has none (found by the property: seed -505661025)', () => {
    // Machine 0 logs nothing; machine 1 sends, restarts with its clock reset, and sends again.
    const builder = new EventColumnsBuilder(2);
    const send = (seq: number, timeUs: number, clock: number) =>
      builder.add({
        machine: 1,
        seq,
        kind: 'send',
        timeUs,
        clock,
        queue: 0,
        peers: '0',
        msgSender: 1,
        msgSeq: seq,
        msgClock: clock,
      });
    send(1, 1_000_000, 1);
    builder.add({
      machine: 1,
      seq: 2,
      kind: 'restart',
      timeUs: 1_500_000,
      clock: 0,
      queue: 0,
      peers: '',
      msgSender: 0,
      msgSeq: 0,
      msgClock: 0,
    });
    send(3, 2_000_000, 1);
    const view = RunView.fromData({
      format: viewDataFormat,
      title: 'one silent machine',
      mode: 'virtual',
      machineCount: 2,
      ratesHz: [1, 1],
      durationUs: 3_000_000,
      seed: 1,
      completed: true,
      events: builder.build(),
      faults: [],
      summary: null,
      check: null,
      window: null,
    });
    expect(Array.from(driftOf(view))).toEqual([0, 0, 0]);
    expect(Array.from(driftOf(view))).toEqual(Array.from(driftByScan(view)));
  });

  it('reduces a machine to min, max and last per pixel column', () => {
    fc.assert(
      fc.property(
        faultedViewArbitrary,
        fc.constantFrom<SeriesKind>('clock', 'queue', 'drift'),
        fc.integer({ min: 1, max: 200 }),
        fc.double({ min: 0, max: 0.5, noNaN: true }),
        (run, kind, widthPx, cut) => {
          const view = RunView.fromData(run.data);
          const values =
            kind === 'clock' ? view.clock : kind === 'queue' ? view.queue : driftOf(view);
          const fromUs = cut * view.durationUs;
          const untilUs = view.durationUs;
          for (let m = 0; m < view.machineCount; m += 1) {
            const columns = new Map<number, number[]>();
            const { start, end } = view.machineRange(m);
            for (let i = start; i < end; i += 1) {
              const t = view.timeUs[i] as number;
              if (t < fromUs || t > untilUs) continue;
              const column = Math.min(
                widthPx - 1,
                Math.floor(((t - fromUs) * widthPx) / (untilUs - fromUs)),
              );
              columns.set(column, [...(columns.get(column) ?? []), values[i] as number]);
            }
            const series = machineSeries(view, kind, m, fromUs, untilUs, widthPx);
            expect(Array.from(series.columns)).toEqual([...columns.keys()]);
            expect(Array.from(series.min)).toEqual(
              [...columns.values()].map((v) => Math.min(...v)),
            );
            expect(Array.from(series.max)).toEqual(
              [...columns.values()].map((v) => Math.max(...v)),
            );
            expect(Array.from(series.last)).toEqual(
              [...columns.values()].map((v) => v[v.length - 1]),
            );
          }
        },
      ),
      { numRuns: 40 },
    );
  });
});
