/**
 * The log side of a harness run with faults: the plan's fault actions (faulted-plan.ts) turned
 * into faults.csv rows with the children's clocks, in the simulator's order, counted as the
 * virtual driver counts them (TallyingRecorder: the manifest's ledger and `fired`).
 *
 * What the plan decided does not depend on a clock; what a row says may: a restart's clocks
 * (before: the child's last event; after: what the child's restart row says, which `check`
 * holds to the fault's rule, restartClock) and a corrupt copy's (true: the child's send; carried:
 * the fault's change of it, as `run` makes it, with the same ClockLies).
 */
import {
  assert,
  assertNever,
  type MachineState,
  type MessageQueue,
  StepEvent,
} from '../../core/index.js';
import { ClockLies } from '../../transports/copy-faults.js';
import type { FaultConfig, FaultEvidence, FaultRecorder } from '../../transports/fault-config.js';
import type { FaultTally } from '../../transports/run-config.js';
import { TallyingRecorder } from '../../transports/virtual/fault-tally.js';
import type { ClockLie } from './harness-plan.js';

export class HarnessFaultLog {
  readonly #faults: readonly FaultConfig[];
  readonly #recorder: TallyingRecorder;
  readonly #lies: ClockLies;
  /** Per receiver: copies duplicated, and copies dropped on the wire (not from a queue). */
  readonly #duplicatedTo: number[];
  readonly #droppedTo: number[];
  /** Drop rows still to come from the queue of the machine that just crashed. */
  #queueDropsLeft = 0;
  /** The corrupt-clock of the send logged last: its copies' corrupt rows follow it. */
  #lastLie: ClockLie | null = null;
  readonly #dropped = new StepEvent();

  constructor(faults: readonly FaultConfig[], machineCount: number, forward: FaultRecorder | null) {
    this.#faults = faults;
    this.#recorder = new TallyingRecorder(faults.length, machineCount, forward ?? undefined);
    this.#lies = new ClockLies(faults, machineCount);
    this.#duplicatedTo = new Array<number>(machineCount).fill(0);
    this.#droppedTo = new Array<number>(machineCount).fill(0);
  }

  /**
   * A send answered by `machineId` at `timeUs` with `clock`: what corrupt-clock makes its copies
   * carry, or null when no lie applies. Called once per send, in the machine's order.
   */
  lie(machineId: number, timeUs: number, clock: number): ClockLie | null {
    if (this.#lies.liar[machineId] !== 1) return null;
    const faultIndex = this.#lies.lie(machineId, timeUs, clock);
    if (faultIndex < 0) return null;
    const { carried: carriedClock, clamped } = this.#lies;
    return { faultIndex, trueClock: clock, carriedClock, clamped };
  }

  /** A send was logged: the corrupt rows that follow are its copies'. */
  sent(lie: ClockLie | null): void {
    this.#lastLie = lie;
  }

  /** The line a crash sends its child: the queue dropped or kept. */
  inboxOf(evidence: Extract<FaultEvidence, { action: 'crash' }>): 'drop' | 'keep' {
    const fault = this.#faults[evidence.faultIndex];
    return fault?.kind === 'crash' ? fault.inbox : 'drop';
  }

  /** One fault action in the log's order; a crash empties `machines`' queue as the plan's. */
  record(evidence: FaultEvidence, machines: readonly MachineState<MessageQueue>[]): void {
    switch (evidence.action) {
      case 'crash': {
        const queue = (machines[evidence.machine] as MachineState<MessageQueue>).queue;
        const queued = queue.length;
        if (this.inboxOf(evidence) === 'drop') {
          this.#queueDropsLeft = queued;
          while (queue.length > 0) queue.shiftInto(this.#dropped);
        }
        this.#recorder.record({ ...evidence, queued });
        return;
      }
      case 'drop':
        if (evidence.reason === 'crash' && this.#queueDropsLeft > 0) this.#queueDropsLeft -= 1;
        else this.#add(this.#droppedTo, evidence.receiverId);
        break;
      case 'duplicate':
        this.#add(this.#duplicatedTo, evidence.receiverId);
        break;
      case 'corrupt': {
        const lie = this.#lastLie;
        assert(lie !== null, 'a corrupt row follows a send that corrupt-clock altered');
        const { trueClock, carriedClock, clamped } = lie;
        this.#recorder.record({ ...evidence, trueClock, carriedClock, clamped });
        return;
      }
      case 'restart':
      case 'partition-start':
      case 'partition-heal':
      case 'pause':
      case 'resume':
      case 'rate':
      case 'delay':
        break;
      default:
        assertNever(evidence, 'fault action');
    }
    this.#recorder.record(evidence);
  }

  /** Copies to `receiverId` on the wire besides those sent and delivered: duplicates, drops. */
  wireExtra(receiverId: number): number {
    return (this.#duplicatedTo[receiverId] as number) - (this.#droppedTo[receiverId] as number);
  }

  tally(): FaultTally {
    return this.#recorder.tally();
  }

  #add(counts: number[], id: number): void {
    counts[id] = (counts[id] as number) + 1;
  }
}
