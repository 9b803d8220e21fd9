/**
 * The virtual-time discrete-event scheduler. It owns time: nothing happens between events,
 * so an hour of model time takes as long as its events do.
 *
 * Order of events (the tie-break is part of the contract, so runs are byte-identical):
 * 1. Events run in increasing integer time (µs).
 * 2. At one instant, messages that arrive at that instant are put in their queues first, in
 *    the order they were sent (a global send counter), then the machines that tick at that
 *    instant tick, in ascending machine id.
 * 3. A message never reaches a queue at the instant it was sent: one sent with zero latency is
 *    queued right after the ticks of that instant, so it is there for the receiver's next tick,
 *    and machines ticking at the same instant never see each other's messages of that instant
 *    (the ticks are concurrent, whatever their id).
 * 4. Tick k of a machine is at floor(k / rate) µs, k = 1, 2, ...; the run holds every tick
 *    with time <= duration. Messages arriving after the last instant are counted in flight.
 */
import {
  assert,
  buildActionPolicy,
  createMachine,
  deliver,
  type MachineState,
  type Message,
  type Rng,
  type StepResult,
  tick,
} from '../core/index.js';
import { MinHeap } from './heap.js';
import { drawLatencyUs } from './latency.js';
import type { DriverResult, EventSink, RunConfig } from './run-config.js';
import { type RngFactory, streamNames } from './seeded-rng.js';
import { TickQueue } from './tick-queue.js';

export interface VirtualDeps {
  readonly sink: EventSink;
  readonly rngFor: RngFactory;
  /**
   * The machine step; the core's `tick` unless replaced. Tests pass deliberately broken steps
   * to prove the checker catches them; nothing else should.
   */
  readonly step?: (machine: MachineState, rng: Rng) => StepResult;
}

interface Delivery {
  readonly arriveUs: number;
  /** Global send order: ties at one instant are delivered in the order they were sent. */
  readonly sendOrder: number;
  readonly receiverId: number;
  readonly message: Message;
}

const compareDeliveries = (a: Delivery, b: Delivery): number =>
  a.arriveUs - b.arriveUs || a.sendOrder - b.sendOrder;

/** Runs a whole simulation in one go. */
export function runVirtual(config: RunConfig, deps: VirtualDeps): DriverResult {
  const simulation = new VirtualSimulation(config, deps);
  while (!simulation.advance(Number.POSITIVE_INFINITY));
  return simulation.finish();
}

/**
 * A simulation that can be advanced in slices, so the caller can show progress or stop early
 * between slices (the result does not depend on how the run was sliced).
 */
export class VirtualSimulation {
  readonly #config: RunConfig;
  readonly #deps: VirtualDeps;
  readonly #step: (machine: MachineState, rng: Rng) => StepResult;
  readonly #machines: MachineState[] = [];
  readonly #actionRngs: Rng[] = [];
  readonly #latencyRngs: Rng[] = [];
  readonly #ticks: TickQueue;
  readonly #deliveries = new MinHeap<Delivery>(compareDeliveries);
  /**
   * Zero-latency messages of the current instant, queued once its ticks are done. Kept as two
   * parallel arrays with a count, reused every instant, so the common case allocates nothing.
   */
  readonly #sameInstantReceivers: number[] = [];
  readonly #sameInstantMessages: Message[] = [];
  #sameInstantCount = 0;
  /** Last arrival per channel (sender·N + receiver), kept only when FIFO must be enforced. */
  readonly #channelArriveUs = new Map<number, number>();
  readonly #enforceFifo: boolean;
  #sendOrder = 0;
  #events = 0;
  #instantUs = -1;
  #done = false;

  constructor(config: RunConfig, deps: VirtualDeps) {
    const machineCount = config.ratesMilliHz.length;
    assert(machineCount >= 2, `need at least 2 machines, got ${machineCount}`);
    assert(
      Number.isSafeInteger(config.durationUs) && config.durationUs > 0,
      'duration must be > 0',
    );
    this.#config = config;
    this.#deps = deps;
    this.#step = deps.step ?? tick;
    this.#enforceFifo = config.fifo && config.latency.kind !== 'constant';
    const policy = buildActionPolicy(machineCount - 1, config.internalProbability);
    for (let id = 0; id < machineCount; id += 1) {
      this.#machines.push(createMachine(id, machineCount, policy));
      this.#actionRngs.push(deps.rngFor(streamNames.actions(id)));
      this.#latencyRngs.push(deps.rngFor(streamNames.latency(id)));
    }
    this.#ticks = new TickQueue(config.ratesMilliHz);
  }

