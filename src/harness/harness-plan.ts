/**
 * The run's structure, worked out ahead of the children's answers. In lamport-lab's model a
 * clock never decides anything: who ticks when (the TickQueue), whether a tick receives (the
 * queue is not empty) or rolls (the seeded die), where a send goes and when it arrives (the
 * VirtualNetwork's latency draws) are all the same whatever the clocks are. So the plan runs the
 * virtual driver's own scheduling and network ahead, with every clock unknown, and lists in the
 * simulator's order what happens: deliveries (before the ticks of their instant) and ticks (each
 * with its roll, or none when a message is queued).
 *
 * What a child says can only confirm the plan or break it: a child that does not receive when
 * its queue holds a message, or does not do what the roll says, is a finding and the run stops
 * there. So the harness can send each child its ticks as far ahead as the clocks its deliveries
 * carry are known, instead of one round trip per tick (harness-driver.ts).
 */
import {
  type ActionPolicy,
  actionInternal,
  actionSendAll,
  buildActionPolicy,
  drawUniform,
  MessageQueue,
  peerIdAt,
  type Rng,
  StepEvent,
  toEveryPeer,
} from '../../core/index.js';
import type { FaultEvidence, RestartClock } from '../../transports/fault-config.js';
import type { RunConfig } from '../../transports/run-config.js';
import { seededRngFactory, streamNames } from '../../transports/seeded-rng.js';
import { TickQueue } from '../../transports/virtual/tick-queue.js';
import { VirtualNetwork } from '../../transports/virtual/virtual-network.js';
import { actionOfRoll } from './judge-reply.js';

/** A message reaching `receiverId`'s queue: the sender's clock is filled in from its answer. */
export interface PlannedDelivery {
  readonly kind: 'deliver';
  readonly timeUs: number;
  readonly receiverId: number;
  readonly senderId: number;
  readonly sendSeq: number;
}

/** A tick: `roll` when the queue is empty, else null; `reply` once the child answered. */
export interface PlannedTick {
  readonly kind: 'tick';
  readonly timeUs: number;
  readonly machineId: number;
  /** The event's number on its machine (a send's message is `<machineId>-<seq>`). */
  readonly seq: number;
  readonly roll: number | null;
  reply: unknown;
  /** A send's copies under corrupt-clock: what they carry, set as the child's answer is read. */
  lie: ClockLie | null;
}

/** What corrupt-clock did to one send (its faults.csv `corrupt` rows say the same). */
export interface ClockLie {
  readonly faultIndex: number;
  readonly trueClock: number;
  readonly carriedClock: number;
  readonly clamped: boolean;
}

/**
 * A restart (a run with faults): the child is told its clock (from its own last event, by the
 * fault's rule) and answers its restart row; `evidence` is the faults.csv row the simulator made,
 * whose clocks the log side fills in from the child's.
 */
export interface PlannedRestart {
  readonly kind: 'restart';
  readonly timeUs: number;
  readonly machineId: number;
  readonly rule: RestartClock;
  readonly evidence: Extract<FaultEvidence, { action: 'restart' }>;
  reply: unknown;
}

/**
 * Any other fault action (a run with faults), in the simulator's order: a faults.csv row. A
 * crash is also a line to its machine's child.
 */
export interface PlannedFault {
  readonly kind: 'fault';
  readonly evidence: FaultEvidence;
}

export type PlannedStep = PlannedDelivery | PlannedTick | PlannedRestart | PlannedFault;

/** What the driver needs of a plan: the fault-free one below, or faulted-plan.ts. */
export interface StepPlan {
  readonly policy: ActionPolicy;
  readonly done: boolean;
  /** Appends the next tick (or restart) and what comes before it, in the simulator's order. */
  next(out: PlannedStep[]): void;
}

export class HarnessPlan implements StepPlan {
  readonly policy: ActionPolicy;
  readonly #durationUs: number;
  readonly #ticks: TickQueue;
  readonly #network: VirtualNetwork;
  readonly #instantUs = Float64Array.of(-1);
  readonly #queues: MessageQueue[] = [];
  readonly #seqs: number[] = [];
  readonly #actionRngs: Rng[] = [];
  readonly #event = new StepEvent();
  #done = false;

  constructor(config: RunConfig) {
    const machineCount = config.ratesMilliHz.length;
    const rngFor = seededRngFactory(config.seed);
    this.#durationUs = config.durationUs;
    this.#network = new VirtualNetwork(config, rngFor, this.#instantUs);
    this.policy = buildActionPolicy(machineCount - 1, config.internalProbability);
    for (let id = 0; id < machineCount; id += 1) {
      this.#queues.push(new MessageQueue());
      this.#seqs.push(0);
      this.#actionRngs.push(rngFor(streamNames.actions(id)));
    }
    this.#ticks = new TickQueue(config.ratesMilliHz);
  }

  /** True once every tick of the run and the deliveries by its end are planned. */
  get done(): boolean {
    return this.#done;
  }

  /** Plans the next tick (and the deliveries before it, or at the end those by the end). */
  next(out: PlannedStep[]): void {
    if (this.#done) return;
    const timeUs = this.#ticks.nextTimeUs;
    if (timeUs > this.#durationUs) {
      // As the simulator ends: what arrived by the end is queued, the rest is in flight.
      this.#deliver(this.#durationUs, out);
      this.#done = true;
      return;
    }
    if (timeUs !== this.#instantUs[0]) {
      this.#instantUs[0] = timeUs;
      if (this.#network.nextArriveUs <= timeUs) this.#deliver(timeUs, out);
    }
    const id = this.#ticks.nextMachineId;
    this.#ticks.advanceNext();
    out.push(this.#tick(id, timeUs));
  }

  #deliver(timeUs: number, out: PlannedStep[]): void {
    const network = this.#network;
    network.deliverByUs[0] = timeUs;
    network.deliverUntil();
    const event = this.#event;
    network.queues.forEach((queue, receiverId) => {
      while (queue.length > 0) {
        queue.shiftInto(event);
        (this.#queues[receiverId] as MessageQueue).push(event.senderId, event.sendSeq, 0);
        const { senderId, sendSeq } = event;
        out.push({ kind: 'deliver', timeUs, receiverId, senderId, sendSeq });
      }
    });
  }

  #tick(id: number, timeUs: number): PlannedTick {
    const seq = (this.#seqs[id] as number) + 1;
    this.#seqs[id] = seq;
    const queue = this.#queues[id] as MessageQueue;
    if (queue.length > 0) {
      queue.shiftInto(this.#event);
      return { kind: 'tick', timeUs, machineId: id, seq, roll: null, reply: null, lie: null };
    }
    const roll = drawUniform(this.#actionRngs[id] as Rng, this.policy.die);
    const action = actionOfRoll(this.policy, roll);
    if (action !== actionInternal) {
      // The send goes on the wire now, as in the simulator; its clock is not known yet.
      const event = this.#event;
      event.kind = 'send';
      event.senderId = id;
      event.sendSeq = seq;
      event.messageClock = 0;
      event.to = action === actionSendAll ? toEveryPeer : peerIdAt(id, action);
      this.#network.route(id, event);
    }
    return { kind: 'tick', timeUs, machineId: id, seq, roll, reply: null, lie: null };
  }
}
