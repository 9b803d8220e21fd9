/**
 * The CSV log sink: one file per machine, written as the run goes. Rows are gathered into a
 * string per machine and written with one synchronous write when it passes `flushBytes`, so a
 * million-row run costs a few hundred writes, memory stays flat however long the run, and the
 * sha256 of every file is computed on the way out instead of by reading it back.
 */
import { createHash, type Hash } from 'node:crypto';
import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { assert, type MachineId, type StepResult } from '../core/index.js';
import type { EventSink } from '../transports/run-config.js';
import { formatEventLine, logFileName, logHeaderLine } from './log-format.js';

const flushBytes = 1 << 18;

interface MachineLog {
  readonly fileName: string;
  readonly fd: number;
  readonly hash: Hash;
  pending: string;
  bytes: number;
  rows: number;
}

export interface LogFileDigest {
  readonly file: string;
  readonly sha256: string;
  readonly bytes: number;
  readonly rows: number;
}

export class CsvLogSink implements EventSink {
  readonly #logs: MachineLog[] = [];
  #closed = false;

  /** Creates (truncates) `machine-<id>.csv` for every machine in `directory`. */
  constructor(directory: string, machineCount: number) {
    for (let id = 0; id < machineCount; id += 1) {
      const fileName = logFileName(id);
      const fd = openSync(join(directory, fileName), 'w');
      this.#logs.push({
        fileName,
        fd,
        hash: createHash('sha256'),
        pending: logHeaderLine,
        bytes: 0,
        rows: 0,
      });
    }
  }

  record(machineId: MachineId, timeUs: number, event: StepResult): void {
    const log = this.#logs[machineId];
    assert(log !== undefined, `no log for machine ${machineId}`);
    log.pending += formatEventLine(machineId, timeUs, event);
    log.rows += 1;
    if (log.pending.length >= flushBytes) this.#flush(log);
  }

  /** Writes what is pending to disk (for example before an interrupted run stops). */
  flush(): void {
    for (const log of this.#logs) this.#flush(log);
  }

  /** Flushes and closes every file; returns each file's digest, in machine order. */
  close(): LogFileDigest[] {
    assert(!this.#closed, 'log sink closed twice');
    this.flush();
    this.#closed = true;
    return this.#logs.map((log) => {
      closeSync(log.fd);
      return {
        file: log.fileName,
        sha256: log.hash.digest('hex'),
        bytes: log.bytes,
        rows: log.rows,
      };
    });
  }

  #flush(log: MachineLog): void {
    if (log.pending.length === 0) return;
    const buffer = Buffer.from(log.pending, 'utf8');
    log.pending = '';
    let offset = 0;
    while (offset < buffer.length) offset += writeSync(log.fd, buffer, offset);
    log.hash.update(buffer);
    log.bytes += buffer.length;
  }
}
