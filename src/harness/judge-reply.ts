/**
 * A child's answer to one tick, judged against what the protocol leaves it no choice about:
 * with messages queued it takes the oldest (the one the harness delivered first), and reports
 * its queue as the harness counts it; with none queued it does what the roll says. What it may
 * get wrong, its clocks, is written to the log as it said and judged by `check` (rules 1, 2, 5).
 *
 * On success the event is written into `event` as the built-in machine's step would write it,
 * and the machine's state (its queue, seq and clock) follows; on a violation nothing of the
 * event is logged and the one-line reason is returned.
 */
import {
  type ActionPolicy,
  actionInternal,
  actionSendAll,
  type MachineState,
  type MessageQueue,
  messageId,
  noPeer,
  peerIdAt,
  type StepEvent,
  toEveryPeer,
} from '../../core/index.js';
import type { TickReply } from './protocol.js';

/** What a roll means, as the core's rollAction maps it (peer index, send-all or internal). */
export function actionOfRoll(policy: ActionPolicy, roll: number): number {
  if (roll <= policy.facesSendOne) return Math.floor((roll - 1) / policy.facesPerPeer);
  if (roll <= policy.facesSendAllEnd) return actionSendAll;
  return actionInternal;
}

function describeAction(machine: MachineState<MessageQueue>, action: number): string {
  if (action === actionInternal) return 'an internal event';
  if (action === actionSendAll) return 'a send to every other machine';
  return `a send to machine ${peerIdAt(machine.id, action)}`;
}

function describeReply(reply: TickReply): string {
  if (reply.kind === 'send') return `a send to ${JSON.stringify(reply.to)}`;
  if (reply.kind === 'receive') return `a receive of ${reply.msgId}`;
  return 'an internal event';
}

/**
 * The `to` the log writes for a send to `to` when the roll says `expected`, or null when the
 * receivers are not the roll's (with two machines "to every other" and "to the other" name the
 * same receiver and differ by the roll alone, as in the built-in model).
 */
function sendTarget(
  machine: MachineState<MessageQueue>,
  expected: number,
  to: readonly number[],
): number | null {
  if (expected >= 0) {
    const peerId = peerIdAt(machine.id, expected);
    return to.length === 1 && to[0] === peerId ? peerId : null;
  }
  if (expected !== actionSendAll || to.length !== machine.machineCount - 1) return null;
  const sorted = [...to].sort((a, b) => a - b);
  return sorted.every((id, index) => id === peerIdAt(machine.id, index)) ? toEveryPeer : null;
}

/** Judges and applies a tick's reply; returns null when it is the model's, else why not. */
export function applyReply(
  machine: MachineState<MessageQueue>,
  roll: number | null,
  reply: TickReply,
  event: StepEvent,
): string | null {
  const queued = machine.queue.length;
  if (roll === null) return applyReceive(machine, queued, reply, event);
  const expected = actionOfRoll(machine.policy, roll);
  const target = reply.kind === 'send' ? sendTarget(machine, expected, reply.to) : null;
  const matches = expected === actionInternal ? reply.kind === 'internal' : target !== null;
  if (!matches || reply.kind === 'receive') {
    return `nothing queued and roll ${roll}: expected ${describeAction(machine, expected)}, got ${describeReply(reply)}`;
  }
  const seq = machine.seq + 1;
  machine.seq = seq;
  machine.clock = reply.clock;
  event.seq = seq;
  event.clock = reply.clock;
  event.queueLength = 0;
  if (reply.kind === 'internal') {
    event.kind = 'internal';
    event.senderId = noPeer;
    event.sendSeq = 0;
    event.messageClock = 0;
    event.to = noPeer;
    return null;
  }
  event.kind = 'send';
  event.senderId = machine.id;
  event.sendSeq = seq;
  event.messageClock = reply.msgClock;
  event.to = target as number;
  return null;
}

function applyReceive(
  machine: MachineState<MessageQueue>,
  queued: number,
  reply: TickReply,
  event: StepEvent,
): string | null {
  // The oldest message, taken off the harness's copy of the queue; on a violation it goes back
  // (at the end: the run stops here, and only the queue's length, the manifest's queuedAtEnd,
  // is read after).
  machine.queue.shiftInto(event);
  const why = receiveViolation(machine, queued, reply, event);
  if (why !== null) {
    machine.queue.push(event.senderId, event.sendSeq, event.messageClock);
    return why;
  }
  const seq = machine.seq + 1;
  machine.seq = seq;
  machine.clock = reply.clock;
  event.kind = 'receive';
  event.seq = seq;
  event.clock = reply.clock;
  event.queueLength = machine.queue.length;
  event.to = noPeer;
  return null;
}

function receiveViolation(
  machine: MachineState<MessageQueue>,
  queued: number,
  reply: TickReply,
  event: StepEvent,
): string | null {
  const oldest = messageId(event.senderId, event.sendSeq);
  if (reply.kind !== 'receive') {
    return `${queued} message(s) queued: expected a receive of ${oldest} (the oldest), got ${describeReply(reply)}`;
  }
  if (reply.msgId !== oldest) {
    return `receive of ${reply.msgId}: expected ${oldest}, the oldest of the ${queued} message(s) queued`;
  }
  if (reply.msgClock !== event.messageClock) {
    return `receive of ${oldest}: "msg_clock" expected ${event.messageClock} (as delivered), got ${reply.msgClock}`;
  }
  if (reply.queue !== machine.queue.length) {
    return `receive of ${oldest}: "queue" expected ${machine.queue.length} (delivered and not yet taken), got ${reply.queue}`;
  }
  return null;
}
