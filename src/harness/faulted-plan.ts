/**
 * The plan of a run with faults (issue 21): the virtual driver's own faulted loop
 * (transports/virtual/faulted-run.ts, with its fault timeline and per-copy router) run ahead of
 * the children, so every fault is decided by the same seeded machinery as `run`'s. As without
 * faults (harness-plan.ts), a clock decides nothing here: which copy a fault drops, duplicates
 * or holds, when a machine is down, paused or on a new rate, all come from the seed and the
 * fault list. So the loop runs with the core's step (its clocks are the model's, unused), and
 * what it does is listed in the simulator's order: each copy queued (the arrival hook), each tick with its
 * roll, each fault action (a faults.csv row, whose clocks the log side fills in from the
 * children's answers), each restart.
 */
import {
  type ActionPolicy,
  assert,
  buildActionPolicy,
  drawUniform,
  type MachineState,
  type Rng,
  type StepEvent,
  tick,
  type UniformRange,
} from '../../core/index.js';
import type { FaultConfig, FaultEvidence } from '../../transports/fault-config.js';
import type { RunConfig } from '../../transports/run-config.js';
import { seededRngFactory } from '../../transports/seeded-rng.js';
import type { MergedQueue } from '../../transports/virtual/merged-queue.js';
import { VirtualSimulation } from '../../transports/virtual/simulation.js';
import type { PlannedStep, StepPlan } from './harness-plan.js';

type RestartEvidence = Extract<FaultEvidence, { action: 'restart' }>;

export class FaultedHarnessPlan implements StepPlan {
  readonly policy: ActionPolicy;
  readonly #faults: readonly FaultConfig[];
  readonly #simulation: VirtualSimulation;
  /** Where the loop's steps go: the driver's list, given to each `next`. */
  #out: PlannedStep[] = [];
  /** The roll of the step being driven (null: it received). */
  #roll: number | null = null;
  /** A restart's faults.csv row, held until its restart row (which the loop records next). */
  #restartEvidence: RestartEvidence | null = null;
  readonly #kept = new KeptDraws();
  #done = false;

  constructor(config: RunConfig) {
    assert(config.faults.length > 0, 'the faulted plan is for a run with faults');
    this.#faults = config.faults;
    this.policy = buildActionPolicy(config.ratesMilliHz.length - 1, config.internalProbability);
    this.#simulation = new VirtualSimulation(config, {
      sink: { record: (machineId, timeUs, event) => this.#record(machineId, timeUs, event) },
      rngFor: seededRngFactory(config.seed),
      step: (machine, rng, event) => this.#step(machine as MachineState<MergedQueue>, rng, event),
      faultRecorder: { record: (evidence) => this.#fault(evidence) },
      arrivals: (receiverId, senderId, sendSeq, arriveUs) => {
        // The instant it enters the queue (a copy that arrived between instants waits for one).
        const timeUs = Math.max(arriveUs, this.#simulation.timeUs);
        this.#out.push({ kind: 'deliver', timeUs, receiverId, senderId, sendSeq });
      },
    });
  }

  get done(): boolean {
    return this.#done;
  }

  next(out: PlannedStep[]): void {
    if (this.#done) return;
    this.#out = out;
    // One event (a tick or a restart row) and what the loop did before it; at the end, what
    // arrives by the end (queued, or dropped at a down machine).
    if (this.#simulation.advance(1)) {
      this.#simulation.finish();
      this.#done = true;
    }
  }

  /** The core's own step; an idle tick's roll is read again from the draws it made. */
  #step(machine: MachineState<MergedQueue>, rng: Rng, event: StepEvent): void {
    const kept = this.#kept;
    kept.keepFrom(rng);
    tick(machine, kept, event);
    this.#roll = kept.drew ? kept.replay(this.policy.die) : null;
  }

  #record(machineId: number, timeUs: number, event: StepEvent): void {
    if (event.kind !== 'restart') {
      const { seq } = event;
      const roll = this.#roll;
      this.#out.push({ kind: 'tick', timeUs, machineId, seq, roll, reply: null, lie: null });
      return;
    }
    const evidence = this.#restartEvidence;
    assert(evidence !== null && evidence.machine === machineId, 'a restart row follows its row');
    this.#restartEvidence = null;
    const fault = this.#faults[evidence.faultIndex];
    assert(fault?.kind === 'restart', 'a restart row names its restart fault');
    const rule = fault.clock;
    this.#out.push({ kind: 'restart', timeUs, machineId, rule, evidence, reply: null });
  }

  #fault(evidence: FaultEvidence): void {
    if (evidence.action === 'restart') this.#restartEvidence = evidence;
    else this.#out.push({ kind: 'fault', evidence });
  }
}

/**
 * A machine's action stream with the draws of one step kept: the core's step draws the die from
 * it (on an idle tick only), and reading the same draws again gives the face it rolled, which
 * the child is sent. So the plan's step is the core's, not a copy of it.
 */
class KeptDraws implements Rng {
  #source: Rng | null = null;
  readonly #draws: number[] = [];
  #replayAt = -1;

  keepFrom(source: Rng): void {
    this.#source = source;
    this.#draws.length = 0;
    this.#replayAt = -1;
  }

  get drew(): boolean {
    return this.#draws.length > 0;
  }

  nextU32(): number {
    if (this.#replayAt >= 0) {
      assert(this.#replayAt < this.#draws.length, 'a replay reads only the draws kept');
      const draw = this.#draws[this.#replayAt] as number;
      this.#replayAt += 1;
      return draw;
    }
    const draw = (this.#source as Rng).nextU32();
    this.#draws.push(draw);
    return draw;
  }

  /** The face the step rolled: the die drawn again from the same draws. */
  replay(die: UniformRange): number {
    this.#replayAt = 0;
    const face = drawUniform(this, die);
    assert(this.#replayAt === this.#draws.length, 'the step drew the die once');
    return face;
  }
}
