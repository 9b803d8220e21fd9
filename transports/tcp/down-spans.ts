/**
 * When each machine of a TCP run is down: from a `crash` to the `restart` that follows it (or to
 * the end). The router drops copies to a machine while it is down and holds them once it is
 * restarted until its new process connects; the launcher kills and respawns by the same spans.
 * Order within an instant is the fault list's, as in virtual time (a crash and a restart at one
 * time need the crash listed first).
 */
import type { FaultConfig } from '../fault-config.js';

type Crash = Extract<FaultConfig, { kind: 'crash' }>;
type Restart = Extract<FaultConfig, { kind: 'restart' }>;

/** One time a machine is down: from a crash to its restart (null: to the end). */
export interface DownSpan {
  readonly crash: Crash;
  readonly restart: Restart | null;
}

/** Per machine, its down spans in time order. */
export function downSpansOf(faults: readonly FaultConfig[], machineCount: number): DownSpan[][] {
  const spans: DownSpan[][] = Array.from({ length: machineCount }, () => []);
  const open: (Crash | null)[] = new Array<Crash | null>(machineCount).fill(null);
  const changes = faults
    .filter((fault): fault is Crash | Restart => fault.kind === 'crash' || fault.kind === 'restart')
    .sort((a, b) => a.atUs - b.atUs || a.index - b.index);
  for (const fault of changes) {
    if (fault.kind === 'crash') {
      open[fault.machine] = fault;
      continue;
    }
    const crash = open[fault.machine] ?? null;
    if (crash === null) continue;
    spans[fault.machine]?.push({ crash, restart: fault });
    open[fault.machine] = null;
  }
  open.forEach((crash, machine) => {
    if (crash !== null) spans[machine]?.push({ crash, restart: null });
  });
  return spans;
}
