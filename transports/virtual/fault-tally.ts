/**
 * Counts what a run's faults did from the evidence itself, on its way to the caller's
 * recorder: so the ledger in the result can never disagree with the rows of faults.csv.
 */
import { assertNever } from '../../core/index.js';
import type { FaultEvidence, FaultRecorder } from '../fault-config.js';
import type { FaultTally } from '../run-config.js';

export class TallyingRecorder implements FaultRecorder {
  readonly #forward: FaultRecorder | undefined;
  readonly #fired: number[];
  readonly #restarts: number[];
  #duplicated = 0;
  #droppedLoss = 0;
  #droppedPartition = 0;
  #droppedCrash = 0;

  constructor(faultCount: number, machineCount: number, forward: FaultRecorder | undefined) {
    this.#forward = forward;
    this.#fired = new Array<number>(faultCount).fill(0);
    this.#restarts = new Array<number>(machineCount).fill(0);
  }

  record(evidence: FaultEvidence): void {
    this.#fired[evidence.faultIndex] = (this.#fired[evidence.faultIndex] as number) + 1;
    switch (evidence.action) {
      case 'drop':
        if (evidence.reason === 'loss') this.#droppedLoss += 1;
        else if (evidence.reason === 'partition') this.#droppedPartition += 1;
        else this.#droppedCrash += 1;
        break;
      case 'duplicate':
        this.#duplicated += 1;
        break;
      case 'restart':
        this.#restarts[evidence.machine] = (this.#restarts[evidence.machine] as number) + 1;
        break;
      case 'partition-start':
      case 'partition-heal':
      case 'crash':
      case 'pause':
      case 'resume':
      case 'rate':
      case 'delay':
      case 'corrupt':
        break;
      default:
        assertNever(evidence, 'fault action');
    }
    this.#forward?.record(evidence);
  }

  tally(): FaultTally {
    return {
      duplicated: this.#duplicated,
      dropped: this.#droppedLoss + this.#droppedPartition + this.#droppedCrash,
      droppedBy: {
        loss: this.#droppedLoss,
        partition: this.#droppedPartition,
        crash: this.#droppedCrash,
      },
      restarts: [...this.#restarts],
      fired: [...this.#fired],
    };
  }
}
