/**
 * The run's facts in one line above the diagram: mode, machines and rates, length, seed,
 * whether it completed, events. Pure (no DOM).
 */
import type { RunView } from '../model/run-view.js';
import type { FaultMark } from '../model/view-data.js';

export function secondsText(us: number): string {
  return `${Number((us / 1e6).toPrecision(6))} s`;
}

/** Every rate for a few machines; for many (a thousand) their least, median and greatest. */
export function ratesText(ratesHz: readonly number[]): string {
  const distinct = [...new Set(ratesHz)];
  if (distinct.length === 1) return `${distinct[0]} Hz each`;
  if (ratesHz.length <= 12) return `rates ${ratesHz.join(', ')} Hz`;
  const sorted = [...ratesHz].sort((a, b) => a - b);
  const median = sorted[Math.floor((sorted.length - 1) / 2)];
  return `rates ${sorted[0]} to ${sorted.at(-1)} Hz, median ${median}`;
}

export function factsLine(view: RunView): string {
  const seed = view.seed === null ? '' : `, seed ${view.seed}`;
  const completed = view.completed ? 'completed' : 'stopped early';
  return `${view.mode} run, ${view.machineCount} machines (${ratesText(view.ratesHz)}), ${secondsText(view.durationUs)}${seed}, ${completed}; ${view.eventCount} events`;
}

/**
 * The machines a fault touched, for the faults table: a span's machines, or a mark's machine; a
 * copy's mark sits on its receiver's lane and names the sender as its peer, so it reads sender
 * to receiver (M0 to M2 for a copy of machine 0's message to machine 2).
 */
export function faultMachinesText(fault: FaultMark): string {
  if (fault.kind === 'span') return fault.machines.map((m) => `M${m}`).join(' ');
  return fault.peer === null ? `M${fault.machine}` : `M${fault.peer} to M${fault.machine}`;
}