  /** Virtual time of the latest instant that ran, in µs (-1 before the first). */
  get timeUs(): number {
    return this.#instantUs;
  }

  get events(): number {
    return this.#events;
  }

  /** Runs up to `eventBudget` more events; returns true once every tick of the run is done. */
  advance(eventBudget: number): boolean {
    const endUs = this.#config.durationUs;
    const stopAt = this.#events + eventBudget;
    const ticks = this.#ticks;
    while (!this.#done && this.#events < stopAt) {
      const timeUs = ticks.nextTimeUs;
      if (timeUs > endUs) {
        this.#done = true;
        break;
      }
      if (timeUs !== this.#instantUs) {
        this.#flushSameInstant();
        this.#deliverUntil(timeUs);
        this.#instantUs = timeUs;
      }
      this.#tick(ticks.nextMachineId, timeUs);
      ticks.advanceNext();
    }
    return this.#done;
  }

  /**
   * Ends the run: messages that arrived by the end (or by the last instant reached, when the
   * run was stopped early) go into their queues; later ones are counted in flight.
   */
  finish(): DriverResult {
    const endUs = this.#done ? this.#config.durationUs : Math.max(this.#instantUs, 0);
    this.#flushSameInstant();
    this.#deliverUntil(endUs);
    return this.#result(endUs);
  }

  #tick(machineId: number, timeUs: number): void {
    const machine = this.#machines[machineId] as MachineState;
    const event = this.#step(machine, this.#actionRngs[machineId] as Rng);
    this.#deps.sink.record(machineId, timeUs, event);
    if (event.kind === 'send') {
      const { receiverIds, message } = event;
      for (let i = 0; i < receiverIds.length; i += 1) {
        this.#send(timeUs, receiverIds[i] as number, message);
      }
    }
    this.#events += 1;
  }

  #send(timeUs: number, receiverId: number, message: Message): void {
    const latencyUs = drawLatencyUs(
      this.#config.latency,
      this.#latencyRngs[message.senderId] as Rng,
    );
    assert(
      Number.isSafeInteger(latencyUs) && latencyUs >= 0,
      'latency must be a natural number of µs',
    );
    let arriveUs = timeUs + latencyUs;
    if (this.#enforceFifo) {
      const channel = message.senderId * this.#machines.length + receiverId;
      const previousUs = this.#channelArriveUs.get(channel) ?? 0;
      if (arriveUs < previousUs) arriveUs = previousUs;
      this.#channelArriveUs.set(channel, arriveUs);
    }
    this.#sendOrder += 1;
    if (arriveUs === timeUs) {
      const index = this.#sameInstantCount;
      this.#sameInstantReceivers[index] = receiverId;
      this.#sameInstantMessages[index] = message;
      this.#sameInstantCount = index + 1;
    } else {
      this.#deliveries.push({ arriveUs, sendOrder: this.#sendOrder, receiverId, message });
    }
  }

  #flushSameInstant(): void {
    const receivers = this.#sameInstantReceivers;
    const messages = this.#sameInstantMessages;
    for (let i = 0; i < this.#sameInstantCount; i += 1) {
      deliver(this.#machines[receivers[i] as number] as MachineState, messages[i] as Message);
    }
    this.#sameInstantCount = 0;
  }

  #deliverUntil(timeUs: number): void {
    const deliveries = this.#deliveries;
    for (;;) {
      const next = deliveries.peek();
      if (next === undefined || next.arriveUs > timeUs) return;
      deliveries.pop();
      deliver(this.#machines[next.receiverId] as MachineState, next.message);
    }
  }

  #result(endUs: number): DriverResult {
    const inFlight = new Array<number>(this.#machines.length).fill(0);
    while (this.#deliveries.size > 0) {
      const delivery = this.#deliveries.pop();
      inFlight[delivery.receiverId] = (inFlight[delivery.receiverId] as number) + 1;
    }
    return {
      completed: this.#done,
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
