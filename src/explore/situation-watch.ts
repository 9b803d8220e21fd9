/**
 * Watches one run of `explore` for the notable situations of situations.ts: an event sink and a
 * fault recorder the run tees its events and fault actions to, plus what only the run's analysis
 * (a growing queue) and its check (consequences) can tell, added at the end.
 */
import type { MachineId, StepEvent } from '../../core/index.js';
import type { FaultEvidence, FaultRecorder } from '../../transports/fault-config.js';
import type { EventSink } from '../../transports/run-config.js';
import type { Consequence } from '../check/consequences.js';
import type { ResolvedFault } from '../scenario/fault-resolve.js';
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
  /** Copies received, as `sender-seq>receiver`: a second receive is a duplicate's. */
  readonly #received = new Set<string>();
  /** Partitions (by fault index) that dropped a copy so far. */
  readonly #partitionDropped = new Set<number>();

  constructor(machines: number, faults: readonly ResolvedFault[]) {
    this.#clocks = new Array<number>(machines).fill(0);
    this.#faults = faults;
  }

  /** Tee the run's events here. */
  readonly events: EventSink = {
    record: (machineId, _timeUs, event) => this.#event(machineId, event),
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
    const copy = `${event.senderId}-${event.sendSeq}>${machineId}`;
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

  /** What the run's analysis and check found: a growing queue, the consequences of faults. */
  addFindings(queueGrowing: boolean, consequences: readonly Consequence[]): void {
    if (queueGrowing) this.#reached.add('queue-growing');
    for (const consequence of consequences) {
      if (consequence.effect === 'fifoBroken') this.#reached.add('fifo-broken');
      if (consequence.effect === 'clockInflated' && consequence.cause.kind === 'corrupt-clock')
        this.#reached.add('corrupt-inflated');
    }
  }

  /** The situations reached, in situationIds order. */
  reached(): SituationId[] {
    return situationIds.filter((id) => this.#reached.has(id));
  }
}
