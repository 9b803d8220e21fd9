/**
 * Watches one run of `explore` for the notable situations of situations.ts: an event sink and a
 * fault recorder the run tees its events and fault actions to, plus what only the run's check
 * (consequences of its faults) can tell, added at the end. A growing queue is judged as `analyze`
 * judges it, from the same fit, without the rest of the analysis (a tenth of a trial's time).
 */
import type { MachineId, StepEvent } from '../../core/index.js';
import type { FaultEvidence, FaultRecorder } from '../../transports/fault-config.js';
import type { EventSink } from '../../transports/run-config.js';
import type { Consequence } from '../check/consequences.js';
import type { ResolvedFault } from '../scenario/fault-resolve.js';
import { queueVerdictOf } from '../analysis/run-analyzer.js';
import { LinearFit } from '../analysis/stats.js';
import type { SituationId } from './situations.js';
import { situationIds } from './situations.js';

/** A receive that moves its clock up by this much or more is a jump worth counting. */
const receiveJumpMin = 10;
/** A clock past this is far beyond any run's causal chains: a lie or a lease pushed it. */
const clockFar = 1_000_000;

export class SituationWatch {
  readonly #reached = new Set<SituationId>();
  readonly #faults: readonly ResolvedFault[];
  readonly #clocks: number[];
  /**
   * Copies received, each as one number, (seq * machines + sender) * machines + receiver: a
   * second receive is a duplicate's. A number, not a `sender-seq>receiver` text: a text and a
   * set entry of it for every receive was a fiftieth of a trial. Sender and receiver are
   * machines of the run and seq a whole count, so two copies share a number only if they are
   * the same copy (seqs stay far below 2^53 / machines²).
   */
  readonly #received = new Set<number>();
  readonly #machines: number;
  /** Partitions (by fault index) that dropped a copy so far. */
  readonly #partitionDropped = new Set<number>();

  /** Per machine, queue length against time over the second half of the run, as analyze fits it. */
  readonly #queueFits: LinearFit[];
  readonly #halfUs: number;

  constructor(machines: number, durationUs: number, faults: readonly ResolvedFault[]) {
    this.#machines = machines;
    this.#clocks = new Array<number>(machines).fill(0);
    this.#faults = faults;
    this.#queueFits = Array.from({ length: machines }, () => new LinearFit());
    this.#halfUs = durationUs / 2;
  }

  /** Tee the run's events here. */
  readonly events: EventSink = {
    record: (machineId, timeUs, event) => {
      if (timeUs >= this.#halfUs) this.#queueFits[machineId]?.add(timeUs / 1e6, event.queueLength);
      this.#event(machineId, event);
    },
  };

  /** Tee the run's fault actions here. */
  readonly faultActions: FaultRecorder = {
    record: (evidence) => this.#faultAction(evidence),
  };

  #event(machineId: MachineId, event: StepEvent): void {
    const before = this.#clocks[machineId] ?? 0;
    this.#clocks[machineId] = event.clock;
    if (event.clock > clockFar) this.#reached.add('clock-over-1e6');
    if (event.kind !== 'receive') return;
    if (event.clock - before >= receiveJumpMin) this.#reached.add('receive-jump-10');
    const machines = this.#machines;
    const copy = (event.sendSeq * machines + event.senderId) * machines + machineId;
    if (this.#received.has(copy)) this.#reached.add('duplicate-received');
    else this.#received.add(copy);
  }

  #faultAction(evidence: FaultEvidence): void {
    const fault = this.#faults[evidence.faultIndex];
    switch (evidence.action) {
      case 'drop':
        if (evidence.reason === 'partition') this.#partitionDropped.add(evidence.faultIndex);
        break;
      case 'partition-heal':
        if (this.#partitionDropped.has(evidence.faultIndex))
          this.#reached.add('partition-healed-with-drops');
        break;
      case 'restart':
        if (fault?.kind !== 'restart') break;
        if (fault.clock === 'reset') this.#reached.add('restart-reset');
        else if (typeof fault.clock === 'object') this.#reached.add('restart-lease');
        break;
      case 'resume':
        if (evidence.missedTicks > 0) this.#reached.add('pause-burst');
        break;
      case 'crash':
        if (fault?.kind === 'crash' && fault.inbox === 'drop' && evidence.queued > 0)
          this.#reached.add('crash-dropped-queue');
        break;
      default:
        break;
    }
  }

  /** What only the run's check finds: the consequences of its faults. */
  addConsequences(consequences: readonly Consequence[]): void {
    for (const consequence of consequences) {
      if (consequence.effect === 'fifoBroken') this.#reached.add('fifo-broken');
      if (consequence.effect === 'clockInflated' && consequence.cause.kind === 'corrupt-clock')
        this.#reached.add('corrupt-inflated');
    }
  }

  /** The situations reached, in situationIds order (call once the run has ended). */
  reached(): SituationId[] {
    // analyze's verdict on each queue, from the same fit over the run's second half.
    const halfSec = this.#halfUs / 1e6;
    if (this.#queueFits.some((fit) => queueVerdictOf(fit.slope(), halfSec) === 'growing'))
      this.#reached.add('queue-growing');
    return situationIds.filter((id) => this.#reached.has(id));
  }
}
