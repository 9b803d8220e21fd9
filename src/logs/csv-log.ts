/**
 * The CSV log sink: one file per machine, written as the run goes. Rows are formatted into a
 * byte buffer per machine and handed on when it fills, so a million-row run costs a few dozen
 * writes, memory stays flat however long the run, and the sha256 of every file is computed on
 * the way out instead of by reading it back. A sink made `offThread` hands full buffers to the
 * process's log writer thread (log-writer-thread.ts), which appends and hashes them on another
 * core; otherwise the sink writes and hashes on its own thread.
 *
 * A run of many machines writes many files: above heldOpenFilesMax of them (open-files.ts) no
 * file is kept open; each write opens it to append and closes it again, so 10 000 machines hold
 * no file descriptor between writes. The bytes, and so the digests, are the same either way.
 */
import { createHash, type Hash } from 'node:crypto';
import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { assert, type MachineId, type StepEvent, toEveryPeer } from '../../core/index.js';
import type { EventSink } from '../../transports/run-config.js';
import { CsvRowBuffer } from './csv-row-writer.js';
import { type LogFileDigest, logFileName, logHeaderLine } from './format.js';
import { type FileOutcome, type LogWriterThread, logWriterThread } from './log-writer-thread.js';
import { heldOpenFilesMax } from '../common/open-files.js';

/**
 * Beyond this many peers, a broadcast's row (every other machine's id) is too long to size every
 * machine's buffer for: 10 000 machines would need 10 000 buffers of 100 KB. Such rows go through
 * one shared buffer instead, written straight after the machine's pending rows.
 */
const peersListedInline = 64;

/** 256 KiB per machine, less when there are many machines, so all buffers stay near 32 MiB. */
function bufferBytes(machineCount: number): number {
  return Math.max(1 << 14, Math.min(1 << 18, Math.floor((1 << 25) / machineCount)));
}

interface MachineLog {
  readonly fileName: string;
  readonly path: string;
  /** The open file, or -1 while closed (between writes when files are not held open). */
  fd: number;
  /** Hashes the bytes written on this thread; null when the writer thread does (see #writer). */
  readonly hash: Hash | null;
  /** The file's handle on the writer thread, or -1 when this thread writes it. */
  readonly writerFile: number;
  readonly buffer: CsvRowBuffer;
  bytes: number;
  rows: number;
}

export type { LogFileDigest } from './format.js';

export interface CsvLogOptions {
  /** Write only this machine's log (a TCP machine process writes its own). */
  readonly onlyMachine?: MachineId;
  /**
   * Write every row as it is made. Real-time runs tick at most a few hundred times a second and
   * a process may be killed at any moment: then every row logged so far is on disk, complete.
   */
  readonly flushEachRow?: boolean;
  /**
   * Append and hash on the log writer thread. It pays for a long run (a tenth of a logged run's
   * time moves to another core), not for a short one: the thread takes ~30 ms to start, and a
   * run that ends sooner waits for it.
   */
  readonly offThread?: boolean;
  /**
   * Add to the machine's log as it is, header and rows kept (a TCP machine restarted after a
   * crash goes on with the log its killed process wrote). The digest is then of the rows added.
   */
  readonly append?: boolean;
}

