/**
 * The receiving side of a TCP-mode connection, shared by machines and the router: a connection
 * must greet with a valid `hello` within five seconds, then its frames are handed on in order.
 * A connection that greets wrongly, sends bytes that do not decode, or stays silent is closed and
 * its reason reported, so only the run's own peers can inject messages.
 */
import type net from 'node:net';
import { describeDecodeError, type Frame, FrameDecoder } from './framing.js';

export const helloTimeoutMs = 5000;

export interface HelloExpectations {
  readonly runId: string;
  readonly token: string;
  /** Whether a machine id may connect here (a peer, not yet connected). */
  readonly accepts: (machineId: number) => string | null;
}

/** Null when the frame is an acceptable hello, else why it is refused. */
export function helloRefusal(frame: Frame, expected: HelloExpectations): string | null {
  if (frame.kind !== 'hello') return `first frame was ${frame.kind}, not hello`;
  if (frame.runId !== expected.runId) return 'hello for another run';
  if (frame.token !== expected.token) return 'wrong token';
  return expected.accepts(frame.machineId);
}

export interface GreetedConnectionHandlers {
  readonly expected: HelloExpectations;
  /** A peer greeted correctly; its frames follow. */
  readonly greeted: (machineId: number) => void;
  readonly frame: (frame: Frame, machineId: number) => void;
  readonly refused: (reason: string) => void;
  /** The connection closed; `machineId` is -1 when it never greeted. */
  readonly closed: (machineId: number) => void;
}

export function serveGreetedConnection(
  socket: net.Socket,
  handlers: GreetedConnectionHandlers,
): void {
  socket.setNoDelay(true);
  let machineId = -1;
  const refuse = (reason: string) => {
    handlers.refused(reason);
    socket.destroy();
  };
  const helloTimer = setTimeout(() => refuse('no hello within 5 s'), helloTimeoutMs);
  helloTimer.unref();
  const decoder = new FrameDecoder();
  socket.on('data', (chunk: Buffer) => {
    for (const frame of decoder.push(chunk)) {
      if (machineId >= 0) {
        handlers.frame(frame, machineId);
        continue;
      }
      clearTimeout(helloTimer);
      const refusal = helloRefusal(frame, handlers.expected);
      if (refusal !== null) {
        refuse(refusal);
        return;
      }
      machineId = (frame as Extract<Frame, { kind: 'hello' }>).machineId;
      handlers.greeted(machineId);
    }
    if (decoder.error !== null) refuse(describeDecodeError(decoder.error));
  });
  socket.on('error', () => {});
  socket.on('close', () => {
    clearTimeout(helloTimer);
    handlers.closed(machineId);
  });
}
