/**
 * The virtual driver's network: the wire (every message in flight, with its arrival time) and
 * the machines' receive queues at its far end. A send is put on the wire at the clock's time
 * with its latency (constant, or drawn from the sender's latency stream and held back behind the
 * channel's previous arrival under FIFO); the simulation takes off what has arrived, in arrival
 * then send order, before the ticks of each instant (see simulation.ts for the order of events).
 */
import { assert, type MachineId, type Rng, type StepEvent, toEveryPeer } from '../../core/index.js';
import type { Network } from '../drive-step.js';
import { drawLatencyUs } from '../latency.js';
import type { RunConfig } from '../run-config.js';
import { type RngFactory, streamNames } from '../seeded-rng.js';
import { BroadcastLog } from './broadcast-log.js';
import { DeliveryQueue } from './delivery-queue.js';
import { MergedQueue } from './merged-queue.js';

/**
 * Hears of one copy at its arrival (the harness's plan only, see VirtualDeps.arrivals): put into
 * its receiver's queue.
 */
export type CopyListener = (
  receiverId: number,
  senderId: number,
  sendSeq: number,
  arriveUs: number,
) => void;

/** Hears of the copies deliverUntilGated drops because their receiver is down. */
export interface ArrivalGate {
  dropAtArrival(receiverId: number, senderId: number, sendSeq: number, arriveUs: number): void;
}

/** Channels remembered before the FIFO map is first pruned of arrivals already past. */
const channelsPruneAtLeast = 1 << 16;

export class VirtualNetwork implements Network {
  /** Each machine's receive queue, by id. */
  readonly queues: readonly MergedQueue[];
  /**
   * [0]: the time #deliverUntil delivers up to, in µs. Times reach it (and #route, through
   * `nowUs`) in typed arrays, not as arguments: past 2^31 µs a time is a double, and a double
   * passed to a call V8 does not inline is boxed, one heap number per call. The loop inlines the
   * tick, the sink and the heap, which spends V8's inlining budget before it reaches these two;
   * with the times as arguments a million-event run allocated 16 MB of numbers (sampling heap
   * profile) and made a scavenge every ~170 000 events.
   */
  readonly deliverByUs = new Float64Array(1);
  /** [0]: the clock's time, the time of every send routed (shared with the DriveStep). */
  readonly #nowUs: Float64Array;
  readonly #latency: RunConfig['latency'];
  /** Broadcasts that have arrived, kept once for every receiver (see MergedQueue). */
  readonly #broadcasts: BroadcastLog;
  /** Deliveries so far: orders each machine's messages across its own ring and the log. */
  #deliveryOrdinal = 0;
  /** Empty when latency is constant: nothing is drawn, and seeding a stream costs ~4 µs. */
  readonly #latencyRngs: Rng[] = [];
  /**
   * Every message on the wire, zero-latency ones included: those arrive at the instant they
   * were sent but are only taken off at the next instant, after that instant's ticks.
   */
  readonly #deliveries: DeliveryQueue;
  /**
   * With constant latency and a delay fault: the copies that do not arrive at their send time +
   * the latency (held by a delay, or behind a held one under FIFO), in a heap of their own; null
   * otherwise. Every other copy still arrives in send order, so #deliveries stays an ordered
   * ring and only the held copies pay for the heap. Taking off the earlier of the two heads by
   * the same key (arrival, send order) gives the order a single heap would.
   */
  readonly #held: DeliveryQueue | null;
  /** Last arrival per channel (sender·N + receiver), kept only when FIFO must be enforced. */
  readonly #channelArriveUs = new Map<number, number>();
  /** Channel count that triggers forgetting arrivals already past (see #pruneChannels). */
  #channelsPruneAt = channelsPruneAtLeast;
  readonly #enforceFifo: boolean;
  /** Constant latency in µs, or -1 when latencies are drawn. */
  readonly #constantLatencyUs: number;
  #sendOrder = 0;

