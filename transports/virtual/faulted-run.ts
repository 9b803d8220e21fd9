/**
 * The virtual scheduler's loop for a run with faults (issue 18). A fault-free run never comes
 * here: simulation.ts keeps its own tuned loop, and hands a run over only when its fault list
 * is not empty.
 *
 * Order within one instant T (the fault-free rules of simulation.ts hold otherwise):
 * 0. Copies that arrived before T go into their queues (or are dropped at a down machine), so
 *    every row of evidence comes in time order.
 * 1. Fault state changes at T, in list order: crash, restart, pause start, pause end (resume),
 *    partition start and heal, rate (fault-timeline.ts).
 * 2. Arrivals at T.
 * 3. Ticks at T in ascending machine id; a machine resumed at T first runs the ticks it missed
 *    while paused, all at T, then its grid tick at T if it has one. A tick of a down machine
 *    (crashed, or restarted at T: the restart takes the instant) or of a paused one (counted as
 *    missed) makes no event and no draw.
 * Per-copy faults are decided at each send (fault-router.ts).
 */
import {
  assert,
  assertNever,
  clockAfterRestart,
  type MachineState,
  noPeer,
  type Rng,
  StepEvent,
  tick,
} from '../../core/index.js';
import { DriveStep, type MachineStep } from '../drive-step.js';
import type { FaultConfig, FaultRecorder } from '../fault-config.js';
import type { EventSink, FaultTally, RunConfig } from '../run-config.js';
import type { RngFactory } from '../seeded-rng.js';
import { FaultRouter } from './fault-router.js';
import { TallyingRecorder } from './fault-tally.js';
import { type FaultChange, FaultTimeline } from './fault-timeline.js';
import type { MergedQueue } from './merged-queue.js';
import type { TickQueue } from './tick-queue.js';
import type { VirtualNetwork } from './virtual-network.js';

/** The parts of a VirtualSimulation the faulted loop drives. */
export interface SimulationParts {
  readonly config: RunConfig;
  /** As VirtualDeps (simulation.ts). */
  readonly deps: {
    readonly sink: EventSink;
    readonly rngFor: RngFactory;
    readonly step?: MachineStep;
    readonly faultRecorder?: FaultRecorder;
  };
  readonly machines: readonly MachineState<MergedQueue>[];
  readonly actionRngs: readonly Rng[];
  readonly ticks: TickQueue;
  readonly network: VirtualNetwork;
  /** [0]: the instant running (shared with the simulation, the network and the step). */
  readonly instantUs: Float64Array;
}

/** What the simulation needs at the end, besides the machines. */
export interface FaultedEnd {
  readonly completed: boolean;
  readonly durationUs: number;
  readonly events: number;
  readonly inFlight: readonly number[];
  readonly faults: FaultTally;
}

export class FaultedRun {
  readonly #durationUs: number;
  readonly #machines: readonly MachineState<MergedQueue>[];
  readonly #actionRngs: readonly Rng[];
  readonly #ticks: TickQueue;
  readonly #network: VirtualNetwork;
  readonly #instantUs: Float64Array;
  readonly #sink: EventSink;
  readonly #recorder: TallyingRecorder;
  readonly #timeline: FaultTimeline;
  readonly #driveStep: DriveStep<MergedQueue>;
  /** 1 while a machine is crashed (from its crash to its restart). */
  readonly #down: Uint8Array;
  /** The crash that took each machine down (the index its drops name). */
  readonly #crashIndex: Int32Array;
  /** A machine restarted at T ticks only after T: its grid ticks up to here make no event. */
  readonly #quietThroughUs: Float64Array;
  readonly #paused: Uint8Array;
  readonly #missedTicks: Float64Array;
  /** Machines resumed at the running instant with missed ticks still to run, ascending id. */
  readonly #bursting: number[] = [];
  /** The record of restart rows (every other event's is the DriveStep's). */
  readonly #restartEvent = new StepEvent();
  /** Where a crash reads the copies it drops from a queue. */
  readonly #droppedCopy = new StepEvent();
  #events = 0;
  /** Steps 0-2 of the running instant are done; its ticks may remain. */
  #instantOpen = false;
  #done = false;

