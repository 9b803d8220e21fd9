/**
 * The receiving side of a TCP-mode connection, shared by machines and the router: a connection
 * must greet with a valid `hello` within five seconds, then its frames are handed on in order.
 * A connection that greets wrongly, sends bytes that do not decode, or stays silent is closed and
 * its reason reported, so only the run's own peers can inject messages. A refused hello is told
 * why (a `refused` frame) before the close, so that the caller can name the cause at once
 * instead of retrying until its wait runs out.
 */
import type net from 'node:net';
import {
  describeDecodeError,
  encodeFrame,
  type Frame,
  FrameDecoder,
  type HelloRefusalCause,
  protocolVersion,
} from './framing.js';
import type { WallClock } from './wall-clock.js';

export const helloTimeoutMs = 5000;

export interface HelloExpectations {
  readonly runId: string;
  readonly token: string;
  /** Whether a machine id may connect here (a peer, not yet connected): null, or why not. */
  readonly accepts: (machineId: number) => 'not-a-peer' | 'second-connection' | null;
}

/** Null when the frame is an acceptable hello, else why it is refused. */
export function helloRefusal(frame: Frame, expected: HelloExpectations): HelloRefusalCause | null {
  if (frame.kind !== 'hello') return 'not-hello';
  if (frame.runId !== expected.runId) return 'run';
  if (frame.token !== expected.token) return 'token';
  return expected.accepts(frame.machineId);
}

/** The receiver's words for a refusal it made (kept among its bad connections). */
export function describeRefusal(cause: HelloRefusalCause, frame: Frame): string {
  switch (cause) {
    case 'not-hello':
      return `first frame was ${frame.kind}, not hello`;
    case 'run':
      return 'hello for another run';
    case 'token':
      return 'wrong token';
    case 'not-a-peer':
      return `hello from machine ${frame.kind === 'hello' ? frame.machineId : '?'}, not a peer`;
    case 'second-connection':
      return 'second connection';
  }
}

/** How long a refused caller has to read the refusal before the connection is destroyed. */
const refusalLingerMs = 1000;

export interface GreetedConnectionHandlers {
  readonly expected: HelloExpectations;
  /** A peer greeted correctly; its frames follow. */
  readonly greeted: (machineId: number) => void;
  readonly frame: (frame: Frame, machineId: number) => void;
  readonly refused: (reason: string) => void;
  /** A hello was refused (after `refused`): its cause and the hello, for callers that act on it. */
  readonly helloRefused?: (cause: HelloRefusalCause, frame: Frame) => void;
  /** The connection closed; `machineId` is -1 when it never greeted. */
  readonly closed: (machineId: number) => void;
}

/** Serves `socket` as described above; `clock` times the hello deadline and the refusal linger. */
export function serveGreetedConnection(
  socket: net.Socket,
  handlers: GreetedConnectionHandlers,
  clock: WallClock,
): void {
  socket.setNoDelay(true);
  let machineId = -1;
  /** A refused connection says nothing more worth reading. */
  let refused = false;
  const refuse = (reason: string) => {
    refused = true;
    handlers.refused(reason);
    socket.destroy();
  };
  const helloTimer = clock.after(helloTimeoutMs, () => refuse('no hello within 5 s'));
  helloTimer.unref();
  const decoder = new FrameDecoder();
  socket.on('data', (chunk: Buffer) => {
    if (refused) return;
    for (const frame of decoder.push(chunk)) {
      if (machineId >= 0) {
        handlers.frame(frame, machineId);
        continue;
      }
      helloTimer.cancel();
      const refusal = helloRefusal(frame, handlers.expected);
      if (refusal !== null) {
        refused = true;
        handlers.refused(describeRefusal(refusal, frame));
        handlers.helloRefused?.(refusal, frame);
        // Said, then closed: end() sends the frame before the FIN; destroy() could drop it.
        socket.end(encodeFrame({ kind: 'refused', v: protocolVersion, cause: refusal }));
        clock.after(refusalLingerMs, () => socket.destroy()).unref();
        return;
      }
      machineId = (frame as Extract<Frame, { kind: 'hello' }>).machineId;
      handlers.greeted(machineId);
    }
    if (decoder.error !== null) refuse(describeDecodeError(decoder.error));
  });
  socket.on('error', () => {});
  socket.on('close', () => {
    helloTimer.cancel();
    handlers.closed(machineId);
  });
}
