/**
 * RunView decodes what EventColumnsBuilder encodes: every row's cells come back exactly as the
 * CLI writes them (src/logs/format.ts), each receive finds its send, and data off the format is
 * refused in words. Checked on random runs, with and without faults.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatTimeMs } from '../../../../src/logs/format.js';
import { RunView } from '../../../../src/view/model/run-view.js';
import { timeMsText } from '../../../../src/view/model/time-ms-text.js';
import {
  parseViewData,
  type ViewData,
  ViewDataError,
  viewDataJson,
} from '../../../../src/view/model/view-data.js';
import { runWithFaults } from '../../../helpers/faulted-run.js';
import { makeConfig, runInMemory } from '../../../helpers/memory-run.js';
import { faultedRunArbitrary } from '../../../helpers/random-faults.js';
import { viewRunOf } from '../../../helpers/view-run.js';

function faultFreeView(seed: number, ratesHz: readonly number[] = [1, 2, 6]) {
  const run = runInMemory(makeConfig({ seed, ratesHz, durationSec: 20 }));
  return viewRunOf(run.events, ratesHz.length, run.config.durationUs);
}

describe('RunView.fromData', () => {
  it('gives back every row cell for cell, on random runs with every kind of fault', () => {
    fc.assert(
      fc.property(faultedRunArbitrary, (config) => {
        const run = runWithFaults(config);
        const machines = config.ratesMilliHz.length;
        const { data, rows } = viewRunOf(run.events, machines, config.durationUs);
        // Through JSON, as the page gets it.
        const view = RunView.fromData(JSON.parse(viewDataJson(data)) as ViewData);
        expect(view.eventCount).toBe(rows.length);
        for (let i = 0; i < view.eventCount; i += 1) expect(view.rowCells(i)).toEqual(rows[i]);
      }),
      { numRuns: 40 },
    );
  });

  it('finds each receive its send by msg_id, and each send its receives', () => {
    const { data, rows } = faultFreeView(7);
    const view = RunView.fromData(data);
    const sendById = new Map<string, number>();
    rows.forEach((row, i) => {
      if (row[2] === 'send') sendById.set(row[7] as string, i);
    });
    let receives = 0;
    rows.forEach((row, i) => {
      if (row[2] !== 'receive') {
        expect(view.sendOf[i]).toBe(-1);
        return;
      }
      receives += 1;
      const send = sendById.get(row[7] as string) as number;
      expect(view.sendOf[i]).toBe(send);
      expect(view.receivesOf(send)).toContain(i);
    });
    expect(receives).toBeGreaterThan(10);
  });

  it('writes time_ms as the log does', () => {
    fc.assert(
      fc.property(fc.nat({ max: 2 ** 40 }), (timeUs) => {
        expect(timeMsText(timeUs)).toBe(formatTimeMs(timeUs));
      }),
    );
  });

  it('keeps `<` out of the JSON, so no data can end the script element', () => {
    const { data } = faultFreeView(1);
    const hostile = { ...data, title: '</script><!-- x' };
    const json = viewDataJson(hostile);
    expect(json).not.toContain('<');
    expect((JSON.parse(json) as ViewData).title).toBe('</script><!-- x');
  });

  it('refuses data off the format, naming the field', () => {
    const { data } = faultFreeView(1);
    const cases: [unknown, RegExp][] = [
      [null, /expected a JSON object/],
      [{ ...data, format: 'other' }, /^format: expected "lamport-lab-view\/1"/],
      [{ ...data, events: { ...data.events, kinds: 'x' } }, /^events\.kinds: expected a string of/],
      [{ ...data, events: { ...data.events, queue: [1] } }, /^events\.queue: expected an array of/],
      [{ ...data, machineCount: 0 }, /^machineCount: expected a whole number >= 1/],
      [{ ...data, events: { ...data.events, perMachine: [1, 1, 1] } }, /^events\.perMachine/],
    ];
    for (const [value, message] of cases) {
      expect(() => parseViewData(value)).toThrow(ViewDataError);
      expect(() => parseViewData(value)).toThrow(message);
    }
    const badDelta = [...data.events.clockDelta];
    badDelta[3] = 0.5;
    expect(() =>
      RunView.fromData({ ...data, events: { ...data.events, clockDelta: badDelta } }),
    ).toThrow(/^events\.clockDelta\[3\]: expected a whole number, got 0\.5/);
  });

  it('gives each machine its range, in order', () => {
    const { data, rows } = faultFreeView(3);
    const view = RunView.fromData(data);
    let start = 0;
    for (let m = 0; m < view.machineCount; m += 1) {
      const range = view.machineRange(m);
      expect(range.start).toBe(start);
      for (let i = range.start; i < range.end; i += 1) expect(rows[i]?.[0]).toBe(String(m));
      start = range.end;
    }
    expect(start).toBe(view.eventCount);
  });
});
