/**
 * Goal: the router of `--topology router` starts every machine at one instant once all are
 * ready, forwards each message to each of its receivers (one frame per receiver, in arrival
 * order), counts a copy for a receiver that is gone as undeliverable instead of losing it
 * silently, takes a closed machine's end as its fin, and refuses a connection that never greets.
 * Method: a TcpRouter on loopback under a fake clock (its start time and hello deadline come from
 * it), with test peers that greet, send and read frames.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { FaultConfig, FaultEvidence } from '../../../transports/fault-config.js';
import { type Frame, protocolVersion } from '../../../transports/tcp/framing.js';
import { helloTimeoutMs } from '../../../transports/tcp/greeting.js';
import { type RouterFaults, TcpRouter } from '../../../transports/tcp/router.js';
import { FakeClock } from '../../helpers/fake-clock.js';
import { faultList, secUs } from '../../helpers/faulted-run.js';
import { connectFramePeer, type FramePeer } from '../../helpers/frame-peer.js';
import { waitFor, within } from '../../helpers/waiting.js';

const v = protocolVersion;
const machineCount = 3;
const routers: TcpRouter[] = [];
const peers: FramePeer[] = [];

afterEach(async () => {
  for (const peer of peers.splice(0)) peer.close();
  for (const router of routers.splice(0)) await router.close();
});

async function startRouter(
  clock: FakeClock,
  faults: RouterFaults | null = null,
): Promise<{ router: TcpRouter; port: number }> {
  const router = new TcpRouter(
    { machineCount, runId: 'run-1', token: 'secret', listenHost: '127.0.0.1', listenPort: 0 },
    clock,
    faults,
  );
  routers.push(router);
  return { router, port: await router.listen() };
}

/** Every machine connected, greeted and ready; returns them once the start reached all. */
async function startedMachines(port: number): Promise<FramePeer[]> {
  const machines: FramePeer[] = [];
  for (let id = 0; id < machineCount; id += 1) {
    const peer = await connectFramePeer(port);
    peers.push(peer);
    peer.send({ kind: 'hello', v, runId: 'run-1', token: 'secret', machineId: id });
    peer.send({ kind: 'ready', v, machineId: id });
    machines.push(peer);
  }
  await waitFor(
    () => machines.every((peer) => peer.received.some((frame) => frame.kind === 'start')),
    5000,
    'start to every machine',
  );
  return machines;
}

const msgs = (peer: FramePeer): Frame[] => peer.received.filter((frame) => frame.kind === 'msg');

