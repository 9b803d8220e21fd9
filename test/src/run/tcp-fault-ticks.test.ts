/**
 * Goal: a TCP machine's achieved rate in a run with faults is its ticks over the time it was up,
 * its processes summed, not over the whole run (a machine down for a third of the run is no
 * slower for it), and its ticks due count only that time too, so made and due add up.
 * Method: the reviewer's cases by hand: crash-restart-persisted cut to 33 s (2 Hz, down 20-30 s),
 * a crash at 3 s with a restart at 5 s in 10 s, and a crash never restarted.
 */
import { describe, expect, it } from 'vitest';
import { faultedMachineTicks, withPausesEndedAt } from '../../../src/run/tcp-fault-ticks.js';
import type { FaultConfig } from '../../../transports/fault-config.js';
import { crashAt, restartAt } from '../../helpers/crash-restart-faults.js';

const s = 1_000_000;
// Machine 1's faults.
const crash = (index: number, atSec: number): FaultConfig => crashAt(index, atSec, 1);
const restart = (index: number, atSec: number): FaultConfig => restartAt(index, atSec, 1);

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
      ownEndUs: 33 * s,
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
      ownEndUs: 5.5 * s,
    });
    // Due 0.5 .. 5.5 s; up 5.6 s (the 2.5 s down after the crash are not its to tick).
    expect(ticks).toEqual({
      ticksMade: 11,
      ticksExpected: 11,
      achievedRateHz: 11_000_000 / 5_600_000,
      aliveUs: 5.6 * s,
    });
  });

  it('a stopped run: up until its last row, or until its crash when it was down at the stop', () => {
    const run = { machineId: 1, rateMilliHz: 1000, restartRows: 0, endUs: 6_700_000 };
    // Up at the stop: 6 ticks to its last row at 6 s, 1 Hz (not 6 over the 6.7 s of the run).
    const up = faultedMachineTicks({ ...run, faults: [], rows: 6, ownEndUs: 6 * s });
    expect(up).toMatchObject({ ticksMade: 6, ticksExpected: 6, achievedRateHz: 1 });
    // Crashed at 4.5 s, never restarted: 4 ticks over the 4.5 s it was up.
    const down = faultedMachineTicks({ ...run, faults: [crash(0, 4.5)], rows: 4, ownEndUs: 4 * s });
    expect(down).toMatchObject({ ticksMade: 4, ticksExpected: 4, aliveUs: 4.5 * s });
  });

  it('a stop during a pause ends it there: the ticks missed are due, made never exceeds due', () => {
    // The reviewer's run: machine 2 at 1 Hz paused 0.5-50 s, Ctrl-C at 3.045 s; resumed at the
    // stop, it ran two of the three ticks it missed (1, 2, 3 s) before the stop ended it.
    const pause: FaultConfig = {
      index: 0,
      stream: 'fault/a0',
      kind: 'pause',
      machine: 2,
      atUs: 0.5 * s,
      untilUs: 50 * s,
    };
    const run = { machineId: 2, rateMilliHz: 1000, restartRows: 0, rows: 2 };
    const ends = { endUs: 3_100_000, ownEndUs: 3_050_000 };
    // The schedule's own pause reached past the stop: none of those ticks was due, 2/0.
    expect(faultedMachineTicks({ ...run, ...ends, faults: [pause] }).ticksExpected).toBe(0);
    const asRun = withPausesEndedAt([pause], new Map([[0, 3_045_000]]));
    expect(asRun).toEqual([{ ...pause, untilUs: 3_045_000 }]);
    const ticks = faultedMachineTicks({ ...run, ...ends, faults: asRun });
    expect(ticks).toMatchObject({ ticksMade: 2, ticksExpected: 3 });
    // A pause no stop ended, or another fault, is as scheduled.
    expect(withPausesEndedAt([pause], new Map())).toEqual([pause]);
  });
});
