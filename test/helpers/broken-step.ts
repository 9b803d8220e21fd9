/**
 * The core's machine step, copied, with one of Lamport's rules broken: tests prove that `check`,
 * `regress` and the properties catch each fault. The receive computes max(clock, msg) + 1 inline
 * rather than through clockAfterReceive, whose assertion (msg clock >= 1) would stop the run with
 * the pre-increment fault before any log is checked.
 */
import {
  actionInternal,
  actionSendAll,
  clockAfterLocalEvent,
  noPeer,
  peerIdAt,
  rollAction,
  toEveryPeer,
} from '../../core/index.js';
import type { MachineStep } from '../../transports/virtual/simulation.js';

export type StepFault =
  | 'send-carries-old-clock'
  | 'receive-without-plus-one'
  | 'receive-without-max'
  | 'internal-does-not-tick';

export function brokenStep(fault: StepFault): MachineStep {
  return (machine, rng, event) => {
    const seq = machine.seq + 1;
    machine.seq = seq;
    event.seq = seq;
    const queue = machine.queue;
    if (queue.length > 0) {
      queue.shiftInto(event);
      let clock = Math.max(machine.clock, event.messageClock) + 1;
      if (fault === 'receive-without-plus-one') clock = Math.max(machine.clock, event.messageClock);
      if (fault === 'receive-without-max') clock = event.messageClock + 1;
      machine.clock = clock;
      event.kind = 'receive';
      event.clock = clock;
      event.queueLength = queue.length;
      event.to = noPeer;
      return;
    }
    const before = machine.clock;
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
      if (fault === 'internal-does-not-tick') {
        machine.clock = before;
        event.clock = before;
      }
      return;
    }
    if (action !== actionSendAll && action >= machine.machineCount - 1) {
      throw new Error('peer index out of range');
    }
    event.kind = 'send';
    event.senderId = machine.id;
    event.sendSeq = seq;
    event.messageClock = fault === 'send-carries-old-clock' ? before : clock;
    event.to = action === actionSendAll ? toEveryPeer : peerIdAt(machine.id, action);
  };
}
