/**
 * What a run's logs determine about it, tallied as the rows stream past (by `check` and by
 * `analyze`, in the one pass each already makes): per machine the events by kind, the final
 * clock, the largest clock jump at a receive, the largest queue length a receive row shows, the
 * message copies sent and the time of the last row. These are the figures a manifest states next
 * to the logs (manifest.ts, run-stats.ts, log-summary.ts compute them the same way), so a
 * manifest edited after the run disagrees with them. Constant memory per machine.
 */
import { assertNever } from '../../core/index.js';
import { TickSchedule } from '../../core/tick-schedule.js';
import type { ParsedLogRow } from '../logs/log-row.js';

export interface MachineLogFacts {
  internal: number;
  send: number;
  receive: number;
  finalClock: number;
  clockJumpMax: number;
  queueLengthMax: number;
  /** Message copies sent: a broadcast to k peers counts k. */
  copiesSent: number;
  /** Message copies the logs send to this machine. */
  copiesTo: number;
  /** The time of the machine's last row (0 before its first): when it was last seen alive. */
  lastTimeUs: number;
  /** Restart rows (a run with faults): not events of the model, so not among the kinds. */
  restarts: number;
}

/** The first row of a machine that is not at its tick of the rate (virtual runs only). */
export interface OffTick {
  readonly file: string;
  readonly line: number;
  readonly seq: number;
  readonly expectedUs: number;
  /** Null when the row is missing: the run completed, yet its last row is before this tick. */
  readonly foundUs: number | null;
}

export class LogFacts {
  readonly machines: MachineLogFacts[];
  /** Per machine, the first row off the rate's tick; undefined while every row is on it. */
  readonly offTick: (OffTick | undefined)[];
  readonly #schedules: (TickSchedule | null)[];
  /** Where each machine's latest row was, to name the place of a missing one. */
  readonly #lastFile: (string | undefined)[];
  readonly #lastLine: Float64Array;
  readonly #lastSeq: Float64Array;

  /**
   * `ratesMilliHz`: a virtual run's rates, whose tick k is at an exact time: row k of machine i
   * must be at tick k of rate i, so the logs determine the rates. Null when time is real (TCP).
   */
  constructor(machineCount: number, ratesMilliHz: readonly number[] | null) {
    this.machines = Array.from({ length: machineCount }, () => ({
      internal: 0,
      send: 0,
      receive: 0,
      finalClock: 0,
      clockJumpMax: 0,
      queueLengthMax: 0,
      copiesSent: 0,
      copiesTo: 0,
      lastTimeUs: 0,
      restarts: 0,
    }));
    this.offTick = new Array<OffTick | undefined>(machineCount).fill(undefined);
    this.#lastFile = new Array<string | undefined>(machineCount).fill(undefined);
    this.#lastLine = new Float64Array(machineCount);
    this.#lastSeq = new Float64Array(machineCount);
    this.#schedules = Array.from({ length: machineCount }, (_, id) =>
      ratesMilliHz === null ? null : new TickSchedule(ratesMilliHz[id] as number),
    );
  }

  accept(row: ParsedLogRow, machineId: number): void {
    const machine = this.machines[machineId] as MachineLogFacts;
    switch (row.kind) {
      case 'internal':
        machine.internal += 1;
        break;
      case 'send':
        machine.send += 1;
        machine.copiesSent += row.receiverIds.length;
        for (const receiverId of row.receiverIds) {
          const receiver = this.machines[receiverId];
          if (receiver !== undefined) receiver.copiesTo += 1;
        }
        break;
      case 'receive':
        machine.receive += 1;
        machine.clockJumpMax = Math.max(machine.clockJumpMax, row.clock - machine.finalClock - 1);
        machine.queueLengthMax = Math.max(machine.queueLengthMax, row.queueLength);
        break;
      case 'restart':
        machine.restarts += 1;
        break;
      default:
        assertNever(row, 'row');
    }
    machine.finalClock = row.clock;
    machine.lastTimeUs = row.timeUs;
    const schedule = this.#schedules[machineId];
    if (schedule === null || schedule === undefined) return;
    const tickUs = schedule.advance();
    if (row.timeUs !== tickUs && this.offTick[machineId] === undefined) {
      this.offTick[machineId] = {
        file: row.file,
        line: row.line,
        seq: row.seq,
        expectedUs: tickUs,
        foundUs: row.timeUs,
      };
    }
    this.#lastFile[machineId] = row.file;
    this.#lastLine[machineId] = row.line;
    this.#lastSeq[machineId] = row.seq;
  }

  /**
   * Ends the logs of a virtual run that completed: every tick up to `durationUs` must have its
   * row, so a machine whose next tick is still within the run is missing rows.
   */
  finishCompleted(durationUs: number): void {
    this.#schedules.forEach((schedule, id) => {
      if (schedule === null || this.offTick[id] !== undefined) return;
      const tickUs = schedule.advance();
      if (tickUs > durationUs) return;
      this.offTick[id] = {
        file: this.#lastFile[id] ?? `machine-${id}.csv`,
        // The header is line 1: a log without rows misses its row at line 2.
        line: (this.#lastLine[id] || 1) + 1,
        seq: (this.#lastSeq[id] as number) + 1,
        expectedUs: tickUs,
        foundUs: null,
      };
    });
  }
}