  constructor(config: RunConfig, rngFor: RngFactory, nowUs: Float64Array) {
    const machineCount = config.ratesMilliHz.length;
    this.#nowUs = nowUs;
    this.#latency = config.latency;
    // A delay fault holds some copies longer than others: then even a constant latency can let
    // a later copy overtake, and arrival order is no longer send order.
    const delays = config.faults.some((fault) => fault.kind === 'delay');
    this.#enforceFifo = config.fifo && (config.latency.kind !== 'constant' || delays);
    this.#constantLatencyUs = config.latency.kind === 'constant' ? config.latency.us : -1;
    assert(
      this.#constantLatencyUs === -1 || Number.isSafeInteger(this.#constantLatencyUs),
      'latency must be a natural number of µs',
    );
    // With one latency for every message, arrival order is send order: no heap needed, but for
    // the copies a delay holds (see #held).
    this.#deliveries = new DeliveryQueue({ ordered: this.#constantLatencyUs >= 0 });
    this.#held =
      this.#constantLatencyUs >= 0 && delays ? new DeliveryQueue({ ordered: false }) : null;
    this.#broadcasts = new BroadcastLog(machineCount, () => this.#oldestBroadcastCursor());
    const queues: MergedQueue[] = [];
    for (let id = 0; id < machineCount; id += 1) {
      queues.push(new MergedQueue(id, this.#broadcasts));
      if (this.#constantLatencyUs < 0) this.#latencyRngs.push(rngFor(streamNames.latency(id)));
    }
    this.queues = queues;
  }

  /** Arrival time of the next message on the wire (+Infinity when none). */
  get nextArriveUs(): number {
    return this.#deliveries.nextArriveUs;
  }

  /**
   * Puts a send of the instant that is running on the wire: to one peer, or to every peer at
   * once or copy by copy.
   */
  route(senderId: MachineId, event: StepEvent): void {
    const timeUs = this.#nowUs[0] as number;
    if (event.to !== toEveryPeer)
      this.#send(timeUs, senderId, event.to, event.sendSeq, event.messageClock);
    else if (this.#constantLatencyUs >= 0) this.#sendOnceToEveryPeer(timeUs, senderId, event);
    else this.#sendToEveryPeer(timeUs, senderId, event);
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
    this.#sendOrder += this.queues.length - 1;
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
    const machineCount = this.queues.length;
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
    const latencyUs = drawLatencyUs(this.#latency, this.#latencyRngs[senderId] as Rng);
    assert(
      Number.isSafeInteger(latencyUs) && latencyUs >= 0,
      'latency must be a natural number of µs',
    );
    let arriveUs = timeUs + latencyUs;
    if (this.#enforceFifo) {
      const channel = senderId * this.queues.length + receiverId;
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

  /** Puts every message that arrived by deliverByUs[0] into its receiver's queue, in key order. */
  deliverUntil(): void {
    const timeUs = this.deliverByUs[0] as number;
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
        (this.queues[senderId] as MergedQueue).noteOwnBroadcast();
      } else {
        (this.queues[receiverId] as MergedQueue).push(
          senderId,
          deliveries.poppedSendSeq,
          deliveries.poppedClock,
          this.#deliveryOrdinal,
        );
      }
    }
  }

  // --- Faults (issue 18). Only a run with faults calls what follows: it sends copy by copy
  // through its own router (fault-router.ts) and delivers through a gate, so the fault-free
  // paths above stay exactly as they were, in code and in speed.

  /**
   * The latency of one copy from `senderId`: the constant, or a draw from the sender's latency
   * stream, which every copy makes as without faults (a dropped copy too), so a fault never
   * moves a machine's own stream.
   */
  copyLatencyUs(senderId: MachineId): number {
    if (this.#constantLatencyUs >= 0) return this.#constantLatencyUs;
    return this.latencyUsFrom(this.#latencyRngs[senderId] as Rng);
  }

  /** A latency of the run's model drawn from `rng` (a duplicate's, from its fault's stream). */
  latencyUsFrom(rng: Rng): number {
    if (this.#constantLatencyUs >= 0) return this.#constantLatencyUs;
    const latencyUs = drawLatencyUs(this.#latency, rng);
    assert(
      Number.isSafeInteger(latencyUs) && latencyUs >= 0,
      'latency must be a natural number of µs',
    );
    return latencyUs;
  }

  /**
   * [0]: the arrival time of the copy putCopy puts on the wire. A slot, not an argument, for
   * the reason of deliverByUs: a double passed to a call not inlined is boxed, one heap number
   * per copy.
   */
  readonly copyArriveUs = new Float64Array(1);

  /**
   * Puts one copy sent at the running instant on the wire to arrive at copyArriveUs[0] (send
   * time + latency + any fault delay), held behind the channel's previous arrival when FIFO is
   * enforced, as #drawnArrivalUs does.
   */
  putCopy(receiverId: number, senderId: number, sendSeq: number, messageClock: number): void {
    let heldUs = this.copyArriveUs[0] as number;
    if (this.#enforceFifo) {
      const channel = senderId * this.queues.length + receiverId;
      const previousUs = this.#channelArriveUs.get(channel) ?? 0;
      if (heldUs < previousUs) heldUs = previousUs;
      this.#channelArriveUs.set(channel, heldUs);
      if (this.#channelArriveUs.size > this.#channelsPruneAt)
        this.#pruneChannels(this.#nowUs[0] as number);
    }
    this.#sendOrder += 1;
    const held = this.#held;
    // On time (send time + the constant latency): in send order, the ring's; else the heap's.
    if (held !== null && heldUs !== (this.#nowUs[0] as number) + this.#constantLatencyUs)
      held.push(heldUs, this.#sendOrder, receiverId, senderId, sendSeq, messageClock);
    else
      this.#deliveries.push(heldUs, this.#sendOrder, receiverId, senderId, sendSeq, messageClock);
    const nextCopy = this.nextCopyArriveUs;
    if (heldUs < (nextCopy[0] as number)) nextCopy[0] = heldUs;
  }

  /**
   * [0]: the arrival time of the next copy on the wire of a run with faults (+Infinity when
   * none), kept up to date by putCopy and deliverUntilGated. A slot the faulted loop reads at
   * every instant without a call: as a getter over the two queues it was compiled on its own
   * and then left out of the loop's inlining, a call per event (--cpu-prof).
   */
  readonly nextCopyArriveUs = Float64Array.of(Number.POSITIVE_INFINITY);

  /** The queue whose head is the next copy to arrive (by arrival, then send order). */
  #nextCopyQueue(): DeliveryQueue {
    const deliveries = this.#deliveries;
    const held = this.#held;
    if (held === null || held.size === 0) return deliveries;
    if (deliveries.size === 0) return held;
    const heldUs = held.nextArriveUs;
    const nextUs = deliveries.nextArriveUs;
    if (heldUs !== nextUs) return heldUs < nextUs ? held : deliveries;
    return held.nextSendOrder < deliveries.nextSendOrder ? held : deliveries;
  }

  /**
   * Like deliverUntil, for a run with faults: a copy whose receiver is down (`down[id]` = 1)
   * when it arrives never reaches the queue; `gate` hears of it, with its arrival time, and
   * `arrived` (when given) of every copy that does reach its queue. Only copies go on the wire
   * with faults (no broadcast entries).
   */
  deliverUntilGated(
    down: Uint8Array,
    gate: ArrivalGate,
    arrived: CopyListener | null = null,
  ): void {
    const timeUs = this.deliverByUs[0] as number;
    for (;;) {
      const deliveries = this.#held === null ? this.#deliveries : this.#nextCopyQueue();
      const arriveUs = deliveries.nextArriveUs;
      if (arriveUs > timeUs) {
        this.nextCopyArriveUs[0] = arriveUs;
        return;
      }
      deliveries.pop();
      const receiverId = deliveries.poppedReceiverId;
      assert(receiverId !== toEveryPeer, 'a run with faults sends copy by copy');
      const senderId = deliveries.poppedSenderId;
      if (down[receiverId] === 1) {
        gate.dropAtArrival(receiverId, senderId, deliveries.poppedSendSeq, arriveUs);
        continue;
      }
      this.#deliveryOrdinal += 1;
      (this.queues[receiverId] as MergedQueue).push(
        senderId,
        deliveries.poppedSendSeq,
        deliveries.poppedClock,
        this.#deliveryOrdinal,
      );
      if (arrived !== null) arrived(receiverId, senderId, deliveries.poppedSendSeq, arriveUs);
    }
  }

  /** The broadcast log may forget what every machine has read (called when it fills). */
  #oldestBroadcastCursor(): number {
    let oldest = this.#broadcasts.end;
    for (const queue of this.queues) oldest = Math.min(oldest, queue.cursor);
    return oldest;
  }

  /** Empties the wire, counting per receiver the copies still on it. */
  drainInFlight(): number[] {
    this.nextCopyArriveUs[0] = Number.POSITIVE_INFINITY;
    const inFlight = new Array<number>(this.queues.length).fill(0);
    const deliveries = this.#deliveries;
    const held = this.#held;
    while (held !== null && held.size > 0) {
      held.pop();
      const receiverId = held.poppedReceiverId;
      inFlight[receiverId] = (inFlight[receiverId] as number) + 1;
    }
    while (deliveries.size > 0) {
      deliveries.pop();
      const receiverId = deliveries.poppedReceiverId;
      if (receiverId !== toEveryPeer) {
        inFlight[receiverId] = (inFlight[receiverId] as number) + 1;
        continue;
      }
      const senderId = deliveries.poppedSenderId;
      for (let peerId = 0; peerId < inFlight.length; peerId += 1) {
        if (peerId !== senderId) inFlight[peerId] = (inFlight[peerId] as number) + 1;
      }
    }
    return inFlight;
  }
}
