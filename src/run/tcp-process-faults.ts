/**
 * The process faults of a TCP run (`run --mode tcp --topology router` with faults), done by the
 * launcher on its machines' processes at their times, in wall-clock time from the run's common
 * start, and written as the launcher's rows of faults.csv (faults-launcher.part.csv):
 *
 * - `crash`: SIGKILL, `crashKillDelayMs` after the crash's time. The machine itself makes no
 *   event from that instant (it knows its crash, machine.ts); the delay lets every copy the
 *   router forwarded before it reach the machine's queue, which the crash then drops (one row
 *   each, from the state the machine persisted) or keeps for the restart. A copy in a socket
 *   buffer at the kill would otherwise vanish with no row.
 * - `restart`: a new process for the machine, told the run's start (no new barrier) and where
 *   its state is: it goes on with that seq and stream position, and the clock its rule gives.
 * - `pause`: SIGSTOP at its start, SIGCONT at its end; the machine's timer, on absolute
 *   deadlines, then runs the ticks it missed at once. The `resume` row's `missed` is the model's
 *   count: the machine's grid ticks in the window. A SIGSTOP that lands late makes no row inside
 *   the window: the machine holds its ticks from the pause's start until the SIGCONT (pause-hold.ts).
 * - `rate`: the machine switches its grid itself (tick-timer.ts); the launcher only writes the row.
 *
 * Changes are taken one at a time, in time order (and list order within an instant), so a
 * restart always sees the state its crash left.
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { clockAfterRestart } from '../../core/index.js';
import { rateHzToMilliHz, TickSchedule } from '../../core/tick-schedule.js';
import type { FaultConfig, FaultEvidence } from '../../transports/fault-config.js';
import { downSpansOf } from '../../transports/tcp/down-spans.js';
import type { TcpMachineFaults } from '../../transports/tcp/machine.js';
import { readMachineState } from '../../transports/tcp/machine-state.js';
import type { RateStep } from '../../transports/tcp/tick-timer.js';
import type { WallClock } from '../../transports/tcp/wall-clock.js';
import { FaultTimeline } from '../../transports/virtual/fault-timeline.js';
import { launcherFaultsPartName } from '../logs/faults-assembly.js';
import { faultRowLine, faultsHeaderLine } from '../logs/faults-format.js';

/** How long after a crash's time its SIGKILL is sent (see above). */
export const crashKillDelayMs = 20;

type Crash = Extract<FaultConfig, { kind: 'crash' }>;
type Restart = Extract<FaultConfig, { kind: 'restart' }>;

/** A machine's rate steps, in time order. */
function rateStepsOf(faults: readonly FaultConfig[], machineId: number): RateStep[] {
  return faults
    .filter(
      (fault): fault is Extract<FaultConfig, { kind: 'rate' }> =>
        fault.kind === 'rate' && fault.machine === machineId,
    )
    .sort((a, b) => a.atUs - b.atUs || a.index - b.index)
    .map((fault) => ({ atUs: fault.atUs, rateMilliHz: fault.rateMilliHz }));
}

export function statePathOf(statesDir: string, machineId: number): string {
  return join(statesDir, `machine-${machineId}.state.json`);
}

/**
 * What the machine's process `life` (0: the first; n: the one started by its n-th restart)
 * does about its faults; undefined for a run without faults (its config is what it was).
 */
export function machineFaultsOf(
  faults: readonly FaultConfig[],
  parts: {
    readonly machineId: number;
    readonly machineCount: number;
    readonly statesDir: string;
    readonly life: number;
    readonly startEpochMs: number;
    readonly durationUs: number;
  },
): TcpMachineFaults | undefined {
  if (faults.length === 0) return undefined;
  const { machineId, life } = parts;
  const spans = downSpansOf(faults, parts.machineCount)[machineId] ?? [];
  const restartedBy = life === 0 ? null : (spans[life - 1] ?? null);
  const crash = spans[life]?.crash ?? null;
  const pauses = faults.filter(
    (fault): fault is Extract<FaultConfig, { kind: 'pause' }> =>
      fault.kind === 'pause' && fault.machine === machineId,
  );
  const pausedToEnd = pauses.find((fault) => fault.untilUs > parts.durationUs);
  // A pause never overlaps a down span (fault-rules.ts): this life's pauses start at or after
  // its restart, and one after its crash never comes.
  const lifeFromUs = restartedBy?.restart?.atUs ?? 0;
  const lifeUntilUs = crash?.atUs ?? Number.POSITIVE_INFINITY;
  return {
    rateSteps: rateStepsOf(faults, machineId),
    crashAtUs: crash?.atUs ?? null,
    pausedToEndFromUs: pausedToEnd?.atUs ?? null,
    pauseStartsUs: pauses
      .map((fault) => fault.atUs)
      .filter((atUs) => atUs >= lifeFromUs && atUs < lifeUntilUs)
      .sort((a, b) => a - b),
    statePath: spans.length === 0 ? null : statePathOf(parts.statesDir, machineId),
    restart:
      restartedBy?.restart == null
        ? null
        : {
            atUs: restartedBy.restart.atUs,
            clock: restartedBy.restart.clock,
            inbox: restartedBy.crash.inbox,
            startEpochMs: parts.startEpochMs,
          },
  };
}

