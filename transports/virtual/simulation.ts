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
  type MachineState,
  type NetworkQueue,
  type Rng,
  StepEvent,
  tick,
  toEveryPeer,
} from '../../core/index.js';
import { BroadcastLog } from './broadcast-log.js';
import { DeliveryQueue } from './delivery-queue.js';
import { drawLatencyUs } from '../latency.js';
import type { DriverResult, EventSink, RunConfig } from '../run-config.js';
import { type RngFactory, streamNames } from '../seeded-rng.js';
import { MergedQueue } from './merged-queue.js';
import { TickQueue } from './tick-queue.js';

/** Channels remembered before the FIFO map is first pruned of arrivals already past. */
const channelsPruneAtLeast = 1 << 16;

export type MachineStep = (machine: MachineState<NetworkQueue>, rng: Rng, event: StepEvent) => void;

export interface VirtualDeps {
  readonly sink: EventSink;
  readonly rngFor: RngFactory;
  /**
   * The machine step; the core's `tick` unless replaced. Tests pass deliberately broken steps
   * to prove the checker catches them; nothing else should.
   */
  readonly step?: MachineStep;
}

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
  readonly #sink: EventSink;
  readonly #step: MachineStep;
  readonly #machines: MachineState<MergedQueue>[] = [];
  /** Broadcasts that have arrived, kept once for every receiver (see MergedQueue). */
  readonly #broadcasts: BroadcastLog;
  /** Deliveries so far: orders each machine's messages across its own ring and the log. */
  #deliveryOrdinal = 0;
  readonly #actionRngs: Rng[] = [];
  /** Empty when latency is constant: nothing is drawn, and seeding a stream costs ~4 µs. */
  readonly #latencyRngs: Rng[] = [];
  readonly #ticks: TickQueue;
  /**
   * Every message on the wire, zero-latency ones included: those arrive at the instant they
   * were sent but are only taken off at the next instant, after that instant's ticks (rule 3).
   */
  readonly #deliveries: DeliveryQueue;
  /** The one event record every tick writes (see StepEvent). */
  readonly #event = new StepEvent();
  /** Last arrival per channel (sender·N + receiver), kept only when FIFO must be enforced. */
  readonly #channelArriveUs = new Map<number, number>();
  /** Channel count that triggers forgetting arrivals already past (see #pruneChannels). */
  #channelsPruneAt = channelsPruneAtLeast;
  readonly #enforceFifo: boolean;
  /** Constant latency in µs, or -1 when latencies are drawn. */
  readonly #constantLatencyUs: number;
  #sendOrder = 0;
  #events = 0;
  /**
   * [0]: virtual time of the latest instant that ran, in µs (-1 before the first). In a typed
   * array, not a field: it passes 2^30 µs (18 minutes) early in a long run, and a field that
   * changes from small integer to double changes the object's shape and throws away every
   * optimised function that uses the simulation (measured with --trace-deopt).
   */
  readonly #instantUs = Float64Array.of(-1);
  /**
   * [0]: the time #deliverUntil delivers up to, in µs. Times reach #route and #deliverUntil
   * through typed arrays, not arguments: past 2^31 µs a time is a double, and a double passed
   * to a call V8 does not inline is boxed, one heap number per call. The loop inlines the tick,
   * the sink and the heap, which spends V8's inlining budget before it reaches these two; with
   * the times as arguments a million-event run allocated 16 MB of numbers (sampling heap
   * profile) and made a scavenge every ~170 000 events.
   */
  readonly #deliverByUs = new Float64Array(1);
  #done = false;

  constructor(config: RunConfig, deps: VirtualDeps) {
    const machineCount = config.ratesMilliHz.length;
    assert(machineCount >= 2, `need at least 2 machines, got ${machineCount}`);
    assert(
      Number.isSafeInteger(config.durationUs) && config.durationUs > 0,
      'duration must be > 0',
    );
    this.#config = config;
    this.#sink = deps.sink;
    this.#step = deps.step ?? tick;
    this.#enforceFifo = config.fifo && config.latency.kind !== 'constant';
    this.#constantLatencyUs = config.latency.kind === 'constant' ? config.latency.us : -1;
    // With one latency for every message, arrival order is send order: no heap needed.
    this.#deliveries = new DeliveryQueue({ ordered: this.#constantLatencyUs >= 0 });
    assert(
      this.#constantLatencyUs === -1 || Number.isSafeInteger(this.#constantLatencyUs),
      'latency must be a natural number of µs',
    );
    const policy = buildActionPolicy(machineCount - 1, config.internalProbability);
    this.#broadcasts = new BroadcastLog(machineCount, () => this.#oldestBroadcastCursor());
    for (let id = 0; id < machineCount; id += 1) {
      this.#machines.push(
        createMachine(id, machineCount, policy, new MergedQueue(id, this.#broadcasts)),
      );
      this.#actionRngs.push(deps.rngFor(streamNames.actions(id)));
      if (this.#constantLatencyUs < 0) this.#latencyRngs.push(deps.rngFor(streamNames.latency(id)));
    }
    this.#ticks = new TickQueue(config.ratesMilliHz);
  }

  /** Virtual time of the latest instant that ran, in µs (-1 before the first). */
  get timeUs(): number {
    return this.#instantUs[0] as number;
  }

  get events(): number {
    return this.#events;
  }

  /** Runs up to `eventBudget` more events; returns true once every tick of the run is done. */
  advance(eventBudget: number): boolean {
    if (this.#done) return true;
    const endUs = this.#config.durationUs;
    const stopAt = this.#events + eventBudget;
    const ticks = this.#ticks;
    const instant = this.#instantUs;
    const machines = this.#machines;
    const actionRngs = this.#actionRngs;
    const step = this.#step;
    const sink = this.#sink;
    const event = this.#event;
    const deliveries = this.#deliveries;
    const deliverBy = this.#deliverByUs;
    let instantUs = instant[0] as number;
    // Nothing after the loop reads or writes a field: V8 compiles this loop while it runs, and
    // code it has never seen run (a field access after the loop) would throw the compiled loop
    // away at the end of every slice (--trace-deopt: "insufficient type feedback").
    while (this.#events < stopAt) {
      const timeUs = ticks.nextTimeUs;
      if (timeUs > endUs) {
        this.#done = true;
        return true;
      }
      if (timeUs !== instantUs) {
        // Most instants have nothing arriving: that is checked here, without a call.
        if (deliveries.nextArriveUs <= timeUs) {
          deliverBy[0] = timeUs;
          this.#deliverUntil();
        }
        instantUs = timeUs;
        instant[0] = timeUs;
      }
      // One tick of the machine at the top of the heap, written here rather than in a method of
      // its own: TurboFan compiled such a method by itself first (45 ms on the compile thread,
      // the longest job of a run's warm-up) and then again inside this loop.
      const machineId = ticks.nextMachineId;
      step(machines[machineId] as MachineState<MergedQueue>, actionRngs[machineId] as Rng, event);
      sink.record(machineId, timeUs, event);
      if (event.kind === 'send') this.#route(machineId, event);
      this.#events += 1;
      ticks.advanceNext();
    }
    return false;
  }

  /**
   * Ends the run: messages that arrived by the end (or by the last instant reached, when the
   * run was stopped early) go into their queues; later ones are counted in flight.
   */
  finish(): DriverResult {
    const endUs = this.#done ? this.#config.durationUs : Math.max(this.#instantUs[0] as number, 0);
    this.#deliverByUs[0] = endUs;
    this.#deliverUntil();
    return this.#result(endUs);
  }

  /**
   * Puts a send of the instant that is running on the wire: to one peer, or to every peer at
   * once or copy by copy.
   */
  #route(machineId: number, event: StepEvent): void {
    const timeUs = this.#instantUs[0] as number;
    if (event.to !== toEveryPeer)
      this.#send(timeUs, machineId, event.to, event.sendSeq, event.messageClock);
    else if (this.#constantLatencyUs >= 0) this.#sendOnceToEveryPeer(timeUs, machineId, event);
    else this.#sendToEveryPeer(timeUs, machineId, event);
  }

  /**
   * With constant latency, a broadcast goes on the wire as one entry addressed to every peer:
   * all its copies arrive at the same instant and would sit next to each other in the ring
   * anyway (consecutive send orders), so the entry takes the N-1 send orders the copies would
   * have taken, and on arrival it goes once into the shared BroadcastLog that every receiver's
   * queue reads. Among 1 000 machines that is one entry instead of 999 copies, on the wire and
   * in the queues. With drawn latencies every copy has its own arrival, so they go one by one.
   */
  #sendOnceToEveryPeer(timeUs: number, senderId: number, event: StepEvent): void {
    const sendOrder = this.#sendOrder + 1;
    this.#sendOrder += this.#machines.length - 1;
    this.#deliveries.push(
      timeUs + this.#constantLatencyUs,
      sendOrder,
      toEveryPeer,
      senderId,
      event.sendSeq,
      event.messageClock,
    );
  }

  /** Copies go out in ascending receiver id, so they take consecutive send orders. */
  #sendToEveryPeer(timeUs: number, senderId: number, event: StepEvent): void {
    const machineCount = this.#machines.length;
    for (let receiverId = 0; receiverId < machineCount; receiverId += 1) {
      if (receiverId !== senderId)
        this.#send(timeUs, senderId, receiverId, event.sendSeq, event.messageClock);
    }
  }

  #send(
    timeUs: number,
    senderId: number,
    receiverId: number,
    sendSeq: number,
    messageClock: number,
  ): void {
    const constantUs = this.#constantLatencyUs;
    const arriveUs =
      constantUs >= 0 ? timeUs + constantUs : this.#drawnArrivalUs(timeUs, senderId, receiverId);
    this.#sendOrder += 1;
    this.#deliveries.push(arriveUs, this.#sendOrder, receiverId, senderId, sendSeq, messageClock);
  }

  /** Arrival time with a drawn latency, held back behind the channel's last one under FIFO. */
  #drawnArrivalUs(timeUs: number, senderId: number, receiverId: number): number {
    const latencyUs = drawLatencyUs(this.#config.latency, this.#latencyRngs[senderId] as Rng);
    assert(
      Number.isSafeInteger(latencyUs) && latencyUs >= 0,
      'latency must be a natural number of µs',
    );
    let arriveUs = timeUs + latencyUs;
    if (this.#enforceFifo) {
      const channel = senderId * this.#machines.length + receiverId;
      const previousUs = this.#channelArriveUs.get(channel) ?? 0;
      if (arriveUs < previousUs) arriveUs = previousUs;
      this.#channelArriveUs.set(channel, arriveUs);
      if (this.#channelArriveUs.size > this.#channelsPruneAt) this.#pruneChannels(timeUs);
    }
    return arriveUs;
  }

  /**
   * Forgets channels whose last message has arrived by `nowUs`: a later send arrives at
   * nowUs + latency >= that time anyway, so the entry can no longer hold anything back. Among
   * 10 000 machines broadcasting, every one of the 10^8 channels would otherwise stay in the map.
   */
  #pruneChannels(nowUs: number): void {
    for (const [channel, arriveUs] of this.#channelArriveUs) {
      if (arriveUs <= nowUs) this.#channelArriveUs.delete(channel);
    }
    this.#channelsPruneAt = Math.max(channelsPruneAtLeast, 2 * this.#channelArriveUs.size);
  }

  /** Puts every message that arrived by #deliverByUs into its receiver's queue, in key order. */
  #deliverUntil(): void {
    const timeUs = this.#deliverByUs[0] as number;
    const deliveries = this.#deliveries;
    while (deliveries.nextArriveUs <= timeUs) {
      deliveries.pop();
      const receiverId = deliveries.poppedReceiverId;
      const senderId = deliveries.poppedSenderId;
      this.#deliveryOrdinal += 1;
      if (receiverId === toEveryPeer) {
        // One broadcast entry off the wire (see #sendOnceToEveryPeer): it reaches every peer
        // at once, and each reads it from the shared log.
        this.#broadcasts.append(
          senderId,
          deliveries.poppedSendSeq,
          deliveries.poppedClock,
          this.#deliveryOrdinal,
        );
        (this.#machines[senderId] as MachineState<MergedQueue>).queue.noteOwnBroadcast();
      } else {
        (this.#machines[receiverId] as MachineState<MergedQueue>).queue.push(
          senderId,
          deliveries.poppedSendSeq,
          deliveries.poppedClock,
          this.#deliveryOrdinal,
        );
      }
    }
  }

  /** The broadcast log may forget what every machine has read (called when it fills). */
  #oldestBroadcastCursor(): number {
    let oldest = this.#broadcasts.end;
    for (const machine of this.#machines) oldest = Math.min(oldest, machine.queue.cursor);
    return oldest;
  }

  #result(endUs: number): DriverResult {
    const inFlight = new Array<number>(this.#machines.length).fill(0);
    while (this.#deliveries.size > 0) {
      this.#deliveries.pop();
      const receiverId = this.#deliveries.poppedReceiverId;
      if (receiverId !== toEveryPeer) {
        inFlight[receiverId] = (inFlight[receiverId] as number) + 1;
        continue;
      }
      const senderId = this.#deliveries.poppedSenderId;
      for (let peerId = 0; peerId < inFlight.length; peerId += 1) {
        if (peerId !== senderId) inFlight[peerId] = (inFlight[peerId] as number) + 1;
      }
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
