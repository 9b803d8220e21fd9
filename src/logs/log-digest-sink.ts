/**
 * The digests of the logs a run would write, without writing them: each machine's rows are
 * formatted exactly as CsvLogSink formats them (CsvRows) and hashed instead of written. `check`
 * re-runs a virtual run's scenario in memory with it, to compare the logs on disk with the ones
 * the manifest's scenario makes, and writes no file.
 */
import { createHash, type Hash } from 'node:crypto';
import type { MachineId, StepEvent } from '../../core/index.js';
import type { EventSink } from '../../transports/run-config.js';
import type { LogFileDigest } from './csv-log.js';
import { CsvRows } from './csv-rows.js';
import { logFileName } from './format.js';

export class LogDigestSink implements EventSink {
  readonly #hashes: Hash[];
  readonly #rows: CsvRows;

  constructor(machineCount: number) {
    this.#hashes = Array.from({ length: machineCount }, () => createHash('sha256'));
    // Small buffers: the bytes only pass through the hash, and 10 000 machines need one each.
    const capacity = Math.max(1 << 12, Math.min(1 << 16, Math.floor((1 << 24) / machineCount)));
    this.#rows = new CsvRows(machineCount, capacity, (machineId, chunk) =>
      (this.#hashes[machineId] as Hash).update(chunk),
    );
  }

  record(machineId: MachineId, timeUs: number, event: StepEvent): void {
    this.#rows.record(machineId, timeUs, event);
  }

  /** Each log's digest, in machine order, as CsvLogSink.close() returns it. */
  digests(): LogFileDigest[] {
    return this.#rows.finish().map(({ rows, bytes }, id) => ({
      file: logFileName(id),
      sha256: (this.#hashes[id] as Hash).digest('hex'),
      bytes,
      rows,
    }));
  }
}
