/**
 * The tick queue yields ticks in (time, machine id) order: compared with a brute-force merge of
 * every machine's schedule, for random rates, including many equal times.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TickSchedule } from '../../../core/tick-schedule.js';
import { TickQueue } from '../../../transports/virtual/tick-queue.js';

describe('TickQueue', () => {
  it('gives the same order as sorting every tick by (time, machine id)', () => {
    const rate = fc.integer({ min: 1, max: 12 }).map((hz) => hz * 1000);
    fc.assert(
      fc.property(fc.array(rate, { minLength: 1, maxLength: 30 }), (rates) => {
        const horizonUs = 3_000_000;
        const expected: [number, number][] = [];
        rates.forEach((rateMilliHz, id) => {
          const schedule = new TickSchedule(rateMilliHz);
          for (let t = schedule.advance(); t <= horizonUs; t = schedule.advance())
            expected.push([t, id]);
        });
        expected.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
        const queue = new TickQueue(rates);
        const actual: [number, number][] = [];
        while (queue.nextTimeUs <= horizonUs) {
          actual.push([queue.nextTimeUs, queue.nextMachineId]);
          queue.advanceNext();
        }
        expect(actual).toEqual(expected);
      }),
    );
  });
});
