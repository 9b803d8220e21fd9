/**
 * "Filter to those that talk to one machine": the machine itself and every machine that sent
 * a message to it or received one from it, read off the run's message edges when asked (one pass
 * over the events: a matrix of every pair would be 100 MB at 10 000 machines). Pure.
 */
import type { RunView } from '../model/run-view.js';

/** The machine itself and every machine it exchanged a message with, ascending. */
export function talkersOf(view: RunView, machine: number): number[] {
  const talks = new Uint8Array(view.machineCount);
  talks[machine] = 1;
  for (let i = 0; i < view.eventCount; i += 1) {
    const send = view.sendOf[i] as number;
    if (send < 0) continue;
    const from = view.machine[send] as number;
    const to = view.machine[i] as number;
    if (to === machine) talks[from] = 1;
    if (from === machine) talks[to] = 1;
  }
  const found: number[] = [];
  talks.forEach((flag, other) => {
    if (flag === 1) found.push(other);
  });
  return found;
}
