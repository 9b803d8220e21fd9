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
  type NetworkQueue,
  noPeer,
  type Rng,
  StepEvent,
  tick,
} from '../../core/index.js';
import type { MachineStep } from '../drive-step.js';
import type { FaultConfig, FaultRecorder } from '../fault-config.js';
import type { EventSink, FaultTally, RunConfig } from '../run-config.js';
import type { RngFactory } from '../seeded-rng.js';
import { FaultRouter } from './fault-router.js';
import { TallyingRecorder } from './fault-tally.js';
import { type FaultChange, FaultTimeline } from './fault-timeline.js';
import { FaultedStep } from './faulted-step.js';
import type { MergedQueue } from './merged-queue.js';
import type { TickQueue } from './tick-queue.js';
import type { ArrivalGate, CopyListener, VirtualNetwork } from './virtual-network.js';

/** The parts of a VirtualSimulation the faulted loop drives. */
export interface SimulationParts {
  readonly config: RunConfig;
  /** As VirtualDeps (simulation.ts). */
  readonly deps: {
    readonly sink: EventSink;
    readonly rngFor: RngFactory;
    readonly step?: MachineStep;
    readonly faultRecorder?: FaultRecorder;
    readonly arrivals?: CopyListener;
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

/**
 * A restart's own log row, written into `event` for `machine` just restarted (its seq and clock
 * already the restart's): no message and no peer. The harness logs its children's the same way.
 */
export function restartRowInto(event: StepEvent, machine: MachineState<NetworkQueue>): StepEvent {
  event.seq = machine.seq;
  event.clock = machine.clock;
  event.queueLength = machine.queue.length;
  event.senderId = noPeer;
  event.sendSeq = 0;
  event.messageClock = 0;
  event.to = noPeer;
  event.kind = 'restart';
  return event;
}

/** Why a machine's grid ticks make no event (bits of FaultedRun's #blocked). */
const blockedDown = 1;
const blockedRestarted = 2;
const blockedPaused = 4;

export class FaultedRun implements ArrivalGate {
  readonly #durationUs: number;
  readonly #machines: readonly MachineState<MergedQueue>[];
  readonly #actionRngs: readonly Rng[];
  readonly #ticks: TickQueue;
  readonly #network: VirtualNetwork;
  readonly #instantUs: Float64Array;
  readonly #sink: EventSink;
  readonly #recorder: TallyingRecorder;
  readonly #timeline: FaultTimeline;
  readonly #driveStep: FaultedStep;
  /**
   * Per machine, why its grid ticks make no event (0: they do): blockedDown while crashed,
   * blockedRestarted for the instant of its restart (the restart takes it), blockedPaused while
   * paused (those ticks are counted, and run at the resume). One byte read per tick.
   */
  readonly #blocked: Uint8Array;
  /** 1 while a machine is crashed: copies arriving then are dropped (the delivery gate). */
  readonly #down: Uint8Array;
  /** The crash that took each machine down (the index its drops name). */
  readonly #crashIndex: Int32Array;
  /** Machines restarted at the running instant (blockedRestarted to clear at the next one). */
  readonly #restartedNow: number[] = [];
  readonly #missedTicks: Float64Array;
  /** Machines resumed at the running instant with missed ticks still to run, ascending id. */
  readonly #bursting: number[] = [];
  /** [0]: time of the next fault state change (+Infinity when none is left). */
  readonly #nextChangeUs = Float64Array.of(Number.POSITIVE_INFINITY);
  /** Hears each copy queued (the harness's plan only; null in a run of the model). */
  readonly #arrived: CopyListener | null;
  /** The record of restart rows (every other event's is the FaultedStep's). */
  readonly #restartEvent = new StepEvent();
  /** Where a crash reads the copies it drops from a queue. */
  readonly #droppedCopy = new StepEvent();
  #events = 0;
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
    this.#arrived = parts.deps.arrivals ?? null;
    const faults = parts.config.faults;
    faults.forEach((fault, at) => {
      assert(fault.index === at, 'a fault index is its position in the list');
      if ('machine' in fault)
        assert(fault.machine >= 0 && fault.machine < machineCount, 'fault machine out of range');
    });
    this.#recorder = new TallyingRecorder(faults.length, machineCount, parts.deps.faultRecorder);
    this.#timeline = new FaultTimeline(faults);
    this.#nextChangeUs[0] = this.#timeline.nextUs;
    const router = new FaultRouter({
      faults,
      machineCount,
      network: parts.network,
      rngFor: parts.deps.rngFor,
      recorder: this.#recorder,
      // Without a recorder to hear them, the per-copy rows are only counted.
      counter: this.#recorder.forwarding ? null : this.#recorder,
      nowUs: parts.instantUs,
    });
    this.#driveStep = new FaultedStep({
      step: parts.deps.step ?? tick,
      sink: parts.deps.sink,
      router,
      nowUs: parts.instantUs,
    });
    this.#blocked = new Uint8Array(machineCount);
    this.#down = new Uint8Array(machineCount);
    this.#crashIndex = new Int32Array(machineCount).fill(-1);
    this.#missedTicks = new Float64Array(machineCount);
  }

  /**
   * A copy that arrived at a crashed machine (the network's delivery gate): dropped, with the
   * crash that took the machine down. A method rather than a closure: the warm-up's run and
   * the real one then call the same function, where two closures made V8 throw away the
   * delivery loop compiled for the first ("wrong call target", --trace-deopt).
   */
  dropAtArrival(receiverId: number, senderId: number, sendSeq: number, arriveUs: number): void {
    const faultIndex = this.#crashIndex[receiverId] as number;
    if (!this.#recorder.forwarding) {
      this.#recorder.countDrop(faultIndex, 'crash');
      return;
    }
    this.#recorder.record({
      action: 'drop',
      timeUs: arriveUs,
      faultIndex,
      receiverId,
      senderId,
      sendSeq,
      reason: 'crash',
    });
  }

  get events(): number {
    return this.#events;
  }

  /**
   * As VirtualSimulation.advance: up to `eventBudget` more events; true once the run is done.
   * The common step, a grid tick of a machine no fault holds, costs one byte more than
   * without faults; instants, fault changes and bursts of missed ticks go the long way.
   */
  advance(eventBudget: number): boolean {
    if (this.#done) return true;
    const endUs = this.#durationUs;
    const stopAt = this.#events + eventBudget;
    const ticks = this.#ticks;
    const blocked = this.#blocked;
    const machines = this.#machines;
    const actionRngs = this.#actionRngs;
    const driveStep = this.#driveStep;
    const nextChangeUs = this.#nextChangeUs;
    const bursting = this.#bursting;
    const restarted = this.#restartedNow;
    const network = this.#network;
    const deliverBy = network.deliverByUs;
    const nextCopyArriveUs = network.nextCopyArriveUs;
    const down = this.#down;
    const arrived = this.#arrived;
    const instant = this.#instantUs;
    let instantUs = instant[0] as number;
    while (this.#events < stopAt) {
      if (bursting.length > 0) {
        this.#tickAmongBursts(instantUs);
        continue;
      }
      const tickUs = ticks.nextTimeUs;
      if (tickUs !== instantUs) {
        // A new instant: the next tick's, or an earlier fault change's.
        const changeUs = nextChangeUs[0] as number;
        const nextUs = changeUs < tickUs ? changeUs : tickUs;
        if (nextUs > endUs) {
          this.#done = true;
          return true;
        }
        instantUs = nextUs;
        if (changeUs === nextUs || restarted.length > 0) {
          this.#openInstant(nextUs);
          continue;
        }
        // Most instants change no fault: only their arrivals, checked here without a call, as
        // the fault-free loop does (what #openInstant does when nothing changes).
        instant[0] = nextUs;
        if ((nextCopyArriveUs[0] as number) <= nextUs) {
          deliverBy[0] = nextUs;
          network.deliverUntilGated(down, this, arrived);
        }
        continue;
      }
      const machineId = ticks.nextMachineId;
      ticks.advanceNext();
      if (blocked[machineId] !== 0) {
        this.#blockedTick(machineId);
        continue;
      }
      driveStep.drive(
        machines[machineId] as MachineState<MergedQueue>,
        actionRngs[machineId] as Rng,
      );
      this.#events += 1;
    }
    return false;
  }

  /**
   * Steps 0-2 of instant `timeUs`, for an instant with fault changes or after one with
   * restarts (advance opens the others itself: arrivals only).
   */
  #openInstant(timeUs: number): void {
    const network = this.#network;
    const deliverBy = network.deliverByUs;
    const changes = this.#nextChangeUs[0] === timeUs;
    // Arrivals before the instant first, so that drops at a down machine come before the
    // instant's changes in the evidence (only needed when there are changes).
    if (changes && (network.nextCopyArriveUs[0] as number) < timeUs) {
      deliverBy[0] = timeUs - 1;
      network.deliverUntilGated(this.#down, this, this.#arrived);
    }
    this.#instantUs[0] = timeUs;
    const restarted = this.#restartedNow;
    while (restarted.length > 0) {
      const machineId = restarted.pop() as number;
      this.#blocked[machineId] = (this.#blocked[machineId] as number) & ~blockedRestarted;
    }
    if (changes) {
      const timeline = this.#timeline;
      while (timeline.nextUs === timeUs) this.#apply(timeline.take(), timeUs);
      this.#nextChangeUs[0] = timeline.nextUs;
    }
    if ((network.nextCopyArriveUs[0] as number) <= timeUs) {
      deliverBy[0] = timeUs;
      network.deliverUntilGated(this.#down, this, this.#arrived);
    }
  }

  /** A grid tick of a machine a fault holds: none while down or restarting, missed while paused. */
  #blockedTick(machineId: number): void {
    const why = this.#blocked[machineId] as number;
    if ((why & (blockedDown | blockedRestarted)) !== 0) return;
    this.#missedTicks[machineId] = (this.#missedTicks[machineId] as number) + 1;
  }

  /**
   * One tick at an instant where resumed machines still have missed ticks to run: ascending id,
   * a resumed machine's missed ticks before its own grid tick.
   */
  #tickAmongBursts(instantUs: number): void {
    const ticks = this.#ticks;
    const gridId = ticks.nextTimeUs === instantUs ? ticks.nextMachineId : -1;
    const bursting = this.#bursting;
    const burstId = bursting[0] as number;
    if (((this.#blocked[burstId] as number) & blockedDown) !== 0) {
      // Crashed at the instant it resumed: its missed ticks never run.
      this.#missedTicks[burstId] = 0;
      bursting.shift();
      return;
    }
    if (gridId >= 0 && gridId < burstId) {
      ticks.advanceNext();
      if ((this.#blocked[gridId] as number) !== 0) this.#blockedTick(gridId);
      else this.#drive(gridId);
      return;
    }
    const left = (this.#missedTicks[burstId] as number) - 1;
    this.#missedTicks[burstId] = left;
    if (left === 0) bursting.shift();
    this.#drive(burstId);
  }

  #drive(machineId: number): void {
    this.#driveStep.drive(
      this.#machines[machineId] as MachineState<MergedQueue>,
      this.#actionRngs[machineId] as Rng,
    );
    this.#events += 1;
  }

  /** A pause's start or end (its resume: the missed ticks join the burst of the instant). */
  #pause(machineId: number, faultIndex: number, edge: 'start' | 'end', timeUs: number): void {
    if (edge === 'start') {
      // Its missed ticks would be lost, and the burst would never end (validation refuses it).
      assert(!this.#bursting.includes(machineId), 'a pause starts as one of its machine ends');
      this.#blocked[machineId] = (this.#blocked[machineId] as number) | blockedPaused;
      this.#missedTicks[machineId] = 0;
      this.#recorder.record({ action: 'pause', timeUs, faultIndex, machine: machineId });
      return;
    }
    this.#blocked[machineId] = (this.#blocked[machineId] as number) & ~blockedPaused;
    const missed = this.#missedTicks[machineId] as number;
    this.#recorder.record({
      action: 'resume',
      timeUs,
      faultIndex,
      machine: machineId,
      missedTicks: missed,
    });
    if (missed > 0) {
      const bursting = this.#bursting;
      let at = 0;
      while (at < bursting.length && (bursting[at] as number) < machineId) at += 1;
      bursting.splice(at, 0, machineId);
    }
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
      case 'pause':
        this.#pause(fault.machine, fault.index, change.edge, timeUs);
        return;
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
    // Still paused only when the crash comes before the pause's end at the same instant (a crash
    // inside a pause is refused by validation): down wins, its missed ticks never run.
    this.#down[machineId] = 1;
    this.#blocked[machineId] = (this.#blocked[machineId] as number) | blockedDown;
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
    // Up again, but the restart takes this instant: its grid tick here (if any) never happens.
    this.#blocked[machineId] =
      ((this.#blocked[machineId] as number) & ~blockedDown) | blockedRestarted;
    this.#restartedNow.push(machineId);
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

  #recordRestartRow(machine: MachineState<MergedQueue>, timeUs: number): void {
    this.#sink.record(machine.id, timeUs, restartRowInto(this.#restartEvent, machine));
    this.#events += 1;
  }

  /** Ends the run as VirtualSimulation.finish does, with the faults' tally. */
  finish(): FaultedEnd {
    const endUs = this.#done ? this.#durationUs : Math.max(this.#instantUs[0] as number, 0);
    this.#network.deliverByUs[0] = endUs;
    this.#network.deliverUntilGated(this.#down, this, this.#arrived);
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
