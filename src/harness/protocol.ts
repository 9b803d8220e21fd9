/**
 * The harness's line protocol (docs/HARNESS.md): one JSON object per line on the child's stdin
 * (what lamport-lab tells it) and stdout (what it answers). Version 1. The harness owns time,
 * the network and the die; the child owns its clock and its queue, and answers every `tick`
 * with the one event it made, which the harness logs as it would its own machine's.
 *
 * Replies are read by hand, not with a schema library: every tick of a run goes through here,
 * and what a wrong reply is must be said in one line naming the field, for the finding.
 */
import type { ActionPolicy } from '../../core/index.js';

export const protocolVersion = 1;

/** A reply longer than this is a finding (a runaway child), not something to buffer forever. */
export const replyBytesMax = 65_536;

/** The die as the child reads a roll: faces 1..faces, in blocks (core/policy.ts). */
export interface DieLayout {
  readonly faces: number;
  /** Faces 1..send_one_end send to one peer: face f to peer index floor((f-1)/faces_per_peer). */
  readonly send_one_end: number;
  readonly faces_per_peer: number;
  /** Faces send_one_end+1..send_all_end send to every other machine; the rest are internal. */
  readonly send_all_end: number;
}

export function dieLayoutOf(policy: ActionPolicy): DieLayout {
  return {
    faces: policy.faces,
    send_one_end: policy.facesSendOne,
    faces_per_peer: policy.facesPerPeer,
    send_all_end: policy.facesSendAllEnd,
  };
}

export interface InitMessage {
  readonly v: number;
  readonly type: 'init';
  readonly machine: number;
  readonly machines: number;
  readonly rate_hz: number;
  readonly internal_probability: { readonly numerator: number; readonly denominator: number };
  readonly die: DieLayout;
  /** The ids of the other machines, ascending: peer index k is peers[k]. */
  readonly peers: readonly number[];
}

/** The lines sent to a child, each built by hand (they are the hot path). */
export function initLine(message: InitMessage): string {
  return `${JSON.stringify(message)}\n`;
}

export function deliverLine(
  timeUs: number,
  msgId: string,
  senderId: number,
  msgClock: number,
): string {
  return `{"v":1,"type":"deliver","time_us":${timeUs},"msg_id":"${msgId}","sender":${senderId},"msg_clock":${msgClock}}\n`;
}

/** `roll` only on an idle tick (the child's queue empty), null otherwise. */
export function tickLine(timeUs: number, roll: number | null): string {
  if (roll === null) return `{"v":1,"type":"tick","time_us":${timeUs}}\n`;
  return `{"v":1,"type":"tick","time_us":${timeUs},"roll":${roll}}\n`;
}

export const stopLine = '{"v":1,"type":"stop"}\n';

/** The machine goes down: its queue is emptied (`drop`) or kept; no answer. */
export function crashLine(timeUs: number, queue: 'drop' | 'keep'): string {
  return `{"v":1,"type":"crash","time_us":${timeUs},"queue":"${queue}"}\n`;
}

/** The machine comes back with `clock` (persisted, lease) or 0 (reset: null); answered. */
export function restartLine(timeUs: number, clock: number | null): string {
  if (clock === null) return `{"v":1,"type":"restart","time_us":${timeUs}}\n`;
  return `{"v":1,"type":"restart","time_us":${timeUs},"clock":${clock}}\n`;
}

/** What a child answers to a restart: its clock now (the restart row's). */
export interface RestartReply {
  readonly kind: 'restart';
  readonly clock: number;
}

export function readRestartReply(line: string): RestartReply {
  const object = objectOf(line);
  if (object.event !== 'restart') {
    throw new GarbageReply(
      `"event": expected "restart" (the answer to restart), got ${show(object.event)}`,
    );
  }
  return { kind: 'restart', clock: naturalField(object, 'clock') };
}

/** What a child answers to a tick, once read and shaped (not yet judged against the model). */
export type TickReply =
  | {
      readonly kind: 'receive';
      readonly msgId: string;
      readonly msgClock: number;
      readonly clock: number;
      readonly queue: number;
    }
  | {
      readonly kind: 'send';
      readonly to: readonly number[];
      readonly clock: number;
      readonly msgClock: number;
    }
  | { readonly kind: 'internal'; readonly clock: number };

/** A line the child wrote that is not a reply of the protocol: the one-line reason. */
export class GarbageReply extends Error {
  override readonly name = 'GarbageReply';
}

function objectOf(line: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw new GarbageReply('expected one JSON object per line, got text that is not JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new GarbageReply('expected one JSON object per line, got another JSON value');
  }
  return value as Record<string, unknown>;
}

function naturalField(object: Record<string, unknown>, field: string): number {
  const value = object[field];
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new GarbageReply(
      `"${field}": expected a whole number >= 0, got ${JSON.stringify(value)}`,
    );
  }
  return value;
}

/** The answer to `init`: {"type":"ready","v":1}. */
export function readReady(line: string): void {
  const object = objectOf(line);
  if (object.type !== 'ready') {
    throw new GarbageReply(
      `"type": expected "ready" (the answer to init), got ${show(object.type)}`,
    );
  }
  if (object.v !== protocolVersion) {
    throw new GarbageReply(
      `"v": expected protocol version ${protocolVersion}, got ${show(object.v)}`,
    );
  }
}

export function readTickReply(line: string): TickReply {
  const object = objectOf(line);
  const event = object.event;
  switch (event) {
    case 'receive': {
      const msgId = object.msg_id;
      if (typeof msgId !== 'string') {
        throw new GarbageReply(
          `"msg_id": expected the id of a message delivered, got ${show(msgId)}`,
        );
      }
      return {
        kind: 'receive',
        msgId,
        msgClock: naturalField(object, 'msg_clock'),
        clock: naturalField(object, 'clock'),
        queue: naturalField(object, 'queue'),
      };
    }
    case 'send': {
      const to = object.to;
      if (
        !Array.isArray(to) ||
        to.some((id) => typeof id !== 'number' || !Number.isSafeInteger(id))
      ) {
        throw new GarbageReply(`"to": expected an array of machine ids, got ${show(to)}`);
      }
      return {
        kind: 'send',
        to: to as number[],
        clock: naturalField(object, 'clock'),
        msgClock: naturalField(object, 'msg_clock'),
      };
    }
    case 'internal':
      return { kind: 'internal', clock: naturalField(object, 'clock') };
    default:
      throw new GarbageReply(
        `"event": expected "receive", "send" or "internal" (the answer to tick), got ${show(event)}`,
      );
  }
}

/** A value as it appears in a finding: JSON, cut short. */
function show(value: unknown): string {
  const text = value === undefined ? 'nothing' : JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
