/**
 * Goal: the per-copy decisions (copy-faults.ts) are the same whether a copy reads its link's
 * own list of faults (up to 64 machines) or tests every open fault's link (more machines), and
 * its coins, unpacked into arrays, fall as tossCoin's on the same stream. Method: two tables
 * over random fault lists, the same streams, fed the same random copies in time order, every
 * decision and what it left (acted, delays, duplicates' latencies) compared; and one loss fault's
 * drops against tossCoin on a stream of the same name, for probabilities from 0 to 1.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { coinOf, probabilityToFraction, tossCoin } from '../../core/index.js';
import { CopyFaultTable } from '../../transports/copy-faults.js';
import { type FaultConfig, openEndUs } from '../../transports/fault-config.js';
import { seededRng, seededRngFactory } from '../../transports/seeded-rng.js';
import { faultedRunArbitrary } from '../helpers/random-faults.js';

describe('CopyFaultTable.decide', () => {
  it('decides each copy alike with and without the per-link lists', () => {
    const copies = fc.array(
      fc.record({ stepUs: fc.nat({ max: 400_000 }), sender: fc.nat(), receiver: fc.nat() }),
      { maxLength: 300 },
    );
    fc.assert(
      fc.property(faultedRunArbitrary, copies, (config, sends) => {
        const machineCount = config.ratesMilliHz.length;
        const nowUs = Float64Array.of(0);
        // A duplicate's latency from its stream, as the virtual network draws one.
        const latencyUsFrom = (rng: { nextU32(): number }) => rng.nextU32() % 1000;
        const table = (linkLists: boolean) =>
          new CopyFaultTable({
            faults: config.faults,
            machineCount,
            rngFor: seededRngFactory(config.seed),
            latencyUsFrom,
            nowUs,
            linkLists,
          });
        const lists = table(true);
        const each = table(false);
        for (const send of sends) {
          nowUs[0] = (nowUs[0] as number) + send.stepUs;
          const sender = send.sender % machineCount;
          const receiver = (sender + 1 + (send.receiver % (machineCount - 1))) % machineCount;
          const decided = [lists, each].map((one) => ({
            dropAt: one.decide(sender, receiver),
            acted: [...one.actedAt.subarray(0, one.acted)],
            latenciesUs: [...one.actedLatencyUs.subarray(0, one.acted)],
            extraUs: one.extraUs,
          }));
          expect(decided[0]).toEqual(decided[1]);
        }
      }),
      { numRuns: 200 },
    );
  });

  it("drops a copy exactly where tossCoin on the fault's own stream comes up heads", () => {
    for (const p of [0, 0.000001, 0.05, 0.333333, 0.5, 0.999999, 1]) {
      const loss: FaultConfig = {
        kind: 'loss',
        p: probabilityToFraction(p),
        from: [0, 1],
        to: [0, 1],
        atUs: 0,
        untilUs: openEndUs,
        index: 0,
        stream: `fault/loss-${p}`,
      };
      const table = new CopyFaultTable({
        faults: [loss],
        machineCount: 2,
        rngFor: seededRngFactory(7),
        latencyUsFrom: () => 0,
        nowUs: Float64Array.of(1),
      });
      const stream = seededRng(7, loss.stream);
      const coin = coinOf(loss.p);
      for (let copy = 0; copy < 2000; copy += 1) {
        const dropped = table.decide(copy % 2, 1 - (copy % 2)) === 0;
        expect(dropped).toBe(tossCoin(stream, coin));
      }
    }
  });
});
