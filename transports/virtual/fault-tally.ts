/**
 * Counts what a run's faults did from the evidence itself, on its way to the caller's
 * recorder: so the ledger in the result can never disagree with the rows of faults.csv.
 */
import { assertNever } from '../../core/index.js';
import type { FaultEvidence, FaultRecorder } from '../fault-config.js';
import type { FaultTally } from '../run-config.js';

/**
 * Counts a row without its evidence object: what the hot per-copy paths use when no recorder
 * listens (no faults.csv), so a run without logs pays a few increments per row, not an object.
 * Each method counts exactly what `record` counts for the row it stands for.
 */
export interface FaultCounter {
  /** A row that only adds to its fault's `fired` (corrupt, delay). */
  countFired(faultIndex: number): void;
  countDuplicate(faultIndex: number): void;
  countDrop(faultIndex: number, reason: 'loss' | 'partition' | 'crash'): void;
}

export class TallyingRecorder implements FaultRecorder, FaultCounter {
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

  /** True when a recorder hears the evidence: then every row must be built and recorded. */
  get forwarding(): boolean {
    return this.#forward !== undefined;
  }

  countFired(faultIndex: number): void {
    this.#fired[faultIndex] = (this.#fired[faultIndex] as number) + 1;
  }

  countDuplicate(faultIndex: number): void {
    this.countFired(faultIndex);
    this.#duplicated += 1;
  }

  countDrop(faultIndex: number, reason: 'loss' | 'partition' | 'crash'): void {
    this.countFired(faultIndex);
    if (reason === 'loss') this.#droppedLoss += 1;
    else if (reason === 'partition') this.#droppedPartition += 1;
    else this.#droppedCrash += 1;
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
