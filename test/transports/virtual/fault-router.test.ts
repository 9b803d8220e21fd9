/**
 * Goal: the per-copy pipeline at one send, read off the wire: each copy's arrival time (send
 * time + latency + delays, a duplicate with its own latency from its fault's stream), and the
 * rows in order. The wire is read by delivering it to machines that are all down.
 */
import { describe, expect, it } from 'vitest';
import {
  coinOf,
  probabilityToFraction,
  StepEvent,
  toEveryPeer,
  tossCoin,
} from '../../../core/index.js';
import type { FaultEvidence } from '../../../transports/fault-config.js';
import { drawLatencyUs, type LatencyModel } from '../../../transports/latency.js';
import type { RunConfig } from '../../../transports/run-config.js';
import { seededRng, seededRngFactory, streamNames } from '../../../transports/seeded-rng.js';
import { FaultRouter } from '../../../transports/virtual/fault-router.js';
import { VirtualNetwork } from '../../../transports/virtual/virtual-network.js';
import {
  evidenceText,
  type FaultSpec,
  faultList,
  secUs,
  wholeRun,
} from '../../helpers/faulted-run.js';
import { makeConfig } from '../../helpers/memory-run.js';

interface OnWire {
  readonly to: number;
  readonly msg: string;
  readonly arriveUs: number;
}

/** Routes one send of `senderId` at `timeUs` and returns the wire and the rows. */
function routeOne(
  config: RunConfig,
  senderId: number,
  to: number,
  timeUs: number,
): { wire: OnWire[]; rows: string[] } {
  const machineCount = config.ratesMilliHz.length;
  const nowUs = Float64Array.of(timeUs);
  const rngFor = seededRngFactory(config.seed);
  const network = new VirtualNetwork(config, rngFor, nowUs);
  const evidence: FaultEvidence[] = [];
  const router = new FaultRouter({
    faults: config.faults,
    machineCount,
    network,
    rngFor,
    recorder: { record: (row) => evidence.push(row) },
    nowUs,
  });
  const event = new StepEvent();
  event.kind = 'send';
  event.seq = 4;
  event.clock = 9;
  event.senderId = senderId;
  event.sendSeq = 4;
  event.messageClock = 9;
  event.to = to;
  router.route(senderId, event);
  const wire: OnWire[] = [];
  network.deliverByUs[0] = Number.MAX_SAFE_INTEGER;
  network.deliverUntilGated(new Uint8Array(machineCount).fill(1), {
    dropAtArrival: (receiverId, from, seq, arriveUs) =>
      wire.push({ to: receiverId, msg: `${from}-${seq}`, arriveUs }),
  });
  return { wire, rows: evidence.map(evidenceText) };
}

const uniform: LatencyModel = { kind: 'uniform', minUs: 0, maxUs: secUs(2) };
const always = probabilityToFraction(1);

function withFaults(specs: FaultSpec[], latency: LatencyModel, fifo = false): RunConfig {
  return {
    ...makeConfig({ ratesHz: [1, 1, 1], latency, fifo, seed: 21 }),
    faults: faultList(specs),
  };
}

describe('FaultRouter', () => {
  it("adds the delays up; a duplicate arrives after its own latency from its fault's stream plus them", () => {
    const config = withFaults(
      [
        { kind: 'delay', extraUs: 300, from: [0], to: [1, 2], ...wholeRun },
        { kind: 'duplicate', p: always, from: [0], to: [2], ...wholeRun },
        { kind: 'delay', extraUs: 5000, from: [0], to: [2], ...wholeRun },
      ],
      uniform,
    );
    const { wire, rows } = routeOne(config, 0, toEveryPeer, secUs(10));
    // Expected: each copy's latency is the sender's next draw (copy to 1, then copy to 2); the
    // duplicate's is drawn from its stream right after its coin.
    const senderStream = seededRng(21, streamNames.latency(0));
    const toOne = drawLatencyUs(uniform, senderStream);
    const toTwo = drawLatencyUs(uniform, senderStream);
    const duplicateStream = seededRng(21, config.faults[1]?.stream ?? '');
    expect(tossCoin(duplicateStream, coinOf(always))).toBe(true);
    const duplicate = drawLatencyUs(uniform, duplicateStream);
    const expected: OnWire[] = [
      { to: 1, msg: '0-4', arriveUs: secUs(10) + toOne + 300 },
      { to: 2, msg: '0-4', arriveUs: secUs(10) + toTwo + 5300 },
      { to: 2, msg: '0-4', arriveUs: secUs(10) + duplicate + 5300 },
    ];
    expect([...wire].sort((a, b) => a.arriveUs - b.arriveUs)).toEqual(
      [...expected].sort((a, b) => a.arriveUs - b.arriveUs),
    );
    expect(rows).toEqual([
      '10s delay #0 0-4>1 +300us',
      '10s delay #0 0-4>2 +300us',
      '10s duplicate #1 0-4>2',
      '10s delay #2 0-4>2 +5000us',
    ]);
  });

  it('lets the first drop win: one drop row, no duplicate or delay row, nothing on the wire', () => {
    const config = withFaults(
      [
        { kind: 'duplicate', p: always, ...wholeRun, from: [0], to: [1] },
        { kind: 'delay', extraUs: 10, ...wholeRun, from: [0], to: [1] },
        { kind: 'partition', groups: [[0], [1, 2]], oneWay: true, ...wholeRun },
        { kind: 'loss', p: always, ...wholeRun, from: [0], to: [1] },
      ],
      { kind: 'constant', us: 0 },
    );
    const { wire, rows } = routeOne(config, 0, 1, secUs(1));
    expect(rows).toEqual(['1s drop #2 0-4>1 partition']);
    expect(wire).toEqual([]);
  });

  it('puts a fault-free copy on the wire unchanged, and a copy outside every window too', () => {
    const config = withFaults(
      [{ kind: 'loss', p: always, from: [0], to: [1], atUs: secUs(2), untilUs: secUs(3) }],
      { kind: 'constant', us: 7 },
    );
    expect(routeOne(config, 0, 1, secUs(3))).toEqual({
      wire: [{ to: 1, msg: '0-4', arriveUs: secUs(3) + 7 }],
      rows: [],
    });
    expect(routeOne(config, 0, 1, secUs(2)).rows).toEqual(['2s drop #0 0-4>1 loss']);
  });
});
