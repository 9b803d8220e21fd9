/**
 * Goal: the tick schedule `check` recomputes from a fault list is the driver's (docs/FAULTS.md):
 * no tick while down, the restart row at its time, then the grid strictly after it; a pause's
 * missed ticks all at its end before that instant's own tick; a rate step's new grid; and the
 * time a machine is up between its crashes and restarts (faultUpTime).
 * Method: the expected times are written out by hand for small cases at 1 Hz over 10 s.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TickSchedule } from '../../../core/tick-schedule.js';
import { FaultTickSchedule, faultUpTime } from '../../../src/check/fault-schedule.js';
import type { FaultConfig } from '../../../transports/fault-config.js';
import { crashAt, restartAt } from '../../helpers/crash-restart-faults.js';

const s = 1_000_000;

/** Every row due, as [time in s, 'R' for a restart row]. */
function rowsDue(faults: readonly FaultConfig[], rateMilliHz = 1000, endUs = 10 * s): string[] {
  const schedule = new FaultTickSchedule(rateMilliHz, faults, 0, endUs);
  const rows: string[] = [];
  for (
    let timeUs = schedule.advance();
    timeUs !== Number.POSITIVE_INFINITY;
    timeUs = schedule.advance()
  ) {
    rows.push(`${timeUs / s}${schedule.restartDue ? 'R' : ''}`);
    if (rows.length > 1000) break;
  }
  return rows;
}

const crash = (index: number, atSec: number): FaultConfig => crashAt(index, atSec, 0);
const restart = (index: number, atSec: number): FaultConfig => restartAt(index, atSec, 0);

