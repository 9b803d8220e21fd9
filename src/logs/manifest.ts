/**
 * `manifest.json`: what a run was and what it produced. It holds the resolved scenario (with the
 * rates actually drawn and the seed), so the run can be repeated from it alone, and the sha256 of
 * every log so a copy can be checked. In virtual mode it holds nothing that depends on the
 * wall clock or the machine, so the same scenario and seed give the same bytes. No Node API here
 * (manifest-file.ts writes it): the browser playground builds the same bytes.
 */
import type { Lateness } from '../../transports/tcp/lateness.js';
import { assert, type CausalityStats, type EventKind } from '../../core/index.js';
import type { DriverResult, FaultTally } from '../../transports/run-config.js';
import { rngAlgorithm } from '../../transports/seeded-rng.js';
import type { LogFileDigest } from './log-file-digest.js';
import type { MachineStats } from './run-stats.js';
import type { ResolvedScenario } from '../scenario/resolve.js';
import type { FaultConfig, FaultKind } from '../../transports/fault-config.js';

import { manifestFileName } from './log-file-digest.js';

export { manifestFileName };
export const manifestFormatVersion = 1;
/** Virtual runs have no wall-clock start; this fixed epoch keeps their manifests reproducible. */
export const virtualStartTime = '1970-01-01T00:00:00.000Z';

export interface MachineManifest {
  readonly id: number;
  readonly rateHz: number;
  readonly events: Record<EventKind, number> & { readonly total: number };
  readonly finalClock: number;
  readonly clockJumpMax: number;
  readonly queueLengthMax: number;
  /** Messages in the queue when the run ended. */
  readonly queuedAtEnd: number;
  /** Messages addressed to this machine still on the wire when the run ended. */
  readonly inFlightAtEnd: number;
  /**
   * TCP: copies addressed to this machine that no connection could carry, counted by their
   * senders (and the router). Never also counted as lost.
   */
  readonly undeliverableAtEnd?: number;
  /** TCP: the machine's process died; messages to it after its last row went with it. */
  readonly failed?: boolean;
  /** Runs with faults only: how many times the machine restarted (its restart rows). */
  readonly restarts?: number;
}

/** One injected fault: its place in the list, its random stream, and its faults.csv rows. */
export interface FaultManifest {
  readonly index: number;
  readonly kind: FaultKind;
  readonly stream: string;
  readonly fired: number;
}

export interface Manifest {
  readonly tool: { readonly name: 'lamport-lab'; readonly version: string };
  readonly formatVersion: number;
  readonly mode: 'virtual' | 'tcp';
  readonly startTime: string;
  readonly completed: boolean;
  readonly durationUs: number;
  readonly rng: string;
  readonly scenario: ResolvedScenario;
  readonly events: number;
  /**
   * Message copies (a broadcast to two peers counts two), each in one category:
   * sent = received + queuedAtEnd + inFlightAtEnd + undeliverable + lost. A virtual run loses
   * nothing and has nothing undeliverable; its manifest leaves those two out (as before).
   */
  readonly messages: {
    readonly sent: number;
    readonly received: number;
    readonly queuedAtEnd: number;
    readonly inFlightAtEnd: number;
    /** TCP: copies no connection could carry, counted by their senders (and the router). */
    readonly undeliverable?: number;
    /** TCP: copies lost with a failed machine: neither received, queued nor undeliverable. */
    readonly lost?: number;
    /**
     * Runs with faults only: extra copies made by duplicate faults, and copies dropped (by loss,
     * a partition or a crashed receiver). Then sent + duplicated = received + queuedAtEnd +
     * inFlightAtEnd + dropped.
     */
    readonly duplicated?: number;
    readonly dropped?: number;
    readonly droppedBy?: {
      readonly loss: number;
      readonly partition: number;
      readonly crash: number;
    };
  };
  readonly machines: readonly MachineManifest[];
  /** Happens-before statistics of the whole run (null when the run kept no logs). */
  readonly causality: CausalityStats | null;
  /** Runs with faults only: every fault of the list and how often it fired. */
  readonly faults?: readonly FaultManifest[];
  readonly logs: readonly LogFileDigest[];
  /** TCP mode only: what the real network and the real clocks did. */
  readonly tcp?: TcpManifest;
}

export interface TcpMachineManifest {
  readonly id: number;
  readonly port: number;
  readonly ticksMade: number;
  readonly ticksExpected: number;
  readonly achievedRateHz: number;
  readonly lateness: Lateness;
  readonly badConnections: { readonly count: number; readonly reasons: readonly string[] };
  readonly disconnects: readonly { readonly peerId: number; readonly atMs: number }[];
  /** Null when the process ended without reporting (it was killed). */
  readonly failure: { readonly atMs: number; readonly reason: string } | null;
  /** What starting this machine cost (absent in manifests written before it was measured). */
  readonly overhead?: TcpMachineOverhead;
}

/** One machine's start-up cost, measured by the launcher (times) and the machine (memory). */
export interface TcpMachineOverhead {
  /** Fork to the machine's first IPC message: process start, module loading, listening. */
  readonly startupMs: number;
  /** Peer list sent to the machine's start: every mesh connection made and greeted, the barrier. */
  readonly connectMs: number;
  /** Fork to the machine's start (what it waited, others included, before its first tick). */
  readonly readyMs: number;
  /** The process's peak resident set, MB, as it reported at its end; null when it died first. */
  readonly peakRssMb: number | null;
}

