/**
 * The analysis of a run made while it runs: its events go to the same RunAnalyzer that
 * `analyze` feeds from the logs, in the same order (a simulated run makes its events in
 * (time, machine id) order, and every receive comes after its send, which is exactly the order
 * the logs are merged in). The run then writes summary.json without reading its logs back,
 * which took twice as long as the run itself for a million logged events.
 */
import { assertNever, copiesOf, type MachineId, type StepEvent } from '../../core/index.js';
import type { EventSink } from '../../transports/run-config.js';
import { type AnalysisRow, emptyRow, RunAnalyzer } from './run-analyzer.js';

export class AnalysisSink implements EventSink {
  readonly analyzer: RunAnalyzer;
  readonly #machineCount: number;
  readonly #row: AnalysisRow = emptyRow();

  /** `keepSeries`: also keep the per-event series the charts draw (see RunAnalyzer). */
  constructor(machineCount: number, durationUs: number, keepSeries = true) {
    this.#machineCount = machineCount;
    this.analyzer = new RunAnalyzer(machineCount, durationUs, keepSeries);
  }

  record(machineId: MachineId, timeUs: number, event: StepEvent): void {
    const row = this.#row;
    row.kind = event.kind;
    row.seq = event.seq;
    row.timeUs = timeUs;
    row.clock = event.clock;
    row.queueLength = event.queueLength;
    switch (event.kind) {
      case 'internal':
      case 'restart':
        break;
      case 'send':
        row.copies = copiesOf(event, this.#machineCount);
        break;
      case 'receive':
        row.msgSender = event.senderId;
        row.msgSeq = event.sendSeq;
        break;
      default:
        assertNever(event.kind, 'event kind');
    }
    this.analyzer.accept(row, machineId);
  }
}
