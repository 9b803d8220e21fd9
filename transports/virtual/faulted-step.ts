/**
 * The step → record → route of a run with faults (faulted-run.ts): DriveStep's (drive-step.ts),
 * with corrupt-clock between the step and the record. A send of a machine with a lie window
 * goes through FaultRouter.lie before any sink sees it, so the row's msg_clock and every copy
 * carry the altered clock.
 *
 * Its own class rather than a DriveStep with a wrapped sink: a run with faults drives every
 * event through here, and V8 inlines a call into the loop only while the loop's inlining
 * budget lasts (docs/PERFORMANCE.md). The wrapper was one more call per event, through a
 * closure, and its cost counted against that budget; here a send of a machine without lies
 * pays one byte read. The fault-free loop keeps DriveStep untouched.
 */
import { type MachineState, type Rng, StepEvent } from '../../core/index.js';
import type { MachineStep } from '../drive-step.js';
import type { EventSink } from '../run-config.js';
import type { FaultRouter } from './fault-router.js';
import type { MergedQueue } from './merged-queue.js';

export class FaultedStep {
  /** [0]: the time of the event being driven, in µs (as DriveStep.nowUs). */
  readonly nowUs: Float64Array;
  readonly #step: MachineStep<MergedQueue>;
  readonly #sink: EventSink;
  readonly #router: FaultRouter;
  /** The router's: 1 for a machine with a corrupt-clock fault. */
  readonly #liar: Uint8Array;
  /** The one event record every step writes (see StepEvent). */
  readonly #event = new StepEvent();

  constructor(parts: {
    readonly step: MachineStep<MergedQueue>;
    readonly sink: EventSink;
    readonly router: FaultRouter;
    readonly nowUs: Float64Array;
  }) {
    this.#step = parts.step;
    this.#sink = parts.sink;
    this.#router = parts.router;
    this.#liar = parts.router.liar;
    this.nowUs = parts.nowUs;
  }

  /** One tick of `machine` at nowUs[0]: step, lie (a send of a liar), record, route. */
  drive(machine: MachineState<MergedQueue>, rng: Rng): void {
    const event = this.#event;
    const machineId = machine.id;
    this.#step(machine, rng, event);
    if (event.kind !== 'send') {
      this.#sink.record(machineId, this.nowUs[0] as number, event);
      return;
    }
    if (this.#liar[machineId] === 1) this.#router.lie(machineId, event);
    this.#sink.record(machineId, this.nowUs[0] as number, event);
    this.#router.route(machineId, event);
  }
}
