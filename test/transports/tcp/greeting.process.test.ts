/**
 * Goal: a served connection must greet with a valid hello within its deadline, after which its
 * frames are handed on in order; a wrong hello is told why and closed; silence past the deadline
 * and bytes that do not decode are refused. Method: real loopback sockets served by
 * serveGreetedConnection under a fake clock, so the 5 s deadline and the refusal linger are
 * moved through by the test, not waited for.
 */
import type net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type Frame,
  type HelloRefusalCause,
  protocolVersion,
} from '../../../transports/tcp/framing.js';
import { helloTimeoutMs, serveGreetedConnection } from '../../../transports/tcp/greeting.js';
import { FakeClock } from '../../helpers/fake-clock.js';
import { connectFramePeer, listenOnLoopback } from '../../helpers/frame-peer.js';
import { waitFor } from '../../helpers/waiting.js';

const v = protocolVersion;
const hello = (machineId: number, token = 'secret'): Frame => ({
  kind: 'hello',
  v,
  runId: 'run-1',
  token,
  machineId,
});

interface Served {
  readonly greeted: number[];
  readonly frames: { frame: Frame; machineId: number }[];
  readonly refused: string[];
  readonly helloRefused: HelloRefusalCause[];
  readonly closed: number[];
}

const servers: { close: () => Promise<void> }[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

async function serve(clock: FakeClock): Promise<{ port: number; served: Served }> {
  const served: Served = { greeted: [], frames: [], refused: [], helloRefused: [], closed: [] };
  const server = await listenOnLoopback((socket: net.Socket) =>
    serveGreetedConnection(
      socket,
      {
        expected: {
          runId: 'run-1',
          token: 'secret',
          accepts: (machineId) => (machineId === 7 ? 'not-a-peer' : null),
        },
        greeted: (machineId) => served.greeted.push(machineId),
        frame: (frame, machineId) => served.frames.push({ frame, machineId }),
        refused: (reason) => served.refused.push(reason),
        helloRefused: (cause) => served.helloRefused.push(cause),
        closed: (machineId) => served.closed.push(machineId),
      },
      clock,
    ),
  );
  servers.push(server);
  return { port: server.port, served };
}

describe('serveGreetedConnection under a fake clock', () => {
  it('refuses a silent connection at its hello deadline, not before', async () => {
    const clock = new FakeClock();
    const { port, served } = await serve(clock);
    const peer = await connectFramePeer(port);
    await waitFor(() => clock.pendingCount === 1, 5000, 'hello deadline armed');
    clock.advanceBy(helloTimeoutMs - 1);
    expect(served.refused).toEqual([]);
    clock.advanceBy(1);
    expect(served.refused).toEqual(['no hello within 5 s']);
    await waitFor(peer.isClosed, 5000, 'silent connection closed');
    await waitFor(() => served.closed.length === 1, 5000, 'close reported');
    expect(served.closed).toEqual([-1]);
  });

  it('hands on the frames of a greeted connection in order, with its id, and drops the deadline', async () => {
    const clock = new FakeClock();
    const { port, served } = await serve(clock);
    const peer = await connectFramePeer(port);
    peer.send(hello(2));
    peer.send({ kind: 'ready', v, machineId: 2 });
    peer.send({ kind: 'msg', v, from: 2, seq: 1, clock: 4, to: [0] });
    await waitFor(() => served.frames.length === 2, 5000, 'two frames');
    expect(served.greeted).toEqual([2]);
    expect(served.frames.map(({ frame, machineId }) => [frame.kind, machineId])).toEqual([
      ['ready', 2],
      ['msg', 2],
    ]);
    expect(clock.pendingCount).toBe(0);
    clock.advanceBy(helloTimeoutMs * 2);
    expect(served.refused).toEqual([]);
    expect(peer.isClosed()).toBe(false);
    peer.close();
    await waitFor(() => served.closed.length === 1, 5000, 'close reported');
    expect(served.closed).toEqual([2]);
  });

  it('tells a wrong hello why, then closes it; nothing after it is handed on', async () => {
    const clock = new FakeClock();
    const { port, served } = await serve(clock);
    const peer = await connectFramePeer(port);
    peer.send(hello(1, 'other'));
    peer.send({ kind: 'ready', v, machineId: 1 });
    await waitFor(() => peer.received.length === 1, 5000, 'refusal frame');
    expect(peer.received).toEqual([{ kind: 'refused', v, cause: 'token' }]);
    expect(served.refused).toEqual(['wrong token']);
    expect(served.helloRefused).toEqual(['token']);
    expect(served.greeted).toEqual([]);
    expect(served.frames).toEqual([]);
    // The refused end may close first; else the linger destroys the connection.
    clock.advanceBy(1000);
    await waitFor(peer.isClosed, 5000, 'refused connection closed');
  });

  it('refuses a hello from a machine that is not a peer, and a first frame that is no hello', async () => {
    const clock = new FakeClock();
    const { port, served } = await serve(clock);
    const stranger = await connectFramePeer(port);
    stranger.send(hello(7));
    const rude = await connectFramePeer(port);
    rude.send({ kind: 'fin', v, machineId: 3 });
    await waitFor(() => served.refused.length === 2, 5000, 'two refusals');
    expect([...served.helloRefused].sort()).toEqual(['not-a-peer', 'not-hello']);
    expect(served.refused).toContain('hello from machine 7, not a peer');
    expect(served.refused).toContain('first frame was fin, not hello');
  });

  it('refuses bytes that do not decode', async () => {
    const clock = new FakeClock();
    const { port, served } = await serve(clock);
    const peer = await connectFramePeer(port);
    peer.sendBytes('this is not json\n');
    await waitFor(() => served.refused.length === 1, 5000, 'refusal');
    expect(served.greeted).toEqual([]);
    await waitFor(peer.isClosed, 5000, 'closed');
  });
});
