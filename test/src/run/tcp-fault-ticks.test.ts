/**
 * Goal: a TCP machine's achieved rate in a run with faults is its ticks over the time it was up,
 * its processes summed, not over the whole run (a machine down for a third of the run is no
 * slower for it), and its ticks due count only that time too, so made and due add up.
 * Method: the reviewer's cases by hand: crash-restart-persisted cut to 33 s (2 Hz, down 20-30 s),
 * a crash at 3 s with a restart at 5 s in 10 s, and a crash never restarted.
 */
import { describe, expect, it } from 'vitest';
import { faultAliveUs } from '../../../src/check/fault-schedule.js';
import { faultedMachineTicks } from '../../../src/run/tcp-fault-ticks.js';
import type { FaultConfig } from '../../../transports/fault-config.js';

const s = 1_000_000;
const crash = (index: number, atSec: number): FaultConfig => ({
  kind: 'crash',
  index,
  stream: '',
  machine: 1,
  atUs: atSec * s,
  inbox: 'drop',
});
const restart = (index: number, atSec: number): FaultConfig => ({
  kind: 'restart',
  index,
  stream: '',
  machine: 1,
  atUs: atSec * s,
  clock: { kind: 'persisted' },
});

describe('faultAliveUs', () => {
  it('sums the time up: from the start to a crash, from a restart to the next crash or the end', () => {
    expect(faultAliveUs([], 1, 10 * s)).toBe(10 * s);
    expect(faultAliveUs([crash(0, 3), restart(1, 5)], 1, 10 * s)).toBe(8 * s);
    expect(faultAliveUs([crash(0, 3)], 1, 10 * s)).toBe(3 * s);
    expect(faultAliveUs([crash(0, 2), restart(1, 4), crash(2, 6), restart(3, 7)], 1, 10 * s)).toBe(
      7 * s,
    );
    // Another machine's faults are not this one's; changes after the end do not count.
    expect(faultAliveUs([crash(0, 3)], 0, 10 * s)).toBe(10 * s);
    expect(faultAliveUs([crash(0, 3), restart(1, 20)], 1, 10 * s)).toBe(3 * s);
  });
});

describe('faultedMachineTicks', () => {
  it('crash-restart-persisted for 33 s: 45 ticks over 23 s up, not 6 over 33', () => {
    const faults = [crash(0, 20), restart(1, 30)];
    const ticks = faultedMachineTicks({
      machineId: 1,
      rateMilliHz: 2000,
      faults,
      rows: 46,
      restartRows: 1,
      endUs: 33 * s,
      dueEndUs: 33 * s,
    });
    // Due: 0.5 .. 19.5 s (the tick at the crash's instant does not run), then 30.5 .. 33 s.
    expect(ticks).toEqual({
      ticksMade: 45,
      ticksExpected: 45,
      achievedRateHz: 45 / 23,
      aliveUs: 23 * s,
    });
  });

  it('a crash never restarted: its ticks over the time until its crash, due counted as long', () => {
    const ticks = faultedMachineTicks({
      machineId: 1,
      rateMilliHz: 2000,
      faults: [crash(0, 5.6)],
      rows: 11,
      restartRows: 0,
      endUs: 8 * s,
      dueEndUs: 5.5 * s,
    });
    // Due 0.5 .. 5.5 s; up 5.6 s (the 2.5 s down after the crash are not its to tick).
    expect(ticks).toEqual({
      ticksMade: 11,
      ticksExpected: 11,
      achievedRateHz: 11_000_000 / 5_600_000,
      aliveUs: 5.6 * s,
    });
  });
});
