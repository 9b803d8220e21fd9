/**
 * Causality statistics gathered while a run goes (for the manifest), with the same tracker the
 * checker uses on logs, so a run and a later `check --stats` of its logs agree exactly.
 */
import {
  assertNever,
  CausalityTracker,
  copiesOf,
  type CausalityStats,
  type MachineId,
  type StepEvent,
} from '../../core/index.js';
import type { EventSink } from '../../transports/run-config.js';

export class CausalitySink implements EventSink {
  readonly #tracker: CausalityTracker;
  readonly #machineCount: number;

  /** `restarts`: the run restarts machines (CausalityTracker counts their repeated clocks). */
  constructor(machineCount: number, options: { readonly restarts?: boolean } = {}) {
    this.#machineCount = machineCount;
    this.#tracker = new CausalityTracker(machineCount, options);
  }

  record(machineId: MachineId, _timeUs: number, event: StepEvent): void {
    switch (event.kind) {
      case 'internal':
      case 'restart':
        this.#tracker.local(machineId, event.clock);
        break;
      case 'send':
        this.#tracker.send(machineId, event.clock, event.seq, copiesOf(event, this.#machineCount));
        break;
      case 'receive':
        this.#tracker.receive(machineId, event.clock, event.senderId, event.sendSeq);
        break;
      default:
        assertNever(event.kind, 'event kind');
    }
  }

  /** A copy the network duplicated (a `duplicate` fault action): it will be received twice. */
  duplicated(senderId: MachineId, sendSeq: number): void {
    this.#tracker.addCopy(senderId, sendSeq);
  }

  /** A copy a fault dropped (a `drop` fault action): it will never be received. */
  dropped(senderId: MachineId, sendSeq: number): void {
    this.#tracker.dropCopy(senderId, sendSeq);
  }

  stats(): CausalityStats {
    return this.#tracker.stats();
  }
}
