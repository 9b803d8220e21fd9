/**
 * The wire format of TCP mode: newline-delimited JSON frames, each at most `frameBytesMax` bytes,
 * each carrying the protocol version. A frame is one line, so messages can neither merge ("12" and
 * "13" read as 1213) nor be cut in two, however the bytes arrive: the decoder buffers partial
 * lines and splits many frames in one read. Anything else (an oversized line, bytes that are not
 * JSON, a frame of the wrong shape or version) is a decoding error that closes the connection.
 *
 * Pure: no sockets here; tcp code feeds bytes in and takes frames out.
 */
import { assertNever } from '../../core/index.js';

export const protocolVersion = 1;
/** The largest frame, its newline included, in bytes. */
export const frameBytesMax = 64 * 1024;

/** Every frame on the wire. */
export type Frame =
  /** First frame on every connection: who is calling, in which run, with which token. */
  | {
      readonly kind: 'hello';
      readonly v: number;
      readonly runId: string;
      readonly token: string;
      readonly machineId: number;
    }
  /**
   * A model message: sender, the send's seq, the clock it carries, its receivers, and the send's
   * time (its row's, µs since the start barrier), by which the router decides faults (issue 19).
   */
  | {
      readonly kind: 'msg';
      readonly v: number;
      readonly from: number;
      readonly seq: number;
      readonly clock: number;
      readonly to: readonly number[];
      readonly atUs?: number;
    }
  /** Barrier: the sender has every connection it needs (sent to the coordinator). */
  | { readonly kind: 'ready'; readonly v: number; readonly machineId: number }
  /** Barrier: start ticking at this wall-clock time (ms since the Unix epoch), from the coordinator. */
  | { readonly kind: 'start'; readonly v: number; readonly atEpochMs: number }
  /** The sender has stopped sending on this connection: everything before it has arrived. */
  | { readonly kind: 'fin'; readonly v: number; readonly machineId: number }
  /**
   * The receiver of a hello refuses it and says why before it closes the connection: without
   * it, a caller with the wrong token saw only closes and reconnected until its wait ran out.
   */
  | { readonly kind: 'refused'; readonly v: number; readonly cause: HelloRefusalCause };

/** Why a hello is refused: see greeting.ts. */
export const helloRefusalCauses = [
  'not-hello',
  'run',
  'token',
  'not-a-peer',
  'second-connection',
] as const;
export type HelloRefusalCause = (typeof helloRefusalCauses)[number];

export type FrameKind = Frame['kind'];

export type DecodeError =
  | { readonly kind: 'oversized'; readonly bytes: number }
  | { readonly kind: 'malformed'; readonly reason: string };

export function encodeFrame(frame: Frame): Buffer {
  const line = `${JSON.stringify(frame)}\n`;
  const bytes = Buffer.from(line, 'utf8');
  if (bytes.length > frameBytesMax)
    throw new RangeError(`frame of ${bytes.length} bytes exceeds ${frameBytesMax}`);
  return bytes;
}

/**
 * Splits a byte stream into frames. `push` returns the complete frames in the chunk (and any
 * partial one completed by it); after an error the decoder stays failed.
 */
export class FrameDecoder {
  #pending: Buffer[] = [];
  #pendingBytes = 0;
  #error: DecodeError | null = null;

  get error(): DecodeError | null {
    return this.#error;
  }

  push(chunk: Buffer): Frame[] {
    const frames: Frame[] = [];
    let start = 0;
    while (this.#error === null) {
      const newline = chunk.indexOf(0x0a, start);
      if (newline < 0) {
        this.#keep(chunk.subarray(start));
        break;
      }
      const line = this.#take(chunk.subarray(start, newline));
      start = newline + 1;
      if (line.length + 1 > frameBytesMax) {
        this.#error = { kind: 'oversized', bytes: line.length + 1 };
        break;
      }
      const frame = parseFrame(line);
      if ('reason' in frame) this.#error = frame;
      else frames.push(frame);
    }
    return frames;
  }

  #keep(rest: Buffer): void {
    if (rest.length === 0) return;
    this.#pending.push(Buffer.from(rest));
    this.#pendingBytes += rest.length;
    // A line longer than the limit is refused as soon as it is, not when it ends.
    if (this.#pendingBytes > frameBytesMax)
      this.#error = { kind: 'oversized', bytes: this.#pendingBytes };
  }

  #take(tail: Buffer): Buffer {
    if (this.#pendingBytes === 0) return tail;
    const line = Buffer.concat([...this.#pending, tail]);
    this.#pending = [];
    this.#pendingBytes = 0;
    return line;
  }
}

const isNatural = (value: unknown): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

function parseFrame(line: Buffer): Frame | Extract<DecodeError, { kind: 'malformed' }> {
  let value: unknown;
  try {
    value = JSON.parse(line.toString('utf8'));
  } catch {
    return { kind: 'malformed', reason: 'not JSON' };
  }
  if (typeof value !== 'object' || value === null)
    return { kind: 'malformed', reason: 'not an object' };
  const frame = value as Record<string, unknown>;
  if (frame.v !== protocolVersion)
    return {
      kind: 'malformed',
      reason: `protocol version ${String(frame.v)}, expected ${protocolVersion}`,
    };
  const kind = frame.kind as FrameKind;
  const shapeOk = ((): boolean => {
    switch (kind) {
      case 'hello':
        return (
          typeof frame.runId === 'string' &&
          typeof frame.token === 'string' &&
          isNatural(frame.machineId)
        );
      case 'msg':
        return (
          isNatural(frame.from) &&
          isNatural(frame.seq) &&
          isNatural(frame.clock) &&
          Array.isArray(frame.to) &&
          frame.to.every(isNatural) &&
          (frame.atUs === undefined || isNatural(frame.atUs))
        );
      case 'ready':
      case 'fin':
        return isNatural(frame.machineId);
      case 'start':
        return isNatural(frame.atEpochMs);
      case 'refused':
        return helloRefusalCauses.includes(frame.cause as HelloRefusalCause);
      default:
        return false;
    }
  })();
  if (!shapeOk)
    return {
      kind: 'malformed',
      reason: `bad ${typeof kind === 'string' ? kind : 'unknown'} frame`,
    };
  return frame as unknown as Frame;
}

export function describeDecodeError(error: DecodeError): string {
  switch (error.kind) {
    case 'oversized':
      return `frame of ${error.bytes} bytes exceeds ${frameBytesMax}`;
    case 'malformed':
      return `malformed frame: ${error.reason}`;
    default:
      return assertNever(error, 'decode error');
  }
}
