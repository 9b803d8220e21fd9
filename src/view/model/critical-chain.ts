/**
 * Why L(e) = k: the chain of events that set an event's Lamport clock, from the event back to
 * where its clock started. Lamport's rules make each clock one more than the largest of the
 * machine's previous clock and (at a receive) the message's clock; the step follows whichever
 * was larger (the message on a tie: that is the edge a reader asks about). So on a run without
 * faults every step adds exactly 1 and the chain has L(e) steps.
 *
 * Where the rule does not explain the clock, the chain ends there and says why (`via`):
 * - 'start': the machine's first event (its clock started at 0);
 * - 'restart': a restart row; its clock was set by the restart rule, not by an event: `persisted`
 *   keeps the clock before the crash, `reset` starts again from 0, `lease` jumps to the next
 *   multiple of K. The chain stops at the row (clockBefore = clockAfter = the restart's clock);
 *   what came before the crash is still in the causal past, just not why the clock is what it is.
 * - 'corrupt': a receive whose message carried a clock its send did not have (a corrupt-clock
 *   fault): the receive's clock came from the carried value, which no event made.
 * - 'outside': the step leads to an event not in the data (a kept window, or a send missing).
 * - 'unexplained': the clock is not max(previous, message) + 1 (a log not made by Lamport's
 *   rules, or edited): the chain cannot say where the value came from.
 */

import type { RunView } from './run-view.js';
import { kindCodes } from './view-data.js';

export type ChainVia =
  | 'message'
  | 'local'
  | 'start'
  | 'restart'
  | 'corrupt'
  | 'outside'
  | 'unexplained';

export interface ChainStep {
  /** The event whose clock this step explains. */
  readonly index: number;
  readonly via: ChainVia;
  /** The clock it rose from: the message's (via message) or the machine's previous one. */
  readonly clockBefore: number;
  readonly clockAfter: number;
}

/** The critical chain of `event`, the event first. */
export function criticalChain(view: RunView, event: number): ChainStep[] {
  const steps: ChainStep[] = [];
  let index = event;
  for (;;) {
    const step = explain(view, index);
    steps.push(step);
    if (step.via !== 'message' && step.via !== 'local') return steps;
    index = step.via === 'message' ? (view.sendOf[index] as number) : index - 1;
  }
}

/** The indices of the chain alone, the event first (what the page highlights). */
export function criticalChainIndices(view: RunView, event: number): number[] {
  return criticalChain(view, event).map((step) => step.index);
}

function explain(view: RunView, index: number): ChainStep {
  const clock = view.clock[index] as number;
  const code = view.kindCode[index] as number;
  if (code === kindCodes.restart) {
    return { index, via: 'restart', clockBefore: clock, clockAfter: clock };
  }
  const machine = view.machine[index] as number;
  const isFirst = index === (view.machineStart[machine] as number);
  // The first event in the data is the machine's first only when its seq is 1.
  const previousClock = isFirst
    ? view.seq[index] === 1
      ? 0
      : Number.NaN
    : (view.clock[index - 1] as number);
  if (code === kindCodes.receive) {
    const messageClock = view.msgClock(index);
    const previousUnknown = Number.isNaN(previousClock);
    // With the previous event outside the data, a clock one above the message's came from it.
    if (messageClock >= previousClock || (previousUnknown && clock === messageClock + 1)) {
      if (clock !== messageClock + 1) return unexplained(index, clock, previousClock, messageClock);
      const send = view.sendOf[index] as number;
      if (send < 0) return { index, via: 'outside', clockBefore: messageClock, clockAfter: clock };
      if (view.msgClock(send) !== view.clock[send] || view.msgClock(send) !== messageClock) {
        return { index, via: 'corrupt', clockBefore: messageClock, clockAfter: clock };
      }
      return { index, via: 'message', clockBefore: messageClock, clockAfter: clock };
    }
  }
  if (Number.isNaN(previousClock))
    return { index, via: 'outside', clockBefore: clock - 1, clockAfter: clock };
  if (clock !== previousClock + 1) return unexplained(index, clock, previousClock, Number.NaN);
  if (isFirst) return { index, via: 'start', clockBefore: 0, clockAfter: clock };
  return { index, via: 'local', clockBefore: previousClock, clockAfter: clock };
}

function unexplained(index: number, clock: number, previous: number, message: number): ChainStep {
  const before = Math.max(
    Number.isNaN(previous) ? 0 : previous,
    Number.isNaN(message) ? 0 : message,
  );
  return { index, via: 'unexplained', clockBefore: before, clockAfter: clock };
}
