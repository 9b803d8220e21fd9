/**
 * Goal: the fluid model for a run in which machines died predicts each machine for the window
 * its growth is fitted over: machines dead when that window opens count as gone (no actions),
 * and a run without failures is predicted exactly as predictQueues does.
 * Method: fast-check over rates, probabilities and failure times, against predictQueues itself.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { predictQueues } from '../../../src/analysis/predict.js';
import { predictQueuesWhileAlive } from '../../../src/analysis/predict-alive.js';

const rates = fc.array(
  fc.integer({ min: 1, max: 6000 }).map((milli) => milli / 1000),
  {
    minLength: 2,
    maxLength: 8,
  },
);
const probability = fc.integer({ min: 0, max: 100 }).map((percent) => percent / 100);

describe('predictQueuesWhileAlive', () => {
  it('is predictQueues when every machine lives to the end', () => {
    fc.assert(
      fc.property(rates, probability, (ratesHz, p) => {
        const alive = ratesHz.map(() => 60_000_000);
        expect(predictQueuesWhileAlive(ratesHz, p, alive)).toEqual(predictQueues(ratesHz, p));
      }),
    );
  });

  it('counts a machine dead before another one’s window as gone, and not otherwise', () => {
    fc.assert(
      fc.property(rates, probability, fc.nat(), (ratesHz, p, pick) => {
        const deadId = pick % ratesHz.length;
        const endUs = 60_000_000;
        // Dead at 10 s: before the others' window (30..60 s), inside its own (5..10 s).
        const alive = ratesHz.map((_, id) => (id === deadId ? 10_000_000 : endUs));
        const predicted = predictQueuesWhileAlive(ratesHz, p, alive);
        const withoutIt = predictQueues(
          ratesHz.map((rate, id) => (id === deadId ? 0 : rate)),
          p,
        );
        ratesHz.forEach((_, id) => {
          const expected = id === deadId ? predictQueues(ratesHz, p)[id] : withoutIt[id];
          expect(predicted[id], `machine ${id}`).toEqual(expected);
        });
      }),
    );
  });
});
