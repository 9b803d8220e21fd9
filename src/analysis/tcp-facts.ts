/**
 * What a real (TCP) run's clocks and network did, per machine, as its manifest (or its assembled
 * machine reports) records it: the ticks made against those due, how late they ran, the copies
 * addressed to it that no connection could carry, and whether and when its process died. The
 * analysis carries them into summary.json, `analyze`'s text and the report, so a failure is
 * never shown as a clean run.
 */
import type { RunManifest } from '../logs/run-manifest.js';
import type { TcpFacts } from './tcp-machine-facts.js';

export type { TcpFacts, TcpMachineFacts } from './tcp-machine-facts.js';

/** The TCP facts of a run, or undefined for a virtual run or a manifest without them. */
export function tcpFactsOf(manifest: RunManifest): TcpFacts | undefined {
  const machines = manifest.tcp?.machines;
  if (manifest.mode !== 'tcp' || machines === undefined) return undefined;
  return {
    machines: machines.map((machine, id) => ({
      id,
      ticksMade: machine.ticksMade,
      ticksExpected: machine.ticksExpected,
      achievedRateHz: machine.achievedRateHz,
      lateness: machine.lateness,
      undeliverableTo: manifest.machines[id]?.undeliverableAtEnd ?? 0,
      badConnections: machine.badConnections.count,
      disconnects: machine.disconnects.length,
      failure:
        machine.failure === null
          ? null
          : { atSec: machine.failure.atMs / 1000, reason: machine.failure.reason },
    })),
  };
}

/**
 * Until when each machine was alive, µs since the start: its failure, or the run's end. A dead
 * machine's figures (ticks per second, queue growth) are over this span, not the run's.
 */
export function aliveUntilUs(tcp: TcpFacts | undefined, machineCount: number, durationUs: number) {
  return Array.from({ length: machineCount }, (_, id) => {
    const failure = tcp?.machines[id]?.failure ?? null;
    return failure === null ? durationUs : Math.min(durationUs, Math.round(failure.atSec * 1e6));
  });
}

/** "machine 1 failed at 2.314 s (killed by SIGKILL)", one per failed machine. */
export function failureLines(tcp: TcpFacts | undefined): string[] {
  return (tcp?.machines ?? [])
    .filter((machine) => machine.failure !== null)
    .map(
      (machine) =>
        `machine ${machine.id} failed at ${machine.failure?.atSec.toFixed(3)} s (${machine.failure?.reason})`,
    );
}
