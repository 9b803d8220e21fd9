/**
 * A run as a Chrome trace-event JSON (the Trace Event Format), which ui.perfetto.dev and
 * chrome://tracing open: one process (pid 1), one thread track per machine (tid = machine id),
 * one complete slice per log row and a flow arrow from each send to each of its receives.
 *
 *   {"displayTimeUnit":"ms","traceEvents":[
 *   {"name":"process_name","ph":"M","pid":1,"args":{"name":"lamport-lab"}},
 *   {"name":"thread_name","ph":"M","pid":1,"tid":0,"args":{"name":"machine 0 (3 Hz)"}},
 *   {"name":"send","cat":"lamport","ph":"X","pid":1,"tid":0,"ts":1000000,"dur":1000,"args":{...}},
 *   {"name":"message","cat":"lamport","ph":"s","id":7,"pid":1,"tid":0,"ts":1000000},
 *   {"name":"message","cat":"lamport","ph":"f","bp":"e","id":7,"pid":1,"tid":1,"ts":1500000},
 *   ...]}
 *
 * Slices: `ts` is the row's time in µs; `dur` is half the time to the machine's next row, at most
 * 1 ms, so a machine's slices never touch or overlap (overlapping slices on one thread are
 * mis-nested by the viewers) and a slow machine's events still show as marks, not bars.
 *
 * Flows (v1 flow events) follow what the importers match on. Perfetto's JSON importer keys a flow
 * by (id, cat, name), binds `s` to the slice open on its thread, and binds `f` to the enclosing
 * slice only with `"bp":"e"` (the default binds to the next slice). Chrome's DevTools binds a flow
 * event to the slice with the same pid, tid, cat and ts. So both ends of a flow carry the same
 * name, cat and id, and each sits on its slice's thread at exactly its slice's ts, written after
 * the slice. Every copy of a broadcast gets its own id: ids are 1, 2, 3 ... in the order the
 * copies were sent, so the same logs give the same bytes. A copy never received keeps a start
 * with no end, which the viewers ignore.
 *
 * A run with faults gets more tracks after the machines' (perfetto-faults.ts): "faults", with an
 * instant per fault action, and one per partition, pause or down time, a slice over it.
 */
import type { RunFaults } from '../logs/run-faults.js';
import { perfettoFaultEvents } from './perfetto-faults.js';
import type { InternalRow, ReceiveRow, RunFormat, SendRow } from './run-format.js';

export interface PerfettoFormatOptions {
  readonly machineCount: number;
  /** Machine rates in Hz for the track names, when the manifest gives them. */
  readonly ratesHz: readonly number[] | null;
  readonly write: (text: string) => void;
  /** The run's faults (faults.csv), drawn on tracks of their own; null without faults. */
  readonly faults?: RunFaults | null;
}

export const perfettoPid = 1;
export const perfettoCategory = 'lamport';
export const perfettoFlowName = 'message';
/** The longest slice drawn for an event, in µs. */
export const sliceDurMaxUs = 1000;

export function perfettoThreadName(machineId: number, rateHz: number | undefined): string {
  return rateHz === undefined ? `machine ${machineId}` : `machine ${machineId} (${rateHz} Hz)`;
}

/** A send's note is the flow id of its first copy; copy i has that id + i. */
export class PerfettoFormat implements RunFormat<number> {
  readonly #options: PerfettoFormatOptions;
  readonly #write: (text: string) => void;
  #nextFlowId = 1;

  constructor(options: PerfettoFormatOptions) {
    this.#options = options;
    this.#write = options.write;
  }

  begin(): void {
    const write = this.#write;
    write('{"displayTimeUnit":"ms","traceEvents":[\n');
    write(`{"name":"process_name","ph":"M","pid":${perfettoPid},"args":{"name":"lamport-lab"}}`);
    for (let id = 0; id < this.#options.machineCount; id += 1) {
      const name = perfettoThreadName(id, this.#options.ratesHz?.[id]);
      write(
        `,\n{"name":"thread_name","ph":"M","pid":${perfettoPid},"tid":${id},"args":{"name":${JSON.stringify(name)}}}`,
      );
      // Keeps the tracks in machine order in viewers that honour it.
      write(
        `,\n{"name":"thread_sort_index","ph":"M","pid":${perfettoPid},"tid":${id},"args":{"sort_index":${id}}}`,
      );
    }
  }

  internal(row: InternalRow, machineId: number, nextTimeUs: number | null): void {
    this.#slice(row, machineId, nextTimeUs, '');
  }

  send(row: SendRow, machineId: number, nextTimeUs: number | null, extraCopies = 0): number {
    this.#slice(row, machineId, nextTimeUs, `,"msg_id":"${row.msgSender}-${row.msgSeq}"`);
    const firstFlowId = this.#nextFlowId;
    // A duplicated copy (a fault) is one more arrow: its flow id follows the receivers'.
    const copies = row.receiverIds.length + extraCopies;
    this.#nextFlowId += copies;
    for (let copy = 0; copy < copies; copy += 1) {
      this.#write(
        `,\n{"name":"${perfettoFlowName}","cat":"${perfettoCategory}","ph":"s","id":${firstFlowId + copy},"pid":${perfettoPid},"tid":${machineId},"ts":${row.timeUs}}`,
      );
    }
    return firstFlowId;
  }

  receive(
    row: ReceiveRow,
    machineId: number,
    nextTimeUs: number | null,
    firstFlowId: number,
    copyIndex: number,
  ): void {
    this.#slice(row, machineId, nextTimeUs, `,"msg_id":"${row.msgSender}-${row.msgSeq}"`);
    this.#write(
      `,\n{"name":"${perfettoFlowName}","cat":"${perfettoCategory}","ph":"f","bp":"e","id":${firstFlowId + copyIndex},"pid":${perfettoPid},"tid":${machineId},"ts":${row.timeUs}}`,
    );
  }

  end(): void {
    const faults = this.#options.faults ?? null;
    if (faults !== null) {
      this.#write(perfettoFaultEvents(faults, this.#options.machineCount, perfettoPid));
    }
    this.#write('\n]}\n');
  }

  #slice(
    row: InternalRow | SendRow | ReceiveRow,
    machineId: number,
    nextTimeUs: number | null,
    extraArgs: string,
  ): void {
    // A log whose time goes backwards (check rule 1) still gets no negative duration.
    const dur =
      nextTimeUs === null
        ? sliceDurMaxUs
        : Math.max(0, Math.min(sliceDurMaxUs, (nextTimeUs - row.timeUs) / 2));
    this.#write(
      `,\n{"name":"${row.kind}","cat":"${perfettoCategory}","ph":"X","pid":${perfettoPid},"tid":${machineId},"ts":${row.timeUs},"dur":${dur},"args":{"lamport":${row.clock},"seq":${row.seq},"queue_length":${row.queueLength}${extraArgs}}}`,
    );
  }
}
