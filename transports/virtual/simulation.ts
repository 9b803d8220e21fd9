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
 *
 * The parts: the clock is the TickQueue (who ticks next, and when), the network is the
 * VirtualNetwork (the wire and the receive queues), and each tick is the drivers' shared
 * DriveStep (step → record → route), the same one the TCP machine runs on its wall clock.
 */
import {
  assert,
  buildActionPolicy,
  createMachine,
  type MachineState,
  type Rng,
  tick,
} from '../../core/index.js';
import { DriveStep, type MachineStep } from '../drive-step.js';
import type { FaultRecorder } from '../fault-config.js';
import type { DriverResult, EventSink, RunConfig } from '../run-config.js';
import { type RngFactory, seededRngFactory, streamNames } from '../seeded-rng.js';
import { takeFaultWarmUp } from './fault-warm-up.js';
import { FaultedRun } from './faulted-run.js';
import type { MergedQueue } from './merged-queue.js';
import { TickQueue } from './tick-queue.js';
import { type CopyListener, VirtualNetwork } from './virtual-network.js';

export type { MachineStep } from '../drive-step.js';

export interface VirtualDeps {
  readonly sink: EventSink;
  readonly rngFor: RngFactory;
  /**
   * The machine step; the core's `tick` unless replaced. Tests pass deliberately broken steps
   * to prove the checker catches them; nothing else should.
   */
  readonly step?: MachineStep;
  /**
   * Hears every fault action of a run with faults, once each, in the order the driver took
   * them (time order): one faults.csv row each (src/logs/faults-format.ts).
   */
  readonly faultRecorder?: FaultRecorder;
  /**
   * Hears every copy put into a queue, at its arrival (a run with faults only). For the
   * harness's plan (src/harness), which runs this loop to learn what each child must be sent;
   * a run of the model has no use for it.
   */
  readonly arrivals?: CopyListener;
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
  readonly #durationUs: number;
  readonly #machines: MachineState<MergedQueue>[] = [];
  readonly #actionRngs: Rng[] = [];
  /** The clock: which machine ticks next, and when. */
  readonly #ticks: TickQueue;
  readonly #network: VirtualNetwork;
  readonly #driveStep: DriveStep<MergedQueue>;
  #events = 0;
  /**
   * [0]: virtual time of the latest instant that ran, in µs (-1 before the first); the
   * DriveStep's and the network's clock reading. In a typed array, not a field: it passes 2^30
   * µs (18 minutes) early in a long run, and a field that changes from small integer to double
   * changes the object's shape and throws away every optimised function that uses the
   * simulation (measured with --trace-deopt).
   */
  readonly #instantUs = Float64Array.of(-1);
  #done = false;
  /** The loop of a run with faults (faulted-run.ts); null for a fault-free run. */
  readonly #faulted: FaultedRun | null;

  constructor(config: RunConfig, deps: VirtualDeps) {
    const machineCount = config.ratesMilliHz.length;
    assert(machineCount >= 2, `need at least 2 machines, got ${machineCount}`);
    assert(
      Number.isSafeInteger(config.durationUs) && config.durationUs > 0,
      'duration must be > 0',
    );
    this.#durationUs = config.durationUs;
    // Only the core's step: a test's broken step must not be warmed up as the real one. A
    // recorder only if the run has one: a path the run never takes, warmed, slowed it down.
    const warmUp = deps.step === undefined ? takeFaultWarmUp(config) : null;
    if (warmUp !== null)
      runVirtual(warmUp, {
        sink: deps.sink.warmUpTwin?.(warmUp.ratesMilliHz.length) ?? { record: () => {} },
        rngFor: seededRngFactory(warmUp.seed),
        ...(deps.faultRecorder === undefined ? {} : { faultRecorder: { record: () => {} } }),
      });
    this.#network = new VirtualNetwork(config, deps.rngFor, this.#instantUs);
    this.#driveStep = new DriveStep<MergedQueue>({
      step: deps.step ?? tick,
      sink: deps.sink,
      network: this.#network,
      nowUs: this.#instantUs,
    });
    const policy = buildActionPolicy(machineCount - 1, config.internalProbability);
    for (let id = 0; id < machineCount; id += 1) {
      this.#machines.push(
        createMachine(id, machineCount, policy, this.#network.queues[id] as MergedQueue),
      );
      this.#actionRngs.push(deps.rngFor(streamNames.actions(id)));
    }
    this.#ticks = new TickQueue(config.ratesMilliHz);
    this.#faulted =
      config.faults.length === 0
        ? null
        : new FaultedRun({
            config,
            deps,
            machines: this.#machines,
            actionRngs: this.#actionRngs,
            ticks: this.#ticks,
            network: this.#network,
            instantUs: this.#instantUs,
          });
  }

  /** Virtual time of the latest instant that ran, in µs (-1 before the first). */
  get timeUs(): number {
    return this.#instantUs[0] as number;
  }

  get events(): number {
    return this.#faulted === null ? this.#events : this.#faulted.events;
  }

  /** Runs up to `eventBudget` more events; returns true once every tick of the run is done. */
  advance(eventBudget: number): boolean {
    // A run with faults has its own loop: this one stays as tuned as it was without them.
    if (this.#faulted !== null) return this.#faulted.advance(eventBudget);
    if (this.#done) return true;
    const endUs = this.#durationUs;
    const stopAt = this.#events + eventBudget;
    const ticks = this.#ticks;
    const instant = this.#instantUs;
    const machines = this.#machines;
    const actionRngs = this.#actionRngs;
    const driveStep = this.#driveStep;
    const network = this.#network;
    const deliverBy = network.deliverByUs;
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
        if (network.nextArriveUs <= timeUs) {
          deliverBy[0] = timeUs;
          network.deliverUntil();
        }
        instantUs = timeUs;
        instant[0] = timeUs;
      }
      const machineId = ticks.nextMachineId;
      driveStep.drive(
        machines[machineId] as MachineState<MergedQueue>,
        actionRngs[machineId] as Rng,
      );
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
    if (this.#faulted !== null) {
      const end = this.#faulted.finish();
      return {
        completed: end.completed,
        durationUs: end.durationUs,
        events: end.events,
        machines: this.#machineEnds(end.inFlight),
        faults: end.faults,
      };
    }
    const endUs = this.#done ? this.#durationUs : Math.max(this.#instantUs[0] as number, 0);
    this.#network.deliverByUs[0] = endUs;
    this.#network.deliverUntil();
    const inFlight = this.#network.drainInFlight();
    return {
      completed: this.#done,
      durationUs: endUs,
      events: this.#events,
      machines: this.#machineEnds(inFlight),
    };
  }

  #machineEnds(inFlight: readonly number[]): DriverResult['machines'] {
    return this.#machines.map((machine) => ({
      id: machine.id,
      clock: machine.clock,
      events: machine.seq,
      queueLength: machine.queue.length,
      inFlight: inFlight[machine.id] as number,
    }));
  }
}
