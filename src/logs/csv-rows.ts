/**
 * Every machine's log formatted in memory, chunk by chunk, exactly as CsvLogSink writes it (the
 * same CsvRowBuffer, header first, long broadcast rows through one shared buffer): each full
 * buffer goes to `onChunk`, which hashes it (LogDigestSink, `check`'s re-run) or keeps a copy
 * (the browser playground's logs). No Node API: the bytes are the CLI's wherever this runs.
 */
import { assert, type MachineId, type StepEvent, toEveryPeer } from '../../core/index.js';
import type { EventSink } from '../../transports/run-config.js';
import { CsvRowBuffer } from './csv-row-writer.js';
import { logHeaderLine } from './format.js';

/** As in CsvLogSink: past this many peers a broadcast row goes through one shared buffer. */
const peersListedInline = 64;

/** Receives a machine's next bytes; `chunk` is only valid during the call (it is reused). */
export type ChunkConsumer = (machineId: MachineId, chunk: Uint8Array) => void;

export class CsvRows implements EventSink {
  readonly #buffers: CsvRowBuffer[];
  readonly #rows: number[];
  readonly #bytes: number[];
  /** The shared buffer for long broadcast rows, or null when every buffer can hold them. */
  readonly #wideRows: CsvRowBuffer | null;
  readonly #onChunk: ChunkConsumer;

  /** `capacity`: bytes per machine's buffer (a row never waits beyond it). */
  constructor(machineCount: number, capacity: number, onChunk: ChunkConsumer) {
    const peerCount = machineCount - 1;
    const inline = peerCount <= peersListedInline;
    this.#wideRows = inline ? null : new CsvRowBuffer(0, peerCount);
    this.#onChunk = onChunk;
    this.#buffers = Array.from({ length: machineCount }, () => {
      const buffer = new CsvRowBuffer(capacity, peerCount, inline ? peerCount : 1);
      buffer.appendLatin1(logHeaderLine);
      return buffer;
    });
    this.#rows = new Array<number>(machineCount).fill(0);
    this.#bytes = new Array<number>(machineCount).fill(0);
  }

  record(machineId: MachineId, timeUs: number, event: StepEvent): void {
    const buffer = this.#buffers[machineId];
    assert(buffer !== undefined, 'no log for this machine id');
    this.#rows[machineId] = (this.#rows[machineId] as number) + 1;
    const wide = this.#wideRows;
    if (wide !== null && event.kind === 'send' && event.to === toEveryPeer) {
      this.#pass(machineId, buffer);
      wide.appendEvent(machineId, timeUs, event);
      this.#pass(machineId, wide);
      return;
    }
    buffer.appendEvent(machineId, timeUs, event);
    if (buffer.isFull) this.#pass(machineId, buffer);
  }

  /** Hands on what every buffer still holds; then each machine's row and byte counts. */
  finish(): { readonly rows: number; readonly bytes: number }[] {
    return this.#buffers.map((buffer, id) => {
      this.#pass(id, buffer);
      return { rows: this.#rows[id] as number, bytes: this.#bytes[id] as number };
    });
  }

  #pass(machineId: MachineId, buffer: CsvRowBuffer): void {
    if (buffer.length === 0) return;
    this.#onChunk(machineId, buffer.bytes.subarray(0, buffer.length));
    this.#bytes[machineId] = (this.#bytes[machineId] as number) + buffer.length;
    buffer.length = 0;
  }
}