  constructor(parts: SimulationParts) {
    const machineCount = parts.machines.length;
    this.#durationUs = parts.config.durationUs;
    this.#machines = parts.machines;
    this.#actionRngs = parts.actionRngs;
    this.#ticks = parts.ticks;
    this.#network = parts.network;
    this.#instantUs = parts.instantUs;
    this.#sink = parts.deps.sink;
    const faults = parts.config.faults;
    faults.forEach((fault, at) => {
      assert(fault.index === at, 'a fault index is its position in the list');
      if ('machine' in fault)
        assert(fault.machine >= 0 && fault.machine < machineCount, 'fault machine out of range');
    });
    this.#recorder = new TallyingRecorder(faults.length, machineCount, parts.deps.faultRecorder);
    this.#timeline = new FaultTimeline(faults);
    const router = new FaultRouter({
      faults,
      machineCount,
      network: parts.network,
      rngFor: parts.deps.rngFor,
      recorder: this.#recorder,
      nowUs: parts.instantUs,
    });
    const step = parts.deps.step ?? tick;
    this.#driveStep = new DriveStep<MergedQueue>({
      step: router.hasLies ? router.lyingStep(step) : step,
      sink: parts.deps.sink,
      network: router,
      nowUs: parts.instantUs,
    });
    this.#down = new Uint8Array(machineCount);
    this.#crashIndex = new Int32Array(machineCount).fill(-1);
    this.#quietThroughUs = new Float64Array(machineCount).fill(-1);
    this.#paused = new Uint8Array(machineCount);
    this.#missedTicks = new Float64Array(machineCount);
  }

  get events(): number {
    return this.#events;
  }

  /** As VirtualSimulation.advance: up to `eventBudget` more events; true once the run is done. */
  advance(eventBudget: number): boolean {
    if (this.#done) return true;
    const stopAt = this.#events + eventBudget;
    const endUs = this.#durationUs;
    while (this.#events < stopAt) {
      if (!this.#instantOpen) {
        const nextUs = Math.min(this.#ticks.nextTimeUs, this.#timeline.nextUs);
        if (nextUs > endUs) {
          this.#done = true;
          return true;
        }
        this.#openInstant(nextUs);
      }
      if (!this.#tickOnce()) this.#instantOpen = false;
    }
    return false;
  }

  /** Steps 0-2 of instant `timeUs`. */
  #openInstant(timeUs: number): void {
    const network = this.#network;
    network.deliverByUs[0] = timeUs - 1;
    this.#deliver();
    this.#instantUs[0] = timeUs;
    while (this.#timeline.nextUs === timeUs) this.#apply(this.#timeline.take(), timeUs);
    network.deliverByUs[0] = timeUs;
    this.#deliver();
    this.#instantOpen = true;
  }

  #deliver(): void {
    this.#network.deliverUntilGated(this.#down, (receiverId, senderId, sendSeq, arriveUs) => {
      this.#recorder.record({
        action: 'drop',
        timeUs: arriveUs,
        faultIndex: this.#crashIndex[receiverId] as number,
        receiverId,
        senderId,
        sendSeq,
        reason: 'crash',
      });
    });
  }

  /** One tick of the running instant; false when it has none left. */
  #tickOnce(): boolean {
    const timeUs = this.#instantUs[0] as number;
    const ticks = this.#ticks;
    const gridId = ticks.nextTimeUs === timeUs ? ticks.nextMachineId : -1;
    const bursting = this.#bursting;
    const burstId = bursting.length > 0 ? (bursting[0] as number) : -1;
    if (burstId >= 0 && (gridId < 0 || burstId <= gridId)) {
      const left = (this.#missedTicks[burstId] as number) - 1;
      this.#missedTicks[burstId] = left;
      if (left === 0) bursting.shift();
      this.#drive(burstId);
      return true;
    }
    if (gridId < 0) return false;
    ticks.advanceNext();
    if (this.#down[gridId] === 1 || timeUs <= (this.#quietThroughUs[gridId] as number)) return true;
    if (this.#paused[gridId] === 1) {
      this.#missedTicks[gridId] = (this.#missedTicks[gridId] as number) + 1;
      return true;
    }
    this.#drive(gridId);
    return true;
  }

  #drive(machineId: number): void {
    this.#driveStep.drive(
      this.#machines[machineId] as MachineState<MergedQueue>,
      this.#actionRngs[machineId] as Rng,
    );
    this.#events += 1;
  }

  /** Step 1: one fault state change at `timeUs`. */
  #apply(change: FaultChange, timeUs: number): void {
    const fault = change.fault;
    switch (fault.kind) {
      case 'crash':
        this.#crash(fault, timeUs);
        return;
      case 'restart':
        this.#restart(fault, timeUs);
        return;
      case 'pause': {
        const machineId = fault.machine;
        if (change.edge === 'start') {
          this.#paused[machineId] = 1;
          this.#missedTicks[machineId] = 0;
          this.#recorder.record({
            action: 'pause',
            timeUs,
            faultIndex: fault.index,
            machine: machineId,
          });
          return;
        }
        this.#paused[machineId] = 0;
        const missed = this.#missedTicks[machineId] as number;
        this.#recorder.record({
          action: 'resume',
          timeUs,
          faultIndex: fault.index,
          machine: machineId,
          missedTicks: missed,
        });
        if (missed > 0) {
          const bursting = this.#bursting;
          let at = 0;
          while (at < bursting.length && (bursting[at] as number) < machineId) at += 1;
          bursting.splice(at, 0, machineId);
        }
        return;
      }
      case 'partition':
        this.#recorder.record({
          action: change.edge === 'start' ? 'partition-start' : 'partition-heal',
          timeUs,
          faultIndex: fault.index,
        });
        return;
      case 'rate': {
        const fromMilliHz = this.#ticks.rateOf(fault.machine);
        this.#ticks.reschedule(fault.machine, timeUs, fault.rateMilliHz);
        this.#recorder.record({
          action: 'rate',
          timeUs,
          faultIndex: fault.index,
          machine: fault.machine,
          fromMilliHz,
          toMilliHz: fault.rateMilliHz,
        });
        return;
      }
      case 'loss':
      case 'duplicate':
      case 'delay':
      case 'corrupt-clock':
        assert(false, 'a per-copy fault has no state change');
        return;
      default:
        assertNever(fault, 'fault kind');
    }
  }

  #crash(fault: Extract<FaultConfig, { kind: 'crash' }>, timeUs: number): void {
    const machineId = fault.machine;
    assert(this.#down[machineId] === 0, 'a crash of a machine already down');
    assert(this.#paused[machineId] === 0, 'a crash of a paused machine');
    this.#down[machineId] = 1;
    this.#crashIndex[machineId] = fault.index;
    const queue = (this.#machines[machineId] as MachineState<MergedQueue>).queue;
    this.#recorder.record({
      action: 'crash',
      timeUs,
      faultIndex: fault.index,
      machine: machineId,
      queued: queue.length,
    });
    if (fault.inbox === 'keep') return;
    const copy = this.#droppedCopy;
    while (queue.length > 0) {
      queue.shiftInto(copy);
      this.#recorder.record({
        action: 'drop',
        timeUs,
        faultIndex: fault.index,
        receiverId: machineId,
        senderId: copy.senderId,
        sendSeq: copy.sendSeq,
        reason: 'crash',
      });
    }
  }

  #restart(fault: Extract<FaultConfig, { kind: 'restart' }>, timeUs: number): void {
    const machineId = fault.machine;
    assert(this.#down[machineId] === 1, 'a restart of a machine that is not down');
    this.#down[machineId] = 0;
    this.#quietThroughUs[machineId] = timeUs;
    const machine = this.#machines[machineId] as MachineState<MergedQueue>;
    const clockBefore = machine.clock;
    const clockAfter = clockAfterRestart(clockBefore, fault.clock);
    machine.clock = clockAfter;
    machine.seq += 1;
    this.#recorder.record({
      action: 'restart',
      timeUs,
      faultIndex: fault.index,
      machine: machineId,
      clockBefore,
      clockAfter,
    });
    this.#recordRestartRow(machine, timeUs);
  }

  /** The restart's own log row: takes a seq, carries the new clock, no message and no peer. */
  #recordRestartRow(machine: MachineState<MergedQueue>, timeUs: number): void {
    const event = this.#restartEvent;
    event.seq = machine.seq;
    event.clock = machine.clock;
    event.queueLength = machine.queue.length;
    event.senderId = noPeer;
    event.sendSeq = 0;
    event.messageClock = 0;
    event.to = noPeer;
    event.kind = 'restart';
    this.#sink.record(machine.id, timeUs, event);
    this.#events += 1;
  }

  /** Ends the run as VirtualSimulation.finish does, with the faults' tally. */
  finish(): FaultedEnd {
    const endUs = this.#done ? this.#durationUs : Math.max(this.#instantUs[0] as number, 0);
    this.#network.deliverByUs[0] = endUs;
    this.#deliver();
    const inFlight = this.#network.drainInFlight();
    return {
      completed: this.#done,
      durationUs: endUs,
      events: this.#events,
      inFlight,
      faults: this.#recorder.tally(),
    };
  }
}
