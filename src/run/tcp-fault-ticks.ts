/**
 * A TCP machine's tick figures in a run with faults, over all of its processes: a crash ends one
 * process and a restart starts another, so no single process's report knows them. Ticks made are
 * its log's rows but its restart rows; ticks due are those its fault schedule has while it is up,
 * up to the run's end; the achieved rate is ticks made over the seconds it was up (its
 * processes' lives summed). Over the whole run instead, a machine down for a third of it read as
 * a third slower than it ticked, and one whose last process was a restart counted that process
 * alone.
 */

import type { FaultConfig } from '../../transports/fault-config.js';
import { faultTicksDue, faultUpTime } from '../check/fault-schedule.js';

export interface FaultedMachineTicks {
  readonly ticksMade: number;
  readonly ticksExpected: number;
  readonly achievedRateHz: number;
  /** Up time the rate is over, µs. */
  readonly aliveUs: number;
}

export interface FaultedMachineRun {
  readonly machineId: number;
  readonly rateMilliHz: number;
  readonly faults: readonly FaultConfig[];
  /** Rows of its log, and how many of them are restart rows (no ticks). */
  readonly rows: number;
  readonly restartRows: number;
  /** The run's end, µs after the start: its duration, or when a stop ended it. */
  readonly endUs: number;
  /**
   * Where its own run ended: the run's end, or at a stop its last row (its stop came a little
   * before or after the others', and a tick it never reached is no tick missed). Its ticks are
   * due up to here, and it was up until here unless a crash took it down for good before.
   */
  readonly ownEndUs: number;
}

/**
 * The faults as they were carried out: a pause that a stop ended (the launcher resumes the
 * machine at the stop so that it hears it, and writes the resume row then) ends at that row's
 * time, `endedUs` (fault index to µs). The machine runs the ticks it missed as it wakes: under
 * the schedule's own end, past the stop, those ticks were never due, and a machine stopped in
 * a pause read `3/1 ticks`.
 */
export function withPausesEndedAt(
  faults: readonly FaultConfig[],
  endedUs: ReadonlyMap<number, number>,
): FaultConfig[] {
  return faults.map((fault) => {
    const untilUs = fault.kind === 'pause' ? endedUs.get(fault.index) : undefined;
    return untilUs === undefined ? fault : { ...fault, untilUs };
  });
}

export function faultedMachineTicks(run: FaultedMachineRun): FaultedMachineTicks {
  const ticksMade = run.rows - run.restartRows;
  const { machineId, faults } = run;
  // Down at the end: up until its last crash, whenever its last row was.
  const downAtEnd = !faultUpTime(faults, machineId, run.endUs).upAtEnd;
  const { aliveUs } = faultUpTime(faults, machineId, downAtEnd ? run.endUs : run.ownEndUs);
  return {
    ticksMade,
    ticksExpected: faultTicksDue(run.rateMilliHz, faults, machineId, run.ownEndUs),
    achievedRateHz: aliveUs > 0 ? (ticksMade * 1_000_000) / aliveUs : 0,
    aliveUs,
  };
}
