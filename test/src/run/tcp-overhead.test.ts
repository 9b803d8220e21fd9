/**
 * Goal: the launcher's overhead figures say what the manifest documents: per machine, start-up
 * (fork to first message), connections (peer list to start) and ready (fork to start); for the
 * run, phases that add up to setupMs, medians and maxima over the machines, and nothing invented
 * for a machine that never started or never reported its memory.
 * Method: the pure functions of tcp-overhead.ts on hand-made timestamps.
 */
import { describe, expect, it } from 'vitest';
import {
  type MachineTimes,
  machineOverhead,
  medianMax,
  runOverhead,
} from '../../../src/run/tcp-overhead.js';

/** A machine forked at `forkedAtMs`, listening `startupMs` later, started at 1000 ms. */
function times(forkedAtMs: number, startupMs: number, peakRssKb: number | null): MachineTimes {
  return {
    forkedAtMs,
    listeningAtMs: forkedAtMs + startupMs,
    peersSentAtMs: 600,
    startedAtMs: 1000,
    peakRssKb,
  };
}

describe('machineOverhead', () => {
  it('splits fork → start into start-up and connections, and reports MB', () => {
    expect(machineOverhead(times(10, 300, 51_200))).toEqual({
      startupMs: 300,
      connectMs: 400,
      readyMs: 990,
      peakRssMb: 50,
    });
  });

  it('is absent for a machine that never started, and null RSS for one that never reported', () => {
    expect(machineOverhead({ ...times(0, 100, 1024), startedAtMs: null })).toBeUndefined();
    expect(machineOverhead({ ...times(0, 100, 1024), listeningAtMs: null })).toBeUndefined();
    expect(machineOverhead(times(0, 100, null))?.peakRssMb).toBeNull();
  });
});

describe('runOverhead', () => {
  const machines = [times(0, 200, 40_960), times(5, 500, 51_200), times(10, 300, null)];

  it('tiles setupMs with its phases and gives medians and maxima over the machines', () => {
    const overhead = runOverhead({
      setupMs: 1300,
      forkLoopMs: 10.4,
      machines,
      launcherPeakRssKb: 70_000,
    });
    expect(overhead).toEqual({
      setupMsPerMachine: 433.3,
      forkLoopMs: 10,
      // First fork (0) to last listening (505); then to the first start (1000); the rest.
      startupPhaseMs: 505,
      connectPhaseMs: 495,
      startDelayMs: 300,
      startupMsPerMachine: { median: 300, max: 500 },
      connectMsPerMachine: { median: 400, max: 400 },
      // Only the machines that reported their memory count.
      peakRssMbPerMachine: { median: 40, max: 50 },
      launcherPeakRssMb: 68.4,
    });
    const phases = overhead as NonNullable<typeof overhead>;
    expect(phases.startupPhaseMs + phases.connectPhaseMs + phases.startDelayMs).toBe(1300);
  });

  it('is absent when no machine started, and has no RSS figure when none reported', () => {
    const none = machines.map((machine) => ({ ...machine, startedAtMs: null }));
    expect(
      runOverhead({ setupMs: 0, forkLoopMs: 1, machines: none, launcherPeakRssKb: 1 }),
    ).toBeUndefined();
    const silent = machines.map((machine) => ({ ...machine, peakRssKb: null }));
    expect(
      runOverhead({ setupMs: 1300, forkLoopMs: 1, machines: silent, launcherPeakRssKb: 1 })
        ?.peakRssMbPerMachine,
    ).toBeNull();
  });
});

describe('medianMax', () => {
  it('takes the nearest-rank median, like the lateness p50', () => {
    expect(medianMax([7])).toEqual({ median: 7, max: 7 });
    expect(medianMax([4, 1, 3, 2])).toEqual({ median: 2, max: 4 });
    expect(medianMax([5, 1, 3])).toEqual({ median: 3, max: 5 });
  });
});
