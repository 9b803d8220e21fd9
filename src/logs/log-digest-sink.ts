/**
 * The digests of the logs a run would write, without writing them: each machine's rows are
 * formatted exactly as CsvLogSink formats them (the same CsvRowBuffer, header first) and hashed
 * instead of written. `check` re-runs a virtual run's scenario in memory with it, to compare
 * the logs on disk with the ones the manifest's scenario makes, and writes no file.
 */
import { createHash, type Hash } from 'node:crypto';
import { assert, type MachineId, type StepEvent, toEveryPeer } from '../../core/index.js';
import type { EventSink } from '../../transports/run-config.js';
import type { LogFileDigest } from './csv-log.js';
import { CsvRowBuffer } from './csv-row-writer.js';
import { logFileName, logHeaderLine } from './format.js';

/** As in CsvLogSink: past this many peers a broadcast row goes through one shared buffer. */
const peersListedInline = 64;

interface MachineDigest {
  readonly hash: Hash;
  readonly buffer: CsvRowBuffer;
  bytes: number;
  rows: number;
}

export class LogDigestSink implements EventSink {
  readonly #logs: MachineDigest[];
  /** The shared buffer for long broadcast rows, or null when every buffer can hold them. */
  readonly #wideRows: CsvRowBuffer | null;

  constructor(machineCount: number) {
    const peerCount = machineCount - 1;
    const inline = peerCount <= peersListedInline;
    this.#wideRows = inline ? null : new CsvRowBuffer(0, peerCount);
    // Small buffers: the bytes only pass through the hash, and 10 000 machines need one each.
    const capacity = Math.max(1 << 12, Math.min(1 << 16, Math.floor((1 << 24) / machineCount)));
    this.#logs = Array.from({ length: machineCount }, () => {
      const buffer = new CsvRowBuffer(capacity, peerCount, inline ? peerCount : 1);
      buffer.length = buffer.bytes.write(logHeaderLine, 0, 'latin1');
      return { hash: createHash('sha256'), buffer, bytes: 0, rows: 0 };
    });
  }

  record(machineId: MachineId, timeUs: number, event: StepEvent): void {
    const log = this.#logs[machineId];
    assert(log !== undefined, 'no log for this machine id');
    log.rows += 1;
    const wide = this.#wideRows;
    if (wide !== null && event.kind === 'send' && event.to === toEveryPeer) {
      this.#hash(log, log.buffer);
      wide.appendEvent(machineId, timeUs, event);
      this.#hash(log, wide);
      return;
    }
    log.buffer.appendEvent(machineId, timeUs, event);
    if (log.buffer.isFull) this.#hash(log, log.buffer);
  }

  /** Each log's digest, in machine order, as CsvLogSink.close() returns it. */
  digests(): LogFileDigest[] {
    return this.#logs.map((log, id) => {
      this.#hash(log, log.buffer);
      return {
        file: logFileName(id),
        sha256: log.hash.digest('hex'),
        bytes: log.bytes,
        rows: log.rows,
      };
    });
  }

  #hash(log: MachineDigest, buffer: CsvRowBuffer): void {
    if (buffer.length === 0) return;
    log.hash.update(buffer.bytes.subarray(0, buffer.length));
    log.bytes += buffer.length;
    buffer.length = 0;
  }
}