/**
 * The machine's grid ticks in [fromUs, untilUs), its rate steps followed: the ticks a pause
 * over that window misses.
 */
export function gridTicksIn(
  rateMilliHz: number,
  steps: readonly RateStep[],
  fromUs: number,
  untilUs: number,
): number {
  let originUs = 0;
  let schedule = new TickSchedule(rateMilliHz);
  let nextStep = 0;
  let count = 0;
  for (;;) {
    const dueUs = originUs + schedule.advance();
    const step = steps[nextStep];
    if (step !== undefined && step.atUs <= dueUs) {
      nextStep += 1;
      originUs = step.atUs;
      schedule = new TickSchedule(step.rateMilliHz);
      continue;
    }
    if (dueUs >= untilUs) return count;
    if (dueUs >= fromUs) count += 1;
  }
}

/** What the launcher does to a machine's process. */
export interface ProcessHooks {
  /** SIGKILL its process; settles once it has exited. */
  kill(machineId: number): Promise<void>;
  /** SIGSTOP / SIGCONT its process. */
  pause(machineId: number): void;
  resume(machineId: number): void;
  /** Starts the process of its restart number `life`. */
  restart(machineId: number, life: number): void;
}

export interface ProcessFaultPlan {
  readonly faults: readonly FaultConfig[];
  readonly rates: readonly number[];
  readonly durationUs: number;
  readonly statesDir: string;
  readonly outDir: string;
  readonly clock: WallClock;
}

/** Runs the process faults of one run, from its start to its end or a stop. */
export class ProcessFaultRunner {
  readonly #plan: ProcessFaultPlan;
  readonly #hooks: ProcessHooks;
  readonly #partPath: string;
  /** Machines SIGSTOPped and not resumed yet, with their pause: every exit path resumes them. */
  readonly #paused = new Map<number, Extract<FaultConfig, { kind: 'pause' }>>();
  /** Per pause fault (its index) that a stop ended early: when its resume row says, µs. */
  readonly #endedByStopUs = new Map<number, number>();
  #startEpochMs = 0;
  readonly #lives: number[];
  #cancelled = false;
  /** Restarts not yet made (a stop or the end cancels them). */
  #restartsAhead: number;
  #wake: (() => void) | null = null;
  #timer: NodeJS.Timeout | undefined;
  /** Settles when the last change is done, or soon after a cancel. */
  done: Promise<void> = Promise.resolve();

