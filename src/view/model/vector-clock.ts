/**
 * The vector clock of one event, read off its causal past: per machine, the highest seq in the
 * past (0 when none), the event's own seq for its own machine. On a whole run (seqs 1, 2, 3 ...)
 * that is exactly Fidge/Mattern's vector (core/causality/vector-clock.ts counts events, and the
 * k-th event has seq k); in a kept window it still names the latest event seen of each machine.
 */
import type { RunView } from './run-view.js';

/** `past` as ConeSearch gives it ('past', 'cone'): sorted, the event excluded. */
export function vectorClockOf(view: RunView, event: number, past: Int32Array): Float64Array {
  const vector = new Float64Array(view.machineCount);
  // Sorted by machine: the last index of each machine's run in `past` is its highest.
  for (let k = 0; k < past.length; k += 1) {
    const index = past[k] as number;
    vector[view.machine[index] as number] = view.seq[index] as number;
  }
  vector[view.machine[event] as number] = view.seq[event] as number;
  return vector;
}
