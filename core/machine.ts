/**
 * One model machine and its step. The machine owns its Lamport clock, its event counter and its
 * network queue; it does not own time or the network. A driver calls `deliver` when a message
 * reaches the machine and `tick` on every clock tick, and routes what `tick` returns.
 *
 * The state is mutated in place for speed (the simulator runs millions of ticks per second).
 * The contract that keeps this testable: same state, same message or same rng draws, same result.
 */
import { assert } from './assert.js';
import { clockAfterLocalEvent, clockAfterReceive } from './clock.js';
import { actionInternal, actionSendAll, type ActionPolicy, rollAction } from './policy.js';
import { MessageQueue } from './message-queue.js';
import type { Rng } from './rng.js';
import type { MachineId, Message, StepResult } from './types.js';

export interface MachineState {
  readonly id: MachineId;
  /** Every other machine's id, ascending: "the first other machine" is peerIds[0]. */
  readonly peerIds: readonly MachineId[];
  /** One single-element array per peer, made once so a send allocates no receiver list. */
  readonly peerIdsSingle: readonly (readonly MachineId[])[];
  readonly policy: ActionPolicy;
  readonly queue: MessageQueue;
  /** Lamport clock; starts at 0 and only rises. */
  clock: number;
  /** Number of events so far; the next event's seq is seq + 1. */
  seq: number;
}

export function createMachine(
  id: MachineId,
  machineCount: number,
  policy: ActionPolicy,
): MachineState {
  assert(Number.isSafeInteger(machineCount) && machineCount >= 2, 'need at least 2 machines');
  assert(Number.isSafeInteger(id) && id >= 0 && id < machineCount, `machine id ${id} out of range`);
  const peerIds: MachineId[] = [];
  for (let peerId = 0; peerId < machineCount; peerId += 1) {
    if (peerId !== id) peerIds.push(peerId);
  }
  return {
    id,
    peerIds,
    peerIdsSingle: peerIds.map((peerId) => [peerId]),
    policy,
    queue: new MessageQueue(),
    clock: 0,
    seq: 0,
  };
}

/** A message reached this machine: it waits in the queue; the clock is untouched until a tick. */
export function deliver(machine: MachineState, message: Message): void {
  assert(message.senderId !== machine.id, 'a machine never sends to itself');
  machine.queue.push(message);
}

/**
 * One clock tick: take one message off the queue if there is one, else roll the die.
 * Returns the single event this tick produced.
 */
export function tick(machine: MachineState, rng: Rng): StepResult {
  const seq = machine.seq + 1;
  machine.seq = seq;
  if (machine.queue.length > 0) {
    const message = machine.queue.shift();
    const clock = clockAfterReceive(machine.clock, message.clock);
    machine.clock = clock;
    return { kind: 'receive', seq, clock, queueLength: machine.queue.length, message };
  }
  const clock = clockAfterLocalEvent(machine.clock);
  machine.clock = clock;
  const action = rollAction(machine.policy, rng);
  if (action === actionInternal) return { kind: 'internal', seq, clock, queueLength: 0 };
  const receiverIds = action === actionSendAll ? machine.peerIds : machine.peerIdsSingle[action];
  assert(receiverIds !== undefined, 'peer index out of range');
  // The send increments first; every copy carries the new value (seeds: one event, one bump).
  const message: Message = { senderId: machine.id, sendSeq: seq, clock };
  return { kind: 'send', seq, clock, queueLength: 0, receiverIds, message };
}

/** The id written in logs for a message: `<sender>-<seq of the send>`. */
export function messageId(message: Message): string {
  return `${message.senderId}-${message.sendSeq}`;
}