  constructor(plan: ProcessFaultPlan, hooks: ProcessHooks) {
    this.#plan = plan;
    this.#hooks = hooks;
    this.#partPath = join(plan.outDir, launcherFaultsPartName);
    this.#lives = new Array<number>(plan.rates.length).fill(0);
    this.#restartsAhead = plan.faults.filter((fault) => fault.kind === 'restart').length;
    writeFileSync(this.#partPath, faultsHeaderLine);
  }

  get partPath(): string {
    return this.#partPath;
  }

  start(startEpochMs: number): void {
    this.#startEpochMs = startEpochMs;
    this.done = this.#run(startEpochMs);
  }

  /**
   * A stop (Ctrl-C) at `stopEpochMs` ends every pause then: each paused machine is resumed so
   * that it can hear the stop, and it makes at once the ticks it missed (absolute deadlines), so
   * its `resume` row says so, at the stop's time, with the ticks due since the pause began.
   * Without the row those ticks sat inside the pause window with nothing to explain them.
   */
  endPausesForStop(stopEpochMs: number): void {
    const timeUs = Math.max(0, Math.round((stopEpochMs - this.#startEpochMs) * 1000));
    for (const fault of this.#paused.values()) {
      const resumeUs = Math.max(timeUs, fault.atUs);
      this.#endedByStopUs.set(fault.index, resumeUs);
      this.#resume(fault, resumeUs);
    }
    this.#paused.clear();
  }

  /** The pauses a stop ended (endPausesForStop): fault index to its resume row's time, µs. */
  get pausesEndedByStopUs(): ReadonlyMap<number, number> {
    return this.#endedByStopUs;
  }

  /** Whether a restart is still to come (the run may have no machine up meanwhile). */
  restartAhead(): boolean {
    return !this.#cancelled && this.#restartsAhead > 0;
  }

  /** No further change is made; a wait for the next one ends at once. */
  cancel(): void {
    this.#cancelled = true;
    clearTimeout(this.#timer);
    this.#wake?.();
  }

  async #run(startEpochMs: number): Promise<void> {
    const timeline = new FaultTimeline(this.#plan.faults);
    while (!this.#cancelled && timeline.nextUs <= this.#plan.durationUs) {
      const change = timeline.take();
      const isCrash = change.fault.kind === 'crash';
      await this.#sleepUntil(
        startEpochMs + change.timeUs / 1000 + (isCrash ? crashKillDelayMs : 0),
      );
      if (this.#cancelled) return;
      await this.#apply(change.fault, change.edge, change.timeUs);
    }
    // A pause past the end: resumed (no row: the run ends first) so that the machine can end.
    await this.#sleepUntil(startEpochMs + this.#plan.durationUs / 1000);
    if (this.#cancelled) return;
    for (const machineId of this.#paused.keys()) this.#hooks.resume(machineId);
    this.#paused.clear();
  }

  #sleepUntil(epochMs: number): Promise<void> {
    return new Promise((resolve) => {
      this.#wake = resolve;
      this.#timer = setTimeout(resolve, Math.max(0, epochMs - this.#plan.clock.epochMs()));
    });
  }

  #record(evidence: FaultEvidence): void {
    appendFileSync(this.#partPath, faultRowLine(evidence, this.#plan.faults));
  }

  async #apply(fault: FaultConfig, edge: 'start' | 'end', timeUs: number): Promise<void> {
    const faultIndex = fault.index;
    switch (fault.kind) {
      case 'crash':
        await this.#crash(fault);
        return;
      case 'restart':
        this.#restart(fault);
        return;
      case 'pause':
        if (edge === 'start') {
          this.#hooks.pause(fault.machine);
          this.#paused.set(fault.machine, fault);
          this.#record({ action: 'pause', timeUs, faultIndex, machine: fault.machine });
          return;
        }
        this.#paused.delete(fault.machine);
        this.#resume(fault, fault.untilUs);
        return;
      case 'rate':
        this.#record({
          action: 'rate',
          timeUs,
          faultIndex,
          machine: fault.machine,
          fromMilliHz: this.#rateBefore(fault),
          toMilliHz: fault.rateMilliHz,
        });
        return;
      default:
        // Per-copy faults and partitions are the router's.
        return;
    }
  }

  /** The machine's rate just before a rate step: its scenario rate or the step before. */
  /** SIGCONT and the `resume` row at `timeUs`: the ticks due in [its start, timeUs) run now. */
  #resume(fault: Extract<FaultConfig, { kind: 'pause' }>, timeUs: number): void {
    this.#hooks.resume(fault.machine);
    this.#record({
      action: 'resume',
      timeUs,
      faultIndex: fault.index,
      machine: fault.machine,
      missedTicks: gridTicksIn(
        rateHzToMilliHz(this.#plan.rates[fault.machine] as number),
        rateStepsOf(this.#plan.faults, fault.machine),
        fault.atUs,
        timeUs,
      ),
    });
  }

  #rateBefore(fault: Extract<FaultConfig, { kind: 'rate' }>): number {
    let rateMilliHz = rateHzToMilliHz(this.#plan.rates[fault.machine] as number);
    for (const step of rateStepsOf(this.#plan.faults, fault.machine)) {
      if (step.atUs >= fault.atUs) break;
      rateMilliHz = step.rateMilliHz;
    }
    return rateMilliHz;
  }

  async #crash(fault: Crash): Promise<void> {
    await this.#hooks.kill(fault.machine);
    const state = readMachineState(statePathOf(this.#plan.statesDir, fault.machine));
    const queue = state?.queue ?? [];
    const base = { timeUs: fault.atUs, faultIndex: fault.index };
    this.#record({ ...base, action: 'crash', machine: fault.machine, queued: queue.length });
    if (fault.inbox === 'keep') return;
    for (const [senderId, sendSeq] of queue) {
      this.#record({
        ...base,
        action: 'drop',
        receiverId: fault.machine,
        senderId,
        sendSeq,
        reason: 'crash',
      });
    }
  }

  #restart(fault: Restart): void {
    const state = readMachineState(statePathOf(this.#plan.statesDir, fault.machine));
    const clockBefore = state?.clock ?? 0;
    this.#record({
      action: 'restart',
      timeUs: fault.atUs,
      faultIndex: fault.index,
      machine: fault.machine,
      clockBefore,
      clockAfter: clockAfterRestart(clockBefore, fault.clock),
    });
    this.#restartsAhead -= 1;
    const life = (this.#lives[fault.machine] as number) + 1;
    this.#lives[fault.machine] = life;
    this.#hooks.restart(fault.machine, life);
  }
}
