/**
 * The virtual driver with each machine's step done by a child process. Time, the network and
 * the die are the virtual driver's own: its TickQueue (tick k at floor(k / rate)), its
 * VirtualNetwork (latency draws, FIFO, arrivals in arrival then send order before the ticks of
 * an instant) and each machine's seeded `actions` stream, drawn exactly where the core's step
 * draws (on a tick with nothing queued). So a child that keeps Lamport's rules makes the events
 * the built-in machine makes, and the logs are `run`'s byte for byte.
 *
 * Lockstep, batched per instant: the machines that tick at one instant never see each other's
 * messages of that instant (simulation.ts, rule 3), so they are asked together and their
 * replies logged in ascending id, as the simulator would. A machine that ticks twice in one
 * instant ends the batch before its second tick.
 *
 * The harness keeps its own copy of each child's queue (what it delivered, less what the child
 * took), which is how it knows an idle tick and can judge a receive.
 */
import {
  assert,
  buildActionPolicy,
  createMachine,
  drawUniform,
  type MachineState,
  MessageQueue,
  messageId,
  type Rng,
  StepEvent,
} from '../../core/index.js';
import type { DriverResult, EventSink, RunConfig } from '../../transports/run-config.js';
import { seededRngFactory, streamNames } from '../../transports/seeded-rng.js';
import { TickQueue } from '../../transports/virtual/tick-queue.js';
import { VirtualNetwork } from '../../transports/virtual/virtual-network.js';
import type { ChildFailure, ChildMachine } from './child-machine.js';
import { deliverLine, GarbageReply, readTickReply, type TickReply, tickLine } from './protocol.js';
import { applyReply } from './judge-reply.js';

/** What ended a run early: one machine's child, at one tick, and why. */
export interface HarnessFinding {
  readonly machineId: number;
  readonly timeUs: number;
  readonly kind: ChildFailure['kind'] | 'garbage' | 'model';
  readonly detail: string;
}

export interface HarnessDriveResult {
  readonly result: DriverResult;
  readonly finding: HarnessFinding | null;
}

export class HarnessDriver {
  readonly #config: RunConfig;
  readonly #children: readonly ChildMachine[];
  readonly #sink: EventSink;
  readonly #timeoutMs: number;
  readonly #machines: MachineState<MessageQueue>[] = [];
  readonly #actionRngs: Rng[] = [];
  readonly #ticks: TickQueue;
  readonly #network: VirtualNetwork;
  readonly #instantUs = Float64Array.of(-1);
  readonly #event = new StepEvent();
  /** Lines waiting to go to each child with its next tick (its deliveries). */
  readonly #pending: string[];
  #events = 0;

  constructor(
    config: RunConfig,
    parts: {
      readonly children: readonly ChildMachine[];
      readonly sink: EventSink;
      readonly timeoutMs: number;
    },
  ) {
    const machineCount = config.ratesMilliHz.length;
    assert(parts.children.length === machineCount, 'one child per machine');
    assert(config.faults.length === 0, 'the harness runs fault-free scenarios');
    this.#config = config;
    this.#children = parts.children;
    this.#sink = parts.sink;
    this.#timeoutMs = parts.timeoutMs;
    const rngFor = seededRngFactory(config.seed);
    this.#network = new VirtualNetwork(config, rngFor, this.#instantUs);
    const policy = buildActionPolicy(machineCount - 1, config.internalProbability);
    for (let id = 0; id < machineCount; id += 1) {
      this.#machines.push(createMachine(id, machineCount, policy, new MessageQueue()));
      this.#actionRngs.push(rngFor(streamNames.actions(id)));
    }
    this.#ticks = new TickQueue(config.ratesMilliHz);
    this.#pending = new Array<string>(machineCount).fill('');
  }

  get events(): number {
    return this.#events;
  }

  get timeUs(): number {
    return this.#instantUs[0] as number;
  }