describe('TcpRouter under a fake clock', () => {
  it('starts every machine at one instant, 300 ms after the last is ready on its clock', async () => {
    const clock = new FakeClock({ epochMs: 1_800_000_000_000 });
    const { port } = await startRouter(clock);
    const machines = await startedMachines(port);
    for (const peer of machines)
      expect(peer.received).toEqual([{ kind: 'start', v, atEpochMs: 1_800_000_000_300 }]);
  });

  it('forwards a message to each receiver as its own frame, in arrival order', async () => {
    const clock = new FakeClock();
    const { router, port } = await startRouter(clock);
    const [m0, m1, m2] = (await startedMachines(port)) as [FramePeer, FramePeer, FramePeer];
    m0.send({ kind: 'msg', v, from: 0, seq: 1, clock: 1, to: [1, 2] });
    m0.send({ kind: 'msg', v, from: 0, seq: 2, clock: 2, to: [2] });
    m1.send({ kind: 'msg', v, from: 1, seq: 1, clock: 5, to: [0] });
    await waitFor(() => msgs(m2).length === 2 && msgs(m0).length === 1, 5000, 'forwarded');
    expect(msgs(m1)).toEqual([{ kind: 'msg', v, from: 0, seq: 1, clock: 1, to: [1] }]);
    expect(msgs(m2)).toEqual([
      { kind: 'msg', v, from: 0, seq: 1, clock: 1, to: [2] },
      { kind: 'msg', v, from: 0, seq: 2, clock: 2, to: [2] },
    ]);
    expect(msgs(m0)).toEqual([{ kind: 'msg', v, from: 1, seq: 1, clock: 5, to: [0] }]);
    expect(router.report().forwarded).toBe(4);
  });

  it('does not forward a message that claims another sender than its connection', async () => {
    const clock = new FakeClock();
    const { router, port } = await startRouter(clock);
    const [m0, m1] = (await startedMachines(port)) as [FramePeer, FramePeer, FramePeer];
    m0.send({ kind: 'msg', v, from: 2, seq: 1, clock: 1, to: [1] });
    await waitFor(() => router.report().badConnections.count === 1, 5000, 'counted as bad');
    expect(msgs(m1)).toEqual([]);
    expect(router.report().forwarded).toBe(0);
  });

  it('counts a copy for a closed machine as undeliverable and takes the close as its fin', async () => {
    const clock = new FakeClock();
    const { router, port } = await startRouter(clock);
    const [m0, m1, m2] = (await startedMachines(port)) as [FramePeer, FramePeer, FramePeer];
    m2.close();
    m0.send({ kind: 'fin', v, machineId: 0 });
    m1.send({ kind: 'fin', v, machineId: 1 });
    // Finished only once 2's close is seen: the close stands for its fin.
    await within(router.finished, 5000, 'router finished without a fin from machine 2');
    await waitFor(() => m0.received.some((frame) => frame.kind === 'fin'), 5000, 'fin to 0');
    expect(m1.received.filter((frame) => frame.kind === 'fin')).toEqual([
      { kind: 'fin', v, machineId: machineCount },
    ]);
    m0.send({ kind: 'msg', v, from: 0, seq: 1, clock: 1, to: [1, 2] });
    await waitFor(() => msgs(m1).length === 1, 5000, 'copy to the live machine');
    await waitFor(() => router.report().undeliverable[2] === 1, 5000, 'copy to 2 counted');
    expect(router.report().undeliverable).toEqual([0, 0, 1]);
    expect(router.report().forwarded).toBe(1);
  });

  it('refuses a connection that does not greet by the hello deadline of its clock', async () => {
    const clock = new FakeClock();
    const { router, port } = await startRouter(clock);
    const silent = await connectFramePeer(port);
    peers.push(silent);
    await waitFor(() => clock.pendingCount === 1, 5000, 'hello deadline armed');
    clock.advanceBy(helloTimeoutMs - 1);
    expect(router.report().badConnections.count).toBe(0);
    clock.advanceBy(1);
    expect(router.report().badConnections).toEqual({
      count: 1,
      reasons: ['no hello within 5 s'],
    });
    await waitFor(silent.isClosed, 5000, 'silent connection closed');
  });

  it('drops copies to a crashed machine (reason crash), holds them from its restart until it is back', async () => {
    const clock = new FakeClock();
    const crash: FaultConfig = {
      kind: 'crash',
      index: 0,
      stream: 'fault/a',
      machine: 1,
      atUs: 1_000_000,
      inbox: 'drop',
    };
    const restart: FaultConfig = {
      kind: 'restart',
      index: 1,
      stream: 'fault/b',
      machine: 1,
      atUs: 2_000_000,
      clock: { kind: 'persisted' },
    };
    const evidence: FaultEvidence[] = [];
    const { port } = await startRouter(clock, {
      plan: {
        faults: [crash, restart],
        seed: 1,
        latency: { kind: 'constant', us: 0 },
        fifo: true,
        durationUs: secUs(10),
      },
      recorder: { record: (row) => evidence.push(row) },
    });
    const [m0, m1, m2] = (await startedMachines(port)) as [FramePeer, FramePeer, FramePeer];
    // The start is 300 ms after the last ready: 500 ms into the run, machine 1 is up.
    clock.advanceBy(800);
    m0.send({ kind: 'msg', v, from: 0, seq: 1, clock: 1, to: [1], atUs: 500_000 });
    await waitFor(() => msgs(m1).length === 1, 5000, 'copy 1 to the live machine');
    // Its process killed after its crash: copies to it are dropped, at their arrival.
    m1.close();
    clock.advanceBy(700);
    m0.send({ kind: 'msg', v, from: 0, seq: 2, clock: 2, to: [1, 2], atUs: 1_190_000 });
    await waitFor(() => msgs(m2).length === 1, 5000, 'copy 2 to machine 2');
    expect(evidence).toEqual([
      {
        action: 'drop',
        timeUs: 1_200_000,
        faultIndex: 0,
        receiverId: 1,
        senderId: 0,
        sendSeq: 2,
        reason: 'crash',
      },
    ]);
    // Restarted at 2 s, its new process not connected yet: the copy waits at the router.
    clock.advanceBy(1000);
    m0.send({ kind: 'msg', v, from: 0, seq: 3, clock: 3, to: [1], atUs: 2_200_000 });
    await waitFor(() => msgs(m0).length === 0 && evidence.length === 1, 5000, 'held');
    const back = await connectFramePeer(port);
    peers.push(back);
    back.send({ kind: 'hello', v, runId: 'run-1', token: 'secret', machineId: 1 });
    await waitFor(() => msgs(back).length === 1, 5000, 'the held copy on its new connection');
    m0.send({ kind: 'msg', v, from: 0, seq: 4, clock: 4, to: [1], atUs: 2_300_000 });
    await waitFor(() => msgs(back).length === 2, 5000, 'the next copy behind it');
    expect(msgs(back).map((frame) => (frame.kind === 'msg' ? frame.seq : 0))).toEqual([3, 4]);
    expect(evidence).toHaveLength(1);
  });

  it('drops the copies for a machine marked down (a crash) with a crash row, until it is up', async () => {
    const clock = new FakeClock();
    const evidence: FaultEvidence[] = [];
    const faults = faultList([{ kind: 'crash', machine: 2, atUs: secUs(1), inbox: 'drop' }]);
    const { router, port } = await startRouter(clock, {
      plan: {
        faults,
        seed: 1,
        latency: { kind: 'constant', us: 0 },
        fifo: false,
        durationUs: secUs(9),
      },
      recorder: { record: (row) => evidence.push(row) },
    });
    const [m0, m1, m2] = (await startedMachines(port)) as [FramePeer, FramePeer, FramePeer];
    router.machineDown(2, 0);
    m0.send({ kind: 'msg', v, from: 0, seq: 1, clock: 1, to: [1, 2], atUs: secUs(1.5) });
    await waitFor(() => msgs(m1).length === 1 && evidence.length === 1, 5000, 'copy to 1, drop');
    expect(evidence).toEqual([
      {
        action: 'drop',
        timeUs: expect.any(Number),
        faultIndex: 0,
        receiverId: 2,
        senderId: 0,
        sendSeq: 1,
        reason: 'crash',
      },
    ]);
    router.machineUp(2);
    m0.send({ kind: 'msg', v, from: 0, seq: 2, clock: 2, to: [2], atUs: secUs(2) });
    await waitFor(() => msgs(m2).length === 1, 5000, 'copy to 2 once it is up');
    expect(msgs(m2)[0]).toMatchObject({ from: 0, seq: 2 });
    expect(router.report().forwarded).toBe(2);
    expect(evidence).toHaveLength(1);
  });

  it('is not finished while a crashed machine is to come back, even with no one connected', async () => {
    const clock = new FakeClock();
    const faults = faultList([
      { kind: 'crash', machine: 1, atUs: secUs(1), inbox: 'drop' },
      { kind: 'restart', machine: 1, atUs: secUs(2), clock: { kind: 'persisted' } },
    ]);
    const { router, port } = await startRouter(clock, {
      plan: {
        faults,
        seed: 1,
        latency: { kind: 'constant', us: 0 },
        fifo: true,
        durationUs: secUs(9),
      },
      recorder: { record: () => {} },
    });
    const [m0, m1, m2] = (await startedMachines(port)) as [FramePeer, FramePeer, FramePeer];
    clock.advanceBy(1500);
    m1.close();
    m0.send({ kind: 'fin', v, machineId: 0 });
    m2.send({ kind: 'fin', v, machineId: 2 });
    m0.close();
    m2.close();
    let finished = false;
    void router.finished.then(() => {
      finished = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(finished).toBe(false);
    const back = await connectFramePeer(port);
    peers.push(back);
    back.send({ kind: 'hello', v, runId: 'run-1', token: 'secret', machineId: 1 });
    back.send({ kind: 'fin', v, machineId: 1 });
    await within(router.finished, 5000, 'finished once the restarted machine is done');
  });

  it('counts the copies held for a restart that a stop kept from connecting as in flight at the end', async () => {
    const clock = new FakeClock();
    const faults = faultList([
      { kind: 'crash', machine: 1, atUs: secUs(1), inbox: 'keep' },
      { kind: 'restart', machine: 1, atUs: secUs(2), clock: { kind: 'persisted' } },
    ]);
    const { router, port } = await startRouter(clock, {
      plan: {
        faults,
        seed: 1,
        latency: { kind: 'constant', us: 0 },
        fifo: true,
        durationUs: secUs(9),
      },
      recorder: { record: () => {} },
    });
    const [m0, m1, m2] = (await startedMachines(port)) as [FramePeer, FramePeer, FramePeer];
    // Its process killed at its crash; restarted at 2 s, the new one not connected yet. (The
    // router sees the close on its own socket, with nothing to wait on: a loopback close is
    // seen well within the pause.)
    m1.close();
    await new Promise((resolve) => setTimeout(resolve, 200));
    clock.advanceBy(2500);
    m0.send({ kind: 'msg', v, from: 0, seq: 1, clock: 1, to: [1, 2], atUs: secUs(2.1) });
    await waitFor(() => msgs(m2).length === 1, 5000, 'the copy to machine 2');
    // A stop now: the restarted process ends before it connects, so the held copy never goes.
    router.runStopped();
    for (const [id, peer] of [
      [0, m0],
      [2, m2],
    ] as const) {
      peer.send({ kind: 'fin', v, machineId: id });
      peer.close();
    }
    await within(router.finished, 5000, 'finished after the stop');
    expect(router.report().inFlightAtEnd).toEqual([0, 1, 0]);
  });
});
