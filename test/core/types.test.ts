/**
 * Goal: the vocabulary's fixed parts: event kinds in the order counts and tables use, the peer
 * markers, and a snapshot that stays put while the driver reuses its event record.
 */
import { describe, expect, it } from 'vitest';
import { eventKinds, noPeer, StepEvent, snapshotEvent, toEveryPeer } from '../../core/index.js';

describe('the model vocabulary', () => {
  it('lists event kinds as internal, send, receive', () => {
    expect(eventKinds).toEqual(['internal', 'send', 'receive']);
  });

  it('keeps the peer markers apart from every machine id and from each other', () => {
    expect(toEveryPeer).toBeLessThan(0);
    expect(noPeer).toBeLessThan(0);
    expect(noPeer).not.toBe(toEveryPeer);
  });

  it('starts an event record as an internal event with no peer, and snapshots it by value', () => {
    const event = new StepEvent();
    expect(snapshotEvent(event)).toEqual({
      kind: 'internal',
      seq: 0,
      clock: 0,
      queueLength: 0,
      senderId: noPeer,
      sendSeq: 0,
      messageClock: 0,
      to: noPeer,
    });
    const snapshot = snapshotEvent(event);
    event.kind = 'send';
    event.clock = 5;
    expect(snapshot).toMatchObject({ kind: 'internal', clock: 0 });
  });
});