/** A median and a maximum over the machines. */
export interface MedianMax {
  readonly median: number;
  readonly max: number;
}

/**
 * The launcher's overhead for the whole run: setupMs split into its phases, and per-machine
 * figures over all machines. startupPhaseMs + connectPhaseMs + startDelayMs = setupMs (rounded).
 */
export interface TcpOverhead {
  /** setupMs divided by the number of machines: what each machine added to the wait. */
  readonly setupMsPerMachine: number;
  /** The launcher's own loop of fork calls (the machines start in parallel behind it). */
  readonly forkLoopMs: number;
  /** First fork to the last machine listening: processes starting, on every core there is. */
  readonly startupPhaseMs: number;
  /** The last machine listening to the start fixed: peer lists out, mesh connected, all ready. */
  readonly connectPhaseMs: number;
  /** The start fixed to the start: it is fixed ahead so that every machine hears of it in time. */
  readonly startDelayMs: number;
  readonly startupMsPerMachine: MedianMax;
  readonly connectMsPerMachine: MedianMax;
  /** Over the machines that reported (null when none did). */
  readonly peakRssMbPerMachine: MedianMax | null;
  /** The launcher's own peak resident set, MB, when it wrote the manifest. */
  readonly launcherPeakRssMb: number;
}

export interface TcpManifest {
  readonly topology: 'mesh' | 'router';
  readonly host: string;
  readonly runId: string;
  readonly startEpochMs: number;
  /** Send and receive times come from different processes' clocks: the checker allows this. */
  readonly timeToleranceMs: number;
  readonly machines: readonly TcpMachineManifest[];
  readonly router: { readonly port: number; readonly forwarded: number } | null;
  /** Launcher overhead: wall time from the first fork to the start of ticking. */
  readonly setupMs: number;
  /** setupMs taken apart, and per machine (absent in manifests written before it was measured). */
  readonly overhead?: TcpOverhead;
}

export interface ManifestInput {
  readonly scenario: ResolvedScenario;
  readonly result: DriverResult;
  readonly stats: readonly MachineStats[];
  /** Message copies sent, counted by the run (a broadcast to k peers is k). */
  readonly messagesSent: number;
  readonly logs: readonly LogFileDigest[];
  readonly causality: CausalityStats | null;
  /** The run's faults (what they did is in result.faults); empty or absent for a fault-free run. */
  readonly faults?: readonly FaultConfig[];
  /**
   * lamport-lab's version (package.json's), given by the caller: this module reads no file, so
   * that the browser playground builds the very manifest the CLI writes.
   */
  readonly toolVersion: string;
}

export function buildManifest(input: ManifestInput): Manifest {
  const { scenario, result, stats } = input;
  // A fault-free run's manifest has none of the fault fields: its bytes stay as they were.
  const configs = input.faults ?? [];
  const faults = configs.length === 0 ? null : { configs, tally: result.faults };
  assert(faults === null || faults.tally !== undefined, 'a run with faults tallies them');
  const machines = result.machines.map((end): MachineManifest => {
    const machineStats = stats[end.id] as MachineStats;
    const { internal, send, receive } = machineStats.events;
    return {
      id: end.id,
      rateHz: scenario.rates[end.id] as number,
      events: { internal, send, receive, total: end.events },
      finalClock: end.clock,
      clockJumpMax: machineStats.clockJumpMax,
      queueLengthMax: machineStats.queueLengthMax,
      queuedAtEnd: end.queueLength,
      inFlightAtEnd: end.inFlight,
      ...(faults?.tally === undefined ? {} : { restarts: faults.tally.restarts[end.id] ?? 0 }),
    };
  });
  const sum = (pick: (machine: MachineManifest) => number): number =>
    machines.reduce((total, machine) => total + pick(machine), 0);
  return {
    tool: { name: 'lamport-lab', version: input.toolVersion },
    formatVersion: manifestFormatVersion,
    mode: 'virtual',
    startTime: virtualStartTime,
    completed: result.completed,
    durationUs: result.durationUs,
    rng: rngAlgorithm,
    scenario,
    events: result.events,
    messages: {
      sent: input.messagesSent,
      received: sum((machine) => machine.events.receive),
      queuedAtEnd: sum((machine) => machine.queuedAtEnd),
      inFlightAtEnd: sum((machine) => machine.inFlightAtEnd),
      ...(faults?.tally === undefined
        ? {}
        : {
            duplicated: faults.tally.duplicated,
            dropped: faults.tally.dropped,
            droppedBy: { ...faults.tally.droppedBy },
          }),
    },
    machines,
    causality: input.causality,
    ...(faults?.tally === undefined ? {} : { faults: faultList(faults.configs, faults.tally) }),
    logs: input.logs,
  };
}

function faultList(configs: readonly FaultConfig[], tally: FaultTally): FaultManifest[] {
  return configs.map((fault) => ({
    index: fault.index,
    kind: fault.kind,
    stream: fault.stream,
    fired: tally.fired[fault.index] ?? 0,
  }));
}

/** manifest.json's text, as it is written: two-space JSON and a final newline. */
export function manifestText(manifest: Manifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}
