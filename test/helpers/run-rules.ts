/**
 * The rules every run must obey, checked over an in-memory run. It returns the broken rules in
 * words (empty when all hold), so a failing property prints what went wrong, not just "false".
 * This is the tests' own oracle; the `check` command (a later issue) checks logs on disk.
 */
import { messageId, noPeer, toEveryPeer } from '../../core/index.js';
import type { MemoryRun, RecordedEvent } from './memory-run.js';
import { eventsByMachine, machineCountOf, receiversOf } from './memory-run.js';

interface SentCopy {
  readonly timeUs: number;
  readonly clock: number;
  /** Position of the send in the driver's event order. */
  readonly order: number;
  received: boolean;
}

export function brokenRules(run: MemoryRun): string[] {
  const broken: string[] = [];
  const perMachine = eventsByMachine(run);
  perMachine.forEach((events, machineId) => {
    checkMachine(machineId, machineCountOf(run), events, broken);
  });
  checkMessages(run, broken);
  return broken;
}

function checkMachine(
  machineId: number,
  machineCount: number,
  events: readonly RecordedEvent[],
  broken: string[],
): void {
  let previousClock = 0;
  let previousTimeUs = -1;
  events.forEach(({ event, timeUs }, index) => {
    const where = `machine ${machineId} seq ${event.seq}`;
    if (event.seq !== index + 1) broken.push(`${where}: seq should be ${index + 1}`);
    if (timeUs <= previousTimeUs) broken.push(`${where}: time did not increase`);
    if (event.clock <= previousClock) broken.push(`${where}: clock did not increase`);
    switch (event.kind) {
      case 'internal':
      case 'send':
        if (event.clock !== previousClock + 1) broken.push(`${where}: ${event.kind} must add 1`);
        if (event.queueLength !== 0) broken.push(`${where}: acted with a non-empty queue`);
        break;
      case 'receive': {
        const expected = Math.max(previousClock, event.messageClock) + 1;
        if (event.clock !== expected) broken.push(`${where}: receive should give ${expected}`);
        if (event.to !== noPeer) broken.push(`${where}: a receive has no receiver`);
        break;
      }
    }
    if (event.kind === 'send') {
      if (event.messageClock !== event.clock) {
        broken.push(`${where}: a send's message must carry the send's clock`);
      }
      if (event.senderId !== machineId || event.sendSeq !== event.seq) {
        broken.push(`${where}: a send's message must be ${machineId}-${event.seq}`);
      }
      const to = event.to;
      if (to !== toEveryPeer && !(Number.isInteger(to) && to >= 0 && to < machineCount)) {
        broken.push(`${where}: sent to ${to}, not a machine`);
      }
    }
    if (event.kind === 'internal' && (event.senderId !== noPeer || event.to !== noPeer)) {
      broken.push(`${where}: an internal event has no peer`);
    }
    previousClock = event.clock;
    previousTimeUs = timeUs;
  });
}

function checkMessages(run: MemoryRun, broken: string[]): void {
  const copies = new Map<string, SentCopy>();
  let sent = 0;
  let received = 0;
  const lastSendOrderPerChannel = new Map<string, number>();
  const fifoPromised = run.config.latency.kind === 'constant' || run.config.fifo;
  run.events.forEach(({ machineId, timeUs, event }, order) => {
    if (event.kind === 'send') {
      for (const receiverId of receiversOf(machineId, event, machineCountOf(run))) {
        if (receiverId === machineId) broken.push(`${machineId}: sent to itself`);
        copies.set(`${messageId(event.senderId, event.sendSeq)}>${receiverId}`, {
          timeUs,
          clock: event.messageClock,
          order,
          received: false,
        });
        sent += 1;
      }
    }
    if (event.kind !== 'receive') return;
    received += 1;
    const id = messageId(event.senderId, event.sendSeq);
    const copy = copies.get(`${id}>${machineId}`);
    if (copy === undefined) {
      broken.push(`machine ${machineId} received ${id}, never sent to it (or not yet)`);
      return;
    }
    if (copy.received) broken.push(`machine ${machineId} received ${id} twice`);
    if (copy.clock !== event.messageClock) broken.push(`${id}: clock changed in transit`);
    if (copy.timeUs > timeUs) broken.push(`${id}: received before it was sent`);
    if (run.config.latency.kind === 'constant' && copy.timeUs === timeUs) {
      broken.push(`${id}: received at the instant it was sent`);
    }
    copy.received = true;
    const channel = `${event.senderId}>${machineId}`;
    const lastOrder = lastSendOrderPerChannel.get(channel) ?? -1;
    if (fifoPromised && copy.order < lastOrder) broken.push(`${channel}: FIFO broken at ${id}`);
    lastSendOrderPerChannel.set(channel, copy.order);
  });
  const queued = run.result.machines.reduce((sum, machine) => sum + machine.queueLength, 0);
  const inFlight = run.result.machines.reduce((sum, machine) => sum + machine.inFlight, 0);
  if (sent !== received + queued + inFlight) {
    broken.push(
      `conservation: sent ${sent} != received ${received} + queued ${queued} + in flight ${inFlight}`,
    );
  }
}
