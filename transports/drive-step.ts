/**
 * The one step → record → route of both drivers. A driver decides WHEN a machine ticks (its
 * clock: the virtual tick queue, or a timer on the wall clock) and HOW a send travels (its
 * network: the delivery queue, or sockets); what happens at a tick is the same everywhere: the
 * core steps the machine with its own random stream, the sinks record the event, and a send
 * goes to the network. Keeping this in one place is what makes a TCP run and a virtual run of
 * one scenario the same model.
 *
 * This is the hot path of a virtual run (tens of millions of calls): it allocates nothing, and
 * the time travels in a typed array rather than as an argument (see DriveStep.nowUs).
 */
import {
  type MachineId,
  type MachineState,
  type NetworkQueue,
  type Rng,
  StepEvent,
} from '../core/index.js';
import type { EventSink } from './run-config.js';

/** The step of a machine; the core's `tick` unless a test swaps in a broken one. */
export type MachineStep<Q extends NetworkQueue = NetworkQueue> = (
  machine: MachineState<Q>,
  rng: Rng,
  event: StepEvent,
) => void;

/**
 * Where a send goes. `route` is called during the step that wrote the send, with the event
 * record that is reused for the next event: read it, copy what you keep. The send's time is
 * the clock's reading, `nowUs[0]` of the DriveStep that calls it.
 */
export interface Network {
  route(senderId: MachineId, event: StepEvent): void;
}

export class DriveStep<Q extends NetworkQueue> {
  /**
   * [0]: the time of the event being driven, in µs, written by the driver's clock before it
   * calls `drive`, and read by the network for the send's time. In a typed array, not a field
   * or an argument: past 2^31 µs (36 minutes of model time) a time is a double, and a double in
   * a field changes the object's shape (throwing away optimised code, --trace-deopt) while one
   * passed to a call V8 does not inline is boxed, a heap number per event.
   */
  readonly nowUs: Float64Array;
  readonly #step: MachineStep<Q>;
  readonly #sink: EventSink;
  readonly #network: Network;
  /** The one event record every step writes (see StepEvent). */
  readonly #event = new StepEvent();

  constructor(parts: {
    readonly step: MachineStep<Q>;
    readonly sink: EventSink;
    readonly network: Network;
    readonly nowUs: Float64Array;
  }) {
    this.#step = parts.step;
    this.#sink = parts.sink;
    this.#network = parts.network;
    this.nowUs = parts.nowUs;
  }

  /** One tick of `machine` at nowUs[0]: step, record, route. Returns the event's record. */
  drive(machine: MachineState<Q>, rng: Rng): StepEvent {
    const event = this.#event;
    const machineId = machine.id;
    this.#step(machine, rng, event);
    this.#sink.record(machineId, this.nowUs[0] as number, event);
    if (event.kind === 'send') this.#network.route(machineId, event);
    return event;
  }
}
