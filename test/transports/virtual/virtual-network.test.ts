/**
 * Goal: with constant latency and a delay fault, the wire keeps the copies a delay holds apart
 * from the on-time ones (a heap beside the ordered ring), and still gives every copy off in the
 * order of one queue keyed by (arrival, send order): a held copy before an on-time copy that
 * arrives at the same instant but was sent later, and after one sent earlier; nothing lost,
 * and what is left at the end counted in flight.
 */
import { describe, expect, it } from 'vitest';
import { seededRngFactory } from '../../../transports/seeded-rng.js';
import { VirtualNetwork } from '../../../transports/virtual/virtual-network.js';
import { faultList, wholeRun } from '../../helpers/faulted-run.js';
import { makeConfig } from '../../helpers/memory-run.js';

const latencyUs = 100;
const delayUs = 500;

/** A network of 3 machines with a delay on 0 -> 1, and a way to put copies and read them. */
function heldWire() {
  const config = {
    ...makeConfig({ ratesHz: [1, 1, 1], latency: { kind: 'constant', us: latencyUs } }),
    faults: faultList([{ kind: 'delay', extraUs: delayUs, from: [0], to: [1], ...wholeRun }]),
  };
  const nowUs = Float64Array.of(0);
  const network = new VirtualNetwork(config, seededRngFactory(1), nowUs);
  /** One copy sent at `sendUs` from `senderId`, held by `extraUs` (0: on time). */
  const put = (sendUs: number, senderId: number, sendSeq: number, extraUs: number): void => {
    nowUs[0] = sendUs;
    network.copyArriveUs[0] = sendUs + latencyUs + extraUs;
    network.putCopy(1, senderId, sendSeq, sendSeq);
  };
  /** Every copy arrived by `byUs`, in the order taken off (all machines down: each is heard). */
  const takeUntil = (byUs: number): string[] => {
    const taken: string[] = [];
    network.deliverByUs[0] = byUs;
    network.deliverUntilGated(Uint8Array.of(1, 1, 1), {
      dropAtArrival: (_receiverId, senderId, sendSeq, arriveUs) =>
        taken.push(`${senderId}-${sendSeq}@${arriveUs}`),
    });
    return taken;
  };
  return { network, put, takeUntil };
}

describe('VirtualNetwork with a delay fault and constant latency', () => {
  it('takes held and on-time copies off by arrival, then send order', () => {
    const { put, takeUntil } = heldWire();
    put(0, 0, 1, delayUs); // held: arrives at 600, send order 1
    put(100, 2, 1, 0); // on time: arrives at 200
    put(500, 2, 2, 0); // on time: arrives at 600, send order 3 (after the held one)
    put(500, 0, 2, delayUs); // held: arrives at 1100, send order 4
    put(1000, 2, 3, 0); // on time: arrives at 1100, send order 5 (after the held one)
    put(1000, 2, 4, 0); // on time: arrives at 1100, send order 6
    expect(takeUntil(600)).toEqual(['2-1@200', '0-1@600', '2-2@600']);
    expect(takeUntil(2000)).toEqual(['0-2@1100', '2-3@1100', '2-4@1100']);
    expect(takeUntil(5000)).toEqual([]);
  });

  it('puts an on-time copy sent before a held one with the same arrival first', () => {
    const { put, takeUntil } = heldWire();
    put(600, 2, 1, 0); // on time: arrives at 700, send order 1
    put(100, 0, 1, delayUs); // held: arrives at 700, send order 2
    expect(takeUntil(700)).toEqual(['2-1@700', '0-1@700']);
  });

  it('counts the held and the on-time copies still on the wire at the end as in flight', () => {
    const { network, put, takeUntil } = heldWire();
    put(0, 0, 1, delayUs);
    put(0, 2, 1, 0);
    put(50, 0, 2, delayUs);
    expect(takeUntil(100)).toEqual(['2-1@100']);
    expect(network.drainInFlight()).toEqual([0, 2, 0]);
  });
});
