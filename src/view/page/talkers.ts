/**
 * "Filter to those that talk to one machine": the machines that sent a message to it or
 * received one from it, found from the run's message edges once. Pure.
 */
import type { RunView } from '../model/run-view.js';

/** talk[a * n + b] = 1 when a message went from machine a to machine b (a != b). */
export function messageMatrix(view: RunView): Uint8Array {
  const n = view.machineCount;
  const talk = new Uint8Array(n * n);
  for (let i = 0; i < view.eventCount; i += 1) {
    const send = view.sendOf[i] as number;
    if (send < 0) continue;
    const from = view.machine[send] as number;
    const to = view.machine[i] as number;
    if (from !== to) talk[from * n + to] = 1;
  }
  return talk;
}

/** The machine itself and every machine it exchanged a message with, ascending. */
export function talkersOf(matrix: Uint8Array, machineCount: number, machine: number): number[] {
  const found: number[] = [];
  for (let other = 0; other < machineCount; other += 1) {
    const talks =
      other === machine ||
      matrix[machine * machineCount + other] === 1 ||
      matrix[other * machineCount + machine] === 1;
    if (talks) found.push(other);
  }
  return found;
}
