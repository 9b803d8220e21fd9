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
import { faultAliveUs, faultTicksDue } from '../check/fault-schedule.js';

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
  /** The run's end, µs after the start: its duration, or when a stop ended it (its last row). */
  readonly endUs: number;
  /**
   * Ticks are due up to here: the run's end, or at a stop this machine's own last row (its stop
   * came a little before or after the others', and a tick it never reached is no tick missed).
   */
  readonly dueEndUs: number;
}

export function faultedMachineTicks(run: FaultedMachineRun): FaultedMachineTicks {
  const ticksMade = run.rows - run.restartRows;
  const aliveUs = faultAliveUs(run.faults, run.machineId, run.endUs);
  return {
    ticksMade,
    ticksExpected: faultTicksDue(run.rateMilliHz, run.faults, run.machineId, run.dueEndUs),
    achievedRateHz: aliveUs > 0 ? (ticksMade * 1_000_000) / aliveUs : 0,
    aliveUs,
  };
}
