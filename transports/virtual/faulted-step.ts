/**
 * The step → record → route of a run with faults (faulted-run.ts): DriveStep's (drive-step.ts),
 * with corrupt-clock between the step and the record. A send inside the span of its machine's
 * lie windows goes through FaultRouter.lie before any sink sees it, so the row's msg_clock and
 * every copy carry the altered clock.
 *
 * Its own class rather than a DriveStep with a wrapped sink: a run with faults drives every
 * event through here, and V8 inlines a call into the loop only while the loop's inlining
 * budget lasts (docs/PERFORMANCE.md). The wrapper was one more call per event, through a
 * closure, and its cost counted against that budget; here a send outside its machine's lie
 * span pays two comparisons. The fault-free loop keeps DriveStep untouched.
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
  /** The router's: per machine, the span of its lie windows (ClockLies.lieFromUs). */
  readonly #lieFromUs: Float64Array;
  readonly #lieUntilUs: Float64Array;
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
    this.#lieFromUs = parts.router.lieFromUs;
    this.#lieUntilUs = parts.router.lieUntilUs;
    this.nowUs = parts.nowUs;
  }

  /** One tick of `machine` at nowUs[0]: step, lie (a send in a lie span), record, route. */
  drive(machine: MachineState<MergedQueue>, rng: Rng): void {
    const event = this.#event;
    const machineId = machine.id;
    const timeUs = this.nowUs[0] as number;
    this.#step(machine, rng, event);
    // One call of `record`, not one per kind: V8 inlines each call site of it into the loop
    // separately, and the loop's inlining budget is shared (docs/PERFORMANCE.md).
    const send = event.kind === 'send';
    if (
      send &&
      timeUs >= (this.#lieFromUs[machineId] as number) &&
      timeUs < (this.#lieUntilUs[machineId] as number)
    )
      this.#router.lie(machineId, event);
    this.#sink.record(machineId, timeUs, event);
    if (send) this.#router.route(machineId, event);
  }
}
