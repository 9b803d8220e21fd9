/**
 * The far end of a TCP-mode connection in a test: connects on loopback, writes frames (or raw
 * bytes), and keeps every frame it receives and whether the connection closed.
 */
import net from 'node:net';
import { encodeFrame, type Frame, FrameDecoder } from '../../transports/tcp/framing.js';

export interface FramePeer {
  readonly received: Frame[];
  readonly isClosed: () => boolean;
  send(frame: Frame): void;
  sendBytes(bytes: string): void;
  close(): void;
}

export function connectFramePeer(port: number): Promise<FramePeer> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    const received: Frame[] = [];
    const decoder = new FrameDecoder();
    let closed = false;
    socket.on('data', (chunk: Buffer) => received.push(...decoder.push(chunk)));
    socket.on('error', () => {});
    socket.on('close', () => {
      closed = true;
    });
    socket.once('connect', () =>
      resolve({
        received,
        isClosed: () => closed,
        send: (frame) => socket.write(encodeFrame(frame)),
        sendBytes: (bytes) => socket.write(bytes),
        close: () => socket.destroy(),
      }),
    );
    socket.once('error', reject);
  });
}

/** A server on a loopback port the OS picks; `onSocket` serves each connection. */
export function listenOnLoopback(
  onSocket: (socket: net.Socket) => void,
): Promise<{ port: number; close: () => Promise<void> }> {
  const server = net.createServer(onSocket);
  const sockets = new Set<net.Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () =>
      resolve({
        port: (server.address() as net.AddressInfo).port,
        close: () => {
          for (const socket of sockets) socket.destroy();
          return new Promise<void>((resolveClose) => server.close(() => resolveClose()));
        },
      }),
    );
  });
}
