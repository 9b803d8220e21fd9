/**
 * The instants at which faults change the state of a run (issue 18): a crash, a restart, a
 * pause's start and end, a partition's start and heal, a rate step. Per-copy faults (loss,
 * duplicate, delay, corrupt-clock, and a partition's drops) are decided at each send from the
 * send's time and need no entry here; a partition is listed only for its two rows of evidence.
 *
 * Changes come out in time order and, within one instant, in the order of the fault list: the
 * first part of every instant (see faulted-run.ts for the order within an instant).
 */
import { assert, assertNever } from '../../core/index.js';
import { type FaultConfig, openEndUs } from '../fault-config.js';

/** `start`: the fault's atUs; `end`: its untilUs (a pause's resume, a partition's heal). */
export interface FaultChange {
  readonly timeUs: number;
  readonly fault: FaultConfig;
  readonly edge: 'start' | 'end';
}

export class FaultTimeline {
  readonly #changes: readonly FaultChange[];
  #next = 0;

  constructor(faults: readonly FaultConfig[]) {
    const changes: FaultChange[] = [];
    for (const fault of faults) {
      switch (fault.kind) {
        case 'crash':
        case 'restart':
        case 'rate':
          changes.push({ timeUs: fault.atUs, fault, edge: 'start' });
          break;
        case 'pause':
        case 'partition':
          assert(fault.untilUs > fault.atUs, 'a window ends after it starts');
          changes.push({ timeUs: fault.atUs, fault, edge: 'start' });
          if (fault.untilUs !== openEndUs)
            changes.push({ timeUs: fault.untilUs, fault, edge: 'end' });
          break;
        case 'loss':
        case 'duplicate':
        case 'delay':
        case 'corrupt-clock':
          break;
        default:
          assertNever(fault, 'fault kind');
      }
    }
    // A fault has at most one change per instant (its window is never empty), so time, then
    // position in the list, orders every change.
    changes.sort((a, b) => a.timeUs - b.timeUs || a.fault.index - b.fault.index);
    this.#changes = changes;
  }

  /** Time of the next change not yet taken, +Infinity when none is left. */
  get nextUs(): number {
    return this.#changes[this.#next]?.timeUs ?? Number.POSITIVE_INFINITY;
  }

  /** Takes the next change; call only when nextUs is the instant running. */
  take(): FaultChange {
    const change = this.#changes[this.#next];
    assert(change !== undefined, 'no fault change left');
    this.#next += 1;
    return change;
  }
}