/** A failed write, its file named: the system's message alone ("ENOSPC ..., write") does not. */
function writeError(code: string, message: string, path: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${message}, writing ${path}`), { code, path });
}

export class CsvLogSink implements EventSink {
  /** Indexed by machine id; undefined for machines this sink does not write. */
  readonly #logs: (MachineLog | undefined)[] = [];
  readonly #flushEachRow: boolean;
  /** Keep every file open from the constructor to close(); else open one per write. */
  readonly #holdOpen: boolean;
  /** The shared buffer for long broadcast rows, or null when every buffer can hold them. */
  readonly #wideRows: CsvRowBuffer | null;
  /** Writes and hashes full buffers on another thread; null when each row is written at once. */
  readonly #writer: LogWriterThread | null;
  #closed = false;

  /** Creates (truncates) `machine-<id>.csv` for every machine (or the one asked) in `directory`. */
  constructor(directory: string, machineCount: number, options: CsvLogOptions = {}) {
    this.#flushEachRow = options.flushEachRow ?? false;
    const fileCount = options.onlyMachine === undefined ? machineCount : 1;
    this.#holdOpen = fileCount <= heldOpenFilesMax;
    const peerCount = machineCount - 1;
    const inline = peerCount <= peersListedInline;
    this.#wideRows = inline ? null : new CsvRowBuffer(0, peerCount);
    // A row at a time must be on disk when record() returns (a killed process keeps every row).
    assert(!(this.#flushEachRow && options.offThread === true), 'flushEachRow writes in place');
    this.#writer = options.offThread === true ? logWriterThread() : null;
    for (let id = 0; id < machineCount; id += 1) {
      if (options.onlyMachine !== undefined && options.onlyMachine !== id) {
        this.#logs.push(undefined);
        continue;
      }
      const fileName = logFileName(id);
      const path = join(directory, fileName);
      // Created (or emptied) now in either case, so a run that stops early leaves every file.
      let fd: number;
      try {
        fd = openSync(path, options.append === true ? 'a' : 'w');
      } catch (error) {
        // The caller reports the failure; the files opened so far are not left open behind it,
        // nor kept by the writer thread.
        this.#writer?.finish(
          this.#logs.flatMap((log) => (log === undefined ? [] : [log.writerFile])),
        );
        this.#closeOpenFiles();
        throw error;
      }
      if (!this.#holdOpen) {
        closeSync(fd);
        fd = -1;
      }
      const buffer = new CsvRowBuffer(bufferBytes(machineCount), peerCount, inline ? peerCount : 1);
      if (options.append !== true) buffer.appendLatin1(logHeaderLine);
      const writer = this.#writer;
      this.#logs.push({
        fileName,
        path,
        fd,
        hash: writer === null ? createHash('sha256') : null,
        writerFile: writer === null ? -1 : writer.open(fd, path),
        buffer,
        bytes: 0,
        rows: 0,
      });
    }
  }

  #closeOpenFiles(): void {
    for (const log of this.#logs) {
      if (log !== undefined && log.fd >= 0) closeSync(log.fd);
      if (log !== undefined) log.fd = -1;
    }
  }

  record(machineId: MachineId, timeUs: number, event: StepEvent): void {
    const log = this.#logs[machineId];
    assert(log !== undefined, 'no log for this machine id');
    log.rows += 1;
    const wide = this.#wideRows;
    if (wide !== null && event.kind === 'send' && event.to === toEveryPeer) {
      this.#write(log, log.buffer);
      wide.appendEvent(machineId, timeUs, event);
      this.#write(log, wide);
      return;
    }
    log.buffer.appendEvent(machineId, timeUs, event);
    if (this.#flushEachRow || log.buffer.isFull) this.#write(log, log.buffer);
  }

  /**
   * Writes every file out and closes it; returns each file's digest, in machine order. Returns
   * only once every row is on disk. A write that fails does not stop the other files' rows from
   * being written: the first failure is thrown (its file named) once every file is closed.
   */
  close(): LogFileDigest[] {
    assert(!this.#closed, 'log sink closed twice');
    this.#closed = true;
    const logs = this.#logs.filter((log) => log !== undefined);
    let failure: unknown = null;
    let outcomes: FileOutcome[] = [];
    try {
      for (const log of logs) {
        try {
          this.#write(log, log.buffer);
        } catch (error) {
          failure ??= error;
        }
      }
      outcomes = this.#writer?.finish(logs.map((log) => log.writerFile)) ?? [];
    } finally {
      this.#closeOpenFiles();
    }
    const digests = logs.map((log, index) => {
      const outcome = outcomes[index];
      if (outcome?.kind === 'failed') {
        failure ??= writeError(outcome.code, outcome.message, log.path);
        return null;
      }
      const sha256 = outcome?.sha256 ?? (log.hash as Hash).digest('hex');
      return { file: log.fileName, sha256, bytes: log.bytes, rows: log.rows };
    });
    if (failure !== null) throw failure;
    return digests.filter((digest) => digest !== null);
  }

  /** Appends what `buffer` holds to `log`'s file (or hands it over) and empties the buffer. */
  #write(log: MachineLog, buffer: CsvRowBuffer): void {
    const { bytes, length } = buffer;
    if (length === 0) return;
    if (this.#writer !== null) {
      this.#writer.append(log.writerFile, bytes, length);
    } else {
      try {
        const fd = this.#holdOpen ? log.fd : openSync(log.path, 'a');
        try {
          let offset = 0;
          while (offset < length) offset += writeSync(fd, bytes, offset, length - offset);
        } finally {
          if (!this.#holdOpen) closeSync(fd);
        }
      } catch (error) {
        const { code, message } = error as NodeJS.ErrnoException;
        throw writeError(code ?? 'EIO', message, log.path);
      }
      (log.hash as Hash).update(bytes.subarray(0, length));
    }
    log.bytes += length;
    buffer.length = 0;
  }
}
