/**
 * Goal: the TCP router's per-frame faults take the virtual network's own decisions (same streams,
 * same order per copy, same rows), so a frame meets the same fault on real sockets as the copy in
 * virtual time; a delay holds a copy (with fifo, the channel's later copies behind it; without,
 * they overtake); the copies still held at the end are in flight, never written.
 * Method: a virtual run with every per-copy kind is re-played through FrameFaults send by send,
 * in the simulator's order, and the two evidence lists compared; the holding is watched under a
 * fake clock with a recording writer.
 */
import { describe, expect, it } from 'vitest';
import { probabilityToFraction, toEveryPeer } from '../../../core/index.js';
import type { FaultEvidence } from '../../../transports/fault-config.js';
import {
  FrameFaults,
  type MsgFrame,
  type RouterFaultPlan,
} from '../../../transports/tcp/frame-faults.js';
import { protocolVersion } from '../../../transports/tcp/framing.js';
import { FakeClock } from '../../helpers/fake-clock.js';
import {
  allMachines,
  evidenceText,
  faultList,
  runWithFaults,
  secUs,
  wholeRun,
} from '../../helpers/faulted-run.js';
import { makeConfig } from '../../helpers/memory-run.js';

const v = protocolVersion;

function frameFaults(plan: RouterFaultPlan, machineCount: number, clock = new FakeClock()) {
  const evidence: FaultEvidence[] = [];
  const written: string[] = [];
  const faults = new FrameFaults({
    plan,
    machineCount,
    recorder: { record: (row) => evidence.push(row) },
    clock,
    write: (receiverId, frame) =>
      written.push(`${frame.from}-${frame.seq}>${receiverId} c${frame.clock}`),
  });
  return { faults, evidence, written, clock };
}

const msg = (from: number, seq: number, to: number[], clock = seq): MsgFrame => ({
  kind: 'msg',
  v,
  from,
  seq,
  clock,
  to,
});

describe('FrameFaults: the virtual network decisions, per frame', () => {
  it('decides every copy of a virtual run exactly as the simulator did', () => {
    const machines = allMachines(3);
    const config = {
      ...makeConfig({
        ratesHz: [7, 5, 3],
        internal: probabilityToFraction(0.2),
        durationSec: 20,
        // Not constant: a duplicate draws its latency from its stream, which must stay in step.
        latency: { kind: 'uniform', minUs: 1000, maxUs: 90_000 },
        seed: 11,
      }),
      faults: faultList([
        { kind: 'loss', p: probabilityToFraction(0.2), from: machines, to: machines, ...wholeRun },
        {
          kind: 'duplicate',
          p: probabilityToFraction(0.3),
          from: machines,
          to: machines,
          ...wholeRun,
        },
        { kind: 'delay', extraUs: 5000, from: [0], to: [1, 2], atUs: secUs(2), untilUs: secUs(9) },
        {
          kind: 'partition',
          groups: [[0], [1, 2]],
          oneWay: false,
          atUs: secUs(5),
          untilUs: secUs(8),
        },
        {
          kind: 'corrupt-clock',
          machine: 2,
          atUs: secUs(3),
          untilUs: secUs(12),
          countMax: 4,
          change: { kind: 'add', by: 100 },
        },
      ]),
    } as const;
    const virtual = runWithFaults(config);
    const { faults, evidence } = frameFaults(
      {
        faults: config.faults,
        seed: config.seed,
        latency: config.latency,
        fifo: config.fifo,
        durationUs: config.durationUs,
      },
      3,
    );
    for (const { machineId, timeUs, event } of virtual.events) {
      if (event.kind !== 'send') continue;
      const to = event.to === toEveryPeer ? machines.filter((id) => id !== machineId) : [event.to];
      // The true clock: the machine's send row; the router alone alters what the frame carries.
      faults.route(msg(machineId, event.sendSeq, to, event.clock), timeUs);
    }
    faults.end(config.durationUs);
    const texts = virtual.evidence.map(evidenceText);
    expect(texts.length).toBeGreaterThan(50);
    for (const action of ['drop', 'duplicate', 'delay', 'corrupt', 'partition-start'])
      expect(texts.some((text) => text.includes(` ${action} `))).toBe(true);
    expect(evidence.map(evidenceText)).toEqual(texts);
  });
});

describe('FrameFaults: holding copies', () => {
  const delayed = (fifo: boolean): RouterFaultPlan => ({
    faults: faultList([
      { kind: 'delay', extraUs: 100_000, from: [0], to: [1], atUs: 0, untilUs: secUs(1) },
    ]),
    seed: 1,
    latency: { kind: 'constant', us: 0 },
    fifo,
    durationUs: secUs(10),
  });

  it('without fifo: a later copy overtakes the held one', () => {
    const { faults, written, clock } = frameFaults(delayed(false), 2);
    faults.route(msg(0, 1, [1]), secUs(0.5));
    faults.route(msg(0, 2, [1]), secUs(1.5));
    expect(written).toEqual(['0-2>1 c2']);
    clock.advanceBy(100);
    expect(written).toEqual(['0-2>1 c2', '0-1>1 c1']);
  });

  it('with fifo: a later copy waits behind the held one', () => {
    const { faults, written, clock } = frameFaults(delayed(true), 2);
    faults.route(msg(0, 1, [1]), secUs(0.5));
    faults.route(msg(0, 2, [1]), secUs(1.5));
    faults.route(msg(1, 1, [0]), secUs(1.5));
    // Another channel is not held.
    expect(written).toEqual(['1-1>0 c1']);
    clock.advanceBy(99);
    expect(written).toEqual(['1-1>0 c1']);
    clock.advanceBy(1);
    expect(written).toEqual(['1-1>0 c1', '0-1>1 c1', '0-2>1 c2']);
  });

  it('at the end, the copies still held are in flight and never written', () => {
    const { faults, written, clock } = frameFaults(delayed(true), 2);
    faults.route(msg(0, 1, [1]), secUs(0.5));
    faults.route(msg(0, 2, [1]), secUs(1.5));
    expect(faults.end(secUs(2))).toEqual([0, 2]);
    clock.advanceBy(1000);
    expect(written).toEqual([]);
    // After the end nothing more is routed.
    faults.route(msg(0, 3, [1]), secUs(2.5));
    expect(written).toEqual([]);
  });

  it('does not alter (nor take for a send) a frame whose clock is 0: no assertion, no row', () => {
    const { faults, evidence, written } = frameFaults(
      {
        faults: faultList([
          {
            kind: 'corrupt-clock',
            machine: 0,
            ...wholeRun,
            countMax: null,
            change: { kind: 'add', by: 5 },
          },
        ]),
        seed: 1,
        latency: { kind: 'constant', us: 0 },
        fifo: false,
        durationUs: secUs(10),
      },
      2,
    );
    faults.route(msg(0, 1, [1], 0), secUs(1));
    expect(evidence).toEqual([]);
    expect(written).toEqual(['0-1>1 c0']);
  });
});
