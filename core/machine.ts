/**
 * One model machine and its step. The machine owns its Lamport clock, its event counter and its
 * network queue; it does not own time or the network. A driver calls `deliver` when a message
 * reaches the machine and `tick` on every clock tick, and routes what `tick` wrote.
 *
 * The state is mutated in place and the event is written into a record the driver owns, for
 * speed (the simulator runs millions of ticks per second and allocates nothing per tick).
 * The contract that keeps this testable: same state, same message or same rng draws, same event.
 *
 * A machine keeps no list of its peers: with 10 000 machines that would be 10^8 ids. Peer
 * index k (0..N-2, ascending ids, skipping the machine itself) is id k, or k + 1 from its own id on.
 */
import { assert } from './assert.js';
import { clockAfterLocalEvent, clockAfterReceive } from './clock.js';
import { MessageQueue } from './message-queue.js';
import type { NetworkQueue } from './network-queue.js';
import { type ActionPolicy, actionInternal, actionSendAll, rollAction } from './policy.js';
import type { Rng } from './rng.js';
import { type MachineId, noPeer, type StepEvent, toEveryPeer } from './types.js';

/**
 * `Q` is the queue's type: a MessageQueue unless a driver keeps queues its own way (the
 * simulator shares broadcasts between queues); the step itself only needs a NetworkQueue.
 */
export interface MachineState<Q extends NetworkQueue = MessageQueue> {
  readonly id: MachineId;
  readonly machineCount: number;
  readonly policy: ActionPolicy;
  readonly queue: Q;
  /** Lamport clock; starts at 0 and only rises. */
  clock: number;
  /** Number of events so far; the next event's seq is seq + 1. */
  seq: number;
}

export function createMachine(
  id: MachineId,
  machineCount: number,
  policy: ActionPolicy,
): MachineState;
export function createMachine<Q extends NetworkQueue>(
  id: MachineId,
  machineCount: number,
  policy: ActionPolicy,
  queue: Q,
): MachineState<Q>;
export function createMachine(
  id: MachineId,
  machineCount: number,
  policy: ActionPolicy,
  queue: NetworkQueue = new MessageQueue(),
): MachineState<NetworkQueue> {
  assert(Number.isSafeInteger(machineCount) && machineCount >= 2, 'need at least 2 machines');
  assert(Number.isSafeInteger(id) && id >= 0 && id < machineCount, `machine id ${id} out of range`);
  assert(queue.length === 0, 'a machine starts with an empty queue');
  return { id, machineCount, policy, queue, clock: 0, seq: 0 };
}

/** The id of a machine's peer number `peerIndex` (0-based, ascending ids, itself skipped). */
export function peerIdAt(machineId: MachineId, peerIndex: number): MachineId {
  return peerIndex < machineId ? peerIndex : peerIndex + 1;
}

/** A message reached this machine: it waits in the queue; the clock is untouched until a tick. */
export function deliver(
  machine: MachineState,
  senderId: MachineId,
  sendSeq: number,
  messageClock: number,
): void {
  assert(senderId !== machine.id, 'a machine never sends to itself');
  machine.queue.push(senderId, sendSeq, messageClock);
}

/**
 * One clock tick: take one message off the queue if there is one, else roll the die.
 * Writes the single event this tick produced into `event`.
 */
export function tick(machine: MachineState<NetworkQueue>, rng: Rng, event: StepEvent): void {
  const seq = machine.seq + 1;
  machine.seq = seq;
  event.seq = seq;
  const queue = machine.queue;
  if (queue.length > 0) {
    queue.shiftInto(event);
    const clock = clockAfterReceive(machine.clock, event.messageClock);
    machine.clock = clock;
    event.kind = 'receive';
    event.clock = clock;
    event.queueLength = queue.length;
    event.to = noPeer;
    return;
  }
  const clock = clockAfterLocalEvent(machine.clock);
  machine.clock = clock;
  event.clock = clock;
  event.queueLength = 0;
  const action = rollAction(machine.policy, rng);
  if (action === actionInternal) {
    event.kind = 'internal';
    event.senderId = noPeer;
    event.sendSeq = 0;
    event.messageClock = 0;
    event.to = noPeer;
    return;
  }
  assert(action === actionSendAll || action < machine.machineCount - 1, 'peer out of range');
  // The send increments first; every copy carries the new value (seeds: one event, one bump).
  event.kind = 'send';
  event.senderId = machine.id;
  event.sendSeq = seq;
  event.messageClock = clock;
  event.to = action === actionSendAll ? toEveryPeer : peerIdAt(machine.id, action);
}

/** How many copies a send event made: one, or one per other machine. */
export function copiesOf(event: StepEvent, machineCount: number): number {
  return event.to === toEveryPeer ? machineCount - 1 : 1;
}

/** The id written in logs for a message: `<sender>-<seq of the send>`. */
export function messageId(senderId: MachineId, sendSeq: number): string {
  return `${senderId}-${sendSeq}`;
}