  /** Runs to the end, a finding, or a stop request (polled between instants). */
  async run(shouldStop: () => boolean): Promise<HarnessDriveResult> {
    const endUs = this.#config.durationUs;
    const ticks = this.#ticks;
    while (!shouldStop()) {
      const timeUs = ticks.nextTimeUs;
      if (timeUs > endUs) return { result: this.#finish(true), finding: null };
      if (timeUs !== this.#instantUs[0]) {
        this.#instantUs[0] = timeUs;
        this.#deliverArrivals(timeUs);
      }
      const batch = this.#takeBatch(timeUs);
      const finding = await this.#tickBatch(timeUs, batch);
      if (finding !== null) return { result: this.#finish(false), finding };
    }
    return { result: this.#finish(false), finding: null };
  }

  /** The machines that tick at `timeUs`, each once, in the simulator's order (ascending id). */
  #takeBatch(timeUs: number): number[] {
    const ticks = this.#ticks;
    const batch: number[] = [];
    while (ticks.nextTimeUs === timeUs && !batch.includes(ticks.nextMachineId)) {
      batch.push(ticks.nextMachineId);
      ticks.advanceNext();
    }
    return batch;
  }

  /** Messages that arrived by `timeUs` into the queues, and their `deliver` lines queued. */
  #deliverArrivals(timeUs: number): void {
    const network = this.#network;
    if (network.nextArriveUs > timeUs) return;
    network.deliverByUs[0] = timeUs;
    network.deliverUntil();
    this.#moveArrivals(timeUs, true);
  }

  /** From the network's queues to the harness's copies of the children's (and to them). */
  #moveArrivals(timeUs: number, tell: boolean): void {
    const event = this.#event;
    this.#network.queues.forEach((queue, id) => {
      const machine = this.#machines[id] as MachineState<MessageQueue>;
      while (queue.length > 0) {
        queue.shiftInto(event);
        machine.queue.push(event.senderId, event.sendSeq, event.messageClock);
        if (tell) {
          const msgId = messageId(event.senderId, event.sendSeq);
          this.#pending[id] += deliverLine(timeUs, msgId, event.senderId, event.messageClock);
        }
      }
    });
  }

  /** Asks every machine of the batch, then logs their events in order; a finding stops it. */
  async #tickBatch(timeUs: number, batch: readonly number[]): Promise<HarnessFinding | null> {
    const rolls = batch.map((id) => {
      const machine = this.#machines[id] as MachineState<MessageQueue>;
      if (machine.queue.length > 0) return null;
      return drawUniform(this.#actionRngs[id] as Rng, machine.policy.die);
    });
    batch.forEach((id, index) => {
      const child = this.#children[id] as ChildMachine;
      child.write(this.#pending[id] + tickLine(timeUs, rolls[index] as number | null));
      this.#pending[id] = '';
    });
    const lines = await this.#replies(batch);
    for (let index = 0; index < batch.length; index += 1) {
      const id = batch[index] as number;
      const line = lines[index] as string | ChildFailure;
      const finding = this.#logReply(id, timeUs, rolls[index] as number | null, line);
      if (finding !== null) return finding;
    }
    return null;
  }

  /** One reply line per machine of the batch, or the failure of the child that gave none. */
  async #replies(batch: readonly number[]): Promise<(string | ChildFailure)[]> {
    const children = batch.map((id) => this.#children[id] as ChildMachine);
    const timer = setTimeout(() => {
      for (const child of children) child.timeOut(this.#timeoutMs);
    }, this.#timeoutMs);
    try {
      return await Promise.all(children.map((child) => child.nextLine()));
    } finally {
      clearTimeout(timer);
    }
  }

  #logReply(
    id: number,
    timeUs: number,
    roll: number | null,
    line: string | ChildFailure,
  ): HarnessFinding | null {
    if (typeof line !== 'string') return { machineId: id, timeUs, ...line };
    let reply: TickReply;
    try {
      reply = readTickReply(line);
    } catch (error) {
      if (!(error instanceof GarbageReply)) throw error;
      return { machineId: id, timeUs, kind: 'garbage', detail: `${error.message}: ${cut(line)}` };
    }
    const machine = this.#machines[id] as MachineState<MessageQueue>;
    const event = this.#event;
    const why = applyReply(machine, roll, reply, event);
    if (why !== null) return { machineId: id, timeUs, kind: 'model', detail: why };
    this.#sink.record(id, timeUs, event);
    if (event.kind === 'send') this.#network.route(id, event);
    this.#events += 1;
    const child = this.#children[id] as ChildMachine;
    if (child.unaskedLines > 0) {
      return { machineId: id, timeUs, kind: 'unasked', detail: 'more than one reply to a tick' };
    }
    return null;
  }

  /** As the simulator ends: what arrived by the end is queued, the rest counted in flight. */
  #finish(completed: boolean): DriverResult {
    const endUs = completed ? this.#config.durationUs : Math.max(this.#instantUs[0] as number, 0);
    this.#network.deliverByUs[0] = endUs;
    this.#network.deliverUntil();
    this.#moveArrivals(endUs, false);
    const inFlight = this.#network.drainInFlight();
    return {
      completed,
      durationUs: endUs,
      events: this.#events,
      machines: this.#machines.map((machine) => ({
        id: machine.id,
        clock: machine.clock,
        events: machine.seq,
        queueLength: machine.queue.length,
        inFlight: inFlight[machine.id] as number,
      })),
    };
  }
}

/** A line as shown in a finding: its start. */
function cut(line: string): string {
  return line.length > 80 ? `${JSON.stringify(line.slice(0, 77))}...` : JSON.stringify(line);
}
