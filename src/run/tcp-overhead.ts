/**
 * What starting a TCP run cost, per machine and for the run, from the launcher's timestamps and
 * the machines' own memory figures. Pure: the launcher collects, this computes, so the
 * arithmetic is tested without processes.
 */
import { percentileOf } from '../analysis/stats.js';
import type { MedianMax, TcpMachineOverhead, TcpOverhead } from '../logs/manifest.js';

/** One machine's moments as the launcher saw them (monotonic ms), or null when never seen. */
export interface MachineTimes {
  readonly forkedAtMs: number;
  /** Its first IPC message (it listens by then). */
  readonly listeningAtMs: number | null;
  readonly peersSentAtMs: number | null;
  /** Its `started` message: it passed the barrier and knows the common start. */
  readonly startedAtMs: number | null;
  /** Its own peak resident set, KiB, from its final report. */
  readonly peakRssKb: number | null;
}

export interface RunTimes {
  /** Launcher overhead as the manifest has always defined it: first fork to common start. */
  readonly setupMs: number;
  readonly forkLoopMs: number;
  readonly machines: readonly MachineTimes[];
  readonly launcherPeakRssKb: number;
}

/** A machine's overhead, or undefined when it never got as far as the start. */
export function machineOverhead(times: MachineTimes): TcpMachineOverhead | undefined {
  const { forkedAtMs, listeningAtMs, peersSentAtMs, startedAtMs } = times;
  if (listeningAtMs === null || peersSentAtMs === null || startedAtMs === null) return undefined;
  return {
    startupMs: Math.round(listeningAtMs - forkedAtMs),
    connectMs: Math.round(startedAtMs - peersSentAtMs),
    readyMs: Math.round(startedAtMs - forkedAtMs),
    peakRssMb: times.peakRssKb === null ? null : kbToMb(times.peakRssKb),
  };
}

/** The run's overhead, or undefined when no machine got as far as the start. */
export function runOverhead(run: RunTimes): TcpOverhead | undefined {
  const started = run.machines.filter(
    (times) => machineOverhead(times) !== undefined,
  ) as readonly (MachineTimes & {
    readonly listeningAtMs: number;
    readonly peersSentAtMs: number;
    readonly startedAtMs: number;
  })[];
  if (started.length === 0) return undefined;
  const firstForkAtMs = Math.min(...run.machines.map((times) => times.forkedAtMs));
  const lastListeningAtMs = Math.max(...started.map((times) => times.listeningAtMs));
  const firstStartedAtMs = Math.min(...started.map((times) => times.startedAtMs));
  // The phases tile setupMs: start-up, then connections (peer lists out, every connection made
  // and greeted, everyone ready), then the start delay (the start fixed to the start itself).
  const startupPhaseMs = Math.round(lastListeningAtMs - firstForkAtMs);
  const connectPhaseMs = Math.round(Math.max(0, firstStartedAtMs - lastListeningAtMs));
  const rssKb = started
    .map((times) => times.peakRssKb)
    .filter((value): value is number => value !== null);
  return {
    setupMsPerMachine: Math.round((run.setupMs / run.machines.length) * 10) / 10,
    forkLoopMs: Math.round(run.forkLoopMs),
    startupPhaseMs,
    connectPhaseMs,
    startDelayMs: Math.max(0, Math.round(run.setupMs) - startupPhaseMs - connectPhaseMs),
    startupMsPerMachine: medianMax(
      started.map((times) => Math.round(times.listeningAtMs - times.forkedAtMs)),
    ),
    connectMsPerMachine: medianMax(
      started.map((times) => Math.round(times.startedAtMs - times.peersSentAtMs)),
    ),
    peakRssMbPerMachine: rssKb.length === 0 ? null : medianMax(rssKb.map(kbToMb)),
    launcherPeakRssMb: kbToMb(run.launcherPeakRssKb),
  };
}

/** Median (nearest rank, like the lateness p50) and maximum of a non-empty list. */
export function medianMax(values: readonly number[]): MedianMax {
  const sorted = [...values].sort((a, b) => a - b);
  return { median: percentileOf(sorted, 0.5), max: sorted[sorted.length - 1] ?? 0 };
}

/** KiB (what Linux reports as maxRSS) to MB of 2^20 bytes, one decimal, as the benchmarks do. */
function kbToMb(kb: number): number {
  return Math.round((kb / 1024) * 10) / 10;
}
