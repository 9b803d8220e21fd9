/**
 * What the faults of a run did, counted from their evidence as the driver reports it: how often
 * each fault fired (its faults.csv rows) and the copies duplicated and dropped, by reason. The
 * manifest's fault list and its message ledger come from here, so they say what faults.csv says.
 */
import { assertNever } from '../../core/index.js';
import type { DropReason, FaultEvidence } from '../../transports/fault-config.js';

export class FaultTally {
  /** Rows per fault, by index in the list. */
  readonly fired: number[];
  duplicated = 0;
  readonly droppedBy: Record<DropReason, number> = { loss: 0, partition: 0, crash: 0 };

  constructor(faultCount: number) {
    this.fired = new Array<number>(faultCount).fill(0);
  }

  count(evidence: FaultEvidence): void {
    this.fired[evidence.faultIndex] = (this.fired[evidence.faultIndex] ?? 0) + 1;
    switch (evidence.action) {
      case 'drop':
        this.droppedBy[evidence.reason] += 1;
        break;
      case 'duplicate':
        this.duplicated += 1;
        break;
      case 'partition-start':
      case 'partition-heal':
      case 'crash':
      case 'restart':
      case 'pause':
      case 'resume':
      case 'rate':
      case 'delay':
      case 'corrupt':
        break;
      default:
        assertNever(evidence, 'fault action');
    }
  }

  get dropped(): number {
    return this.droppedBy.loss + this.droppedBy.partition + this.droppedBy.crash;
  }
}