describe('FaultTickSchedule', () => {
  it('makes no tick while crashed, the restart row at its time, then the grid strictly after', () => {
    expect(rowsDue([crash(0, 2.5), restart(1, 5.5)])).toEqual([
      '1',
      '2',
      '5.5R',
      '6',
      '7',
      '8',
      '9',
      '10',
    ]);
    // A tick at the crash's or the restart's instant does not run.
    expect(rowsDue([crash(0, 3), restart(1, 5)])).toEqual([
      '1',
      '2',
      '5R',
      '6',
      '7',
      '8',
      '9',
      '10',
    ]);
    expect(rowsDue([crash(0, 3)])).toEqual(['1', '2']);
  });

  it("runs a pause's missed ticks at its end, then that instant's own tick", () => {
    const pause = (atSec: number, untilSec: number): FaultConfig => ({
      kind: 'pause',
      index: 0,
      stream: '',
      machine: 0,
      atUs: atSec * s,
      untilUs: untilSec * s,
    });
    expect(rowsDue([pause(2.5, 5.5)])).toEqual([
      '1',
      '2',
      '5.5',
      '5.5',
      '5.5',
      '6',
      '7',
      '8',
      '9',
      '10',
    ]);
    expect(rowsDue([pause(2, 5)])).toEqual(['1', '5', '5', '5', '5', '6', '7', '8', '9', '10']);
    // A pause that ends after the run: its missed ticks never run.
    expect(rowsDue([pause(8.5, 12)])).toEqual(['1', '2', '3', '4', '5', '6', '7', '8']);
  });

  it('at one instant takes crashes and restarts in list order: a zero-length down time', () => {
    // Crash and restart at 3 s: the restart row, then the grid strictly after (no tick at 3).
    expect(rowsDue([crash(0, 3), restart(1, 3)])).toEqual([
      '1',
      '2',
      '3R',
      '4',
      '5',
      '6',
      '7',
      '8',
      '9',
      '10',
    ]);
    // A restart listed before a crash at 5 s: its row at 5, then down again until 7.
    expect(rowsDue([crash(0, 3), restart(1, 5), crash(2, 5), restart(3, 7)])).toEqual([
      '1',
      '2',
      '5R',
      '7R',
      '8',
      '9',
      '10',
    ]);
  });

  it('runs no missed tick of a pause that ends at a crash, unless restarted there', () => {
    const pause: FaultConfig = {
      kind: 'pause',
      index: 0,
      stream: '',
      machine: 0,
      atUs: 2 * s,
      untilUs: 5 * s,
    };
    expect(rowsDue([pause, crash(1, 5)])).toEqual(['1']);
    expect(rowsDue([crash(0, 5), { ...pause, index: 1 }])).toEqual(['1']);
    expect(rowsDue([pause, crash(1, 5), restart(2, 8)])).toEqual(['1', '8R', '9', '10']);
    // Restarted at that instant too, it runs them after its restart row (the driver does).
    expect(rowsDue([pause, crash(1, 5), restart(2, 5)])).toEqual([
      '1',
      '5R',
      '5',
      '5',
      '5',
      '6',
      '7',
      '8',
      '9',
      '10',
    ]);
  });

  it('starts a new grid at a rate step: tick k at T + floor(k·10^9/R′) µs', () => {
    const rate: FaultConfig = {
      kind: 'rate',
      index: 0,
      stream: '',
      machine: 0,
      atUs: 7.5 * s,
      rateMilliHz: 3000,
    };
    expect(rowsDue([rate])).toEqual([
      '1',
      '2',
      '3',
      '4',
      '5',
      '6',
      '7',
      '7.833333',
      '8.166666',
      '8.5',
      '8.833333',
      '9.166666',
      '9.5',
      '9.833333',
    ]);
    // A restart after a rate step keeps the new grid.
    expect(rowsDue([rate, crash(1, 8), restart(2, 9)])).toEqual([
      '1',
      '2',
      '3',
      '4',
      '5',
      '6',
      '7',
      '7.833333',
      '9R',
      '9.166666',
      '9.5',
      '9.833333',
    ]);
  });

  it('without faults is the plain tick schedule', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 50_000 }),
        fc.integer({ min: 0, max: 30 * s }),
        (rate, endUs) => {
          const plain = new TickSchedule(rate);
          const expected: number[] = [];
          for (let t = plain.advance(); t <= endUs && expected.length < 500; t = plain.advance())
            expected.push(t);
          const schedule = new FaultTickSchedule(rate, [], 0, endUs);
          const found: number[] = [];
          for (
            let t = schedule.advance();
            t !== Number.POSITIVE_INFINITY && found.length < expected.length;
            t = schedule.advance()
          )
            found.push(t);
          expect(found).toEqual(expected);
        },
      ),
    );
  });
});

describe('faultUpTime', () => {
  // Machine 1's faults (machine 0's are another machine's, below).
  const crash1 = (index: number, atSec: number): FaultConfig => crashAt(index, atSec, 1);
  const restart1 = (index: number, atSec: number): FaultConfig => restartAt(index, atSec, 1);

  it('sums the time up: from the start to a crash, from a restart to the next crash or the end', () => {
    const up = (faults: FaultConfig[], machineId = 1) => faultUpTime(faults, machineId, 10 * s);
    expect(up([])).toEqual({ aliveUs: 10 * s, upAtEnd: true });
    expect(up([crash1(0, 3), restart1(1, 5)])).toEqual({ aliveUs: 8 * s, upAtEnd: true });
    expect(up([crash1(0, 3)])).toEqual({ aliveUs: 3 * s, upAtEnd: false });
    expect(up([crash1(0, 2), restart1(1, 4), crash1(2, 6), restart1(3, 7)])).toEqual({
      aliveUs: 7 * s,
      upAtEnd: true,
    });
    // Another machine's faults are not this one's; changes after the end do not count.
    expect(up([crash1(0, 3)], 0)).toEqual({ aliveUs: 10 * s, upAtEnd: true });
    expect(up([crash1(0, 3), restart1(1, 20)])).toEqual({ aliveUs: 3 * s, upAtEnd: false });
  });
});
