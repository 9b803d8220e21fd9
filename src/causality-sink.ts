/**
 * Causality statistics gathered while a run goes (for the manifest), with the same tracker the
 * checker uses on logs, so a run and a later `check --stats` of its logs agree exactly.
 */
import {
  assertNever,
  CausalityTracker,
  type CausalityStats,
  type MachineId,
  type StepResult,
} from '../core/index.js';
import type { EventSink } from '../transports/run-config.js';

export class CausalitySink implements EventSink {
  readonly #tracker: CausalityTracker;

  constructor(machineCount: number) {
    this.#tracker = new CausalityTracker(machineCount);
  }

  record(machineId: MachineId, _timeUs: number, event: StepResult): void {
    switch (event.kind) {
      case 'internal':
        this.#tracker.local(machineId, event.clock);
        break;
      case 'send':
        this.#tracker.send(machineId, event.clock, event.seq, event.receiverIds.length);
        break;
      case 'receive':
        this.#tracker.receive(
          machineId,
          event.clock,
          event.message.senderId,
          event.message.sendSeq,
        );
        break;
      default:
        assertNever(event, 'event');
    }
  }

  stats(): CausalityStats {
    return this.#tracker.stats();
  }
}
