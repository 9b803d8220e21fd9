/**
 * The clock-inflation replay (clock-inflation.ts) fed by a run as it goes, so that `run` writes
 * the faults section of summary.json without reading its logs back: a run's events come in an
 * order where every receive follows its send, which is all the replay needs. The restarts'
 * rules come from the fault list (a virtual run restarts exactly where its list says).
 */
import type { MachineId, StepEvent } from '../../core/index.js';
import type { FaultConfig } from '../../transports/fault-config.js';
import type { EventSink } from '../../transports/run-config.js';
import { restartClockText } from '../logs/faults-format.js';
import { ClockInflation, type InflationFigures, type InflationRow } from './clock-inflation.js';

/** The replay's view of an event (InflationRow), rewritten for each one. */
interface MutableRow {
  kind: string;
  seq: number;
  clock: number;
  msgSender: number;
  msgSeq: number;
  msgClock: number;
}

export class InflationSink implements EventSink {
  readonly #inflation: ClockInflation;
  readonly #row: MutableRow = { kind: '', seq: 0, clock: 0, msgSender: 0, msgSeq: 0, msgClock: 0 };

  /** `faults`: the run's fault list, in list order (restarts at distinct times per machine). */
  constructor(machineCount: number, faults: readonly FaultConfig[]) {
    const restarts = faults
      .filter((fault) => fault.kind === 'restart')
      .sort((a, b) => a.atUs - b.atUs)
      .map((fault) => ({ machine: fault.machine, rule: restartClockText(fault) }));
    this.#inflation = new ClockInflation(machineCount, restarts);
  }

  record(machineId: MachineId, _timeUs: number, event: StepEvent): void {
    const row = this.#row;
    row.kind = event.kind;
    row.seq = event.seq;
    row.clock = event.clock;
    row.msgSender = event.senderId;
    row.msgSeq = event.sendSeq;
    row.msgClock = event.messageClock;
    this.#inflation.accept(row satisfies InflationRow, machineId);
  }

  figures(): InflationFigures {
    return this.#inflation.figures();
  }
}
