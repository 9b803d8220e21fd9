/**
 * `export` over a run directory: reads every machine log in causal order, matches each receive to
 * its send, and hands the rows to a format (ShiViz or Perfetto) whose text is written to the
 * output file a chunk at a time. It owns the order of reading, the send/receive matching, the
 * output path and the file itself; the formats own only how an event is spelled.
 *
 * Order of reading: the next row is the earliest (time, machine id) among the logs, except that a
 * receive waits until its sender has logged the send (the same rule as `check`). Our logs always
 * log a send no later than its receive, so the wait is short and memory stays proportional to the
 * messages in transit, never to the run. Logs that describe a receive before its send, or of a
 * message never sent to that machine, cannot be exported: that is refused as unreadable input,
 * naming file:line (`check` says more about such logs). The merge is check's (causal-merge.ts),
 * which hands each row over with its machine's next row, read first: its time is what lets a
 * Perfetto slice end before the machine's next one begins.
 *
 * The output is written to a temporary file next to it and renamed into place at the end, so a
 * refused export leaves nothing behind and a finished one never leaves half a file.
 */
import { createHash, type Hash } from 'node:crypto';
import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { assertNever } from '../../core/index.js';
import { InputError } from '../common/errors.js';
import { type CausalConsumer, feedInCausalOrder } from '../logs/causal-merge.js';
import { type LogReader, withLogPath } from '../logs/log-reader.js';
import type { ParsedLogRow } from '../logs/log-row.js';
import { refuseRunFile } from '../logs/out-dir.js';
import { checkWritable, outputFilePlace, recordOwnedFiles } from '../logs/owned-files.js';
import { recordedLogsOf, refuseChangedLogs } from '../logs/recorded-logs.js';
import { type RunFaults, readRunFaults } from '../logs/run-faults.js';
import { closeRunLogs, openRunLogs } from '../logs/run-logs.js';
import { readRunFiles } from '../logs/run-manifest.js';
import { DuplicateCopies } from './duplicate-copies.js';
import { defaultExportFileNames, type ExportFormat } from './export-formats.js';
import { PerfettoFormat } from './perfetto.js';
import type { ReceiveRow, RunFormat } from './run-format.js';
import { ShivizFormat } from './shiviz.js';

export { defaultExportFileNames, type ExportFormat, exportFormats } from './export-formats.js';

export interface ExportRequest {
  readonly format: ExportFormat;
  /** Where the output goes; null for `<run-dir>/run.shiviz.log` or `<run-dir>/run.perfetto.json`. */
  readonly outPath: string | null;
  /** Replace the file named by outPath even if lamport-lab did not write it (`--force`). */
  readonly force?: boolean;
}

export interface ExportResult {
  readonly format: ExportFormat;
  readonly outPath: string;
  readonly machines: number;
  readonly events: number;
  /** Message copies received (send → receive pairs): ShiViz edges, Perfetto flow arrows. */
  readonly messagesReceived: number;
  readonly bytes: number;
}

/**
 * Characters gathered before one fs.writeSync. 64 KiB is about 700 events: few enough writes to
 * cost nothing per event, and the pending strings die young. A 1 MiB batch outlived the young
 * generation and was promoted, which doubled the time of a 1 M-event export in GC alone.
 */
const chunkChars = 1 << 16;

/**
 * Text gathered in memory up to a chunk, then written with fs.writeSync: the output of a run of
 * any length never exists as one string. Our outputs are ASCII, so chars are bytes.
 */
export class ChunkedFileWriter {
  readonly path: string;
  #fd: number;
  /** The sha256 of what was written, for the record of what lamport-lab wrote. */
  readonly #hash: Hash = createHash('sha256');
  #parts: string[] = [];
  #pendingChars = 0;
  /** Bytes written to the file so far. */
  bytes = 0;

  constructor(path: string, fd: number) {
    this.path = path;
    this.#fd = fd;
  }

  write(text: string): void {
    this.#parts.push(text);
    this.#pendingChars += text.length;
    if (this.#pendingChars >= chunkChars) this.flush();
  }

  flush(): void {
    if (this.#pendingChars === 0) return;
    const buffer = Buffer.from(this.#parts.join(''), 'utf8');
    this.#parts = [];
    this.#pendingChars = 0;
    let offset = 0;
    while (offset < buffer.length) {
      offset += writeSync(this.#fd, buffer, offset, buffer.length - offset);
    }
    this.#hash.update(buffer);
    this.bytes += buffer.length;
  }

  /** The sha256 of every byte written; once, after close. */
  digest(): string {
    return this.#hash.digest('hex');
  }

  close(): void {
    if (this.#fd < 0) return;
    try {
      this.flush();
    } finally {
      closeSync(this.#fd);
      this.#fd = -1;
    }
  }
}

export function exportRun(runDir: string, request: ExportRequest): ExportResult {
  const files = readRunFiles(runDir);
  const { manifest, machineCount, scenarioKnown } = files;
  const recorded = recordedLogsOf(files);
  const outPath = request.outPath ?? join(runDir, defaultExportFileNames[request.format]);
  refuseRunFile(runDir, outPath, '--out');
  checkWritable(
    outPath,
    outputFilePlace(outPath, request.outPath !== null, request.force === true),
  );
  // Every log is opened (and its header checked), and faults.csv read, before anything is created.
  // The faults drawn are the run's: a faults.csv the run did not write, or none where the manifest
  // names faults, is refused as analyze refuses it (an assembled manifest records no faults.csv).
  const faults = readRunFaults(runDir, manifest?.durationUs ?? 0, recorded);
  const readers = openRunLogs(runDir, machineCount);
  let output: ChunkedFileWriter | null = null;
  let finished = false;
  try {
    output = openTemporaryOutput(outPath);
    const write = output.write.bind(output);
    // Hand-started machines' reports of earlier versions carry no rates (placeholders then).
    const ratesHz = manifest !== null && scenarioKnown ? manifest.scenario.rates : null;
    let counts: ReturnType<typeof feedFormat>;
    try {
      counts =
        request.format === 'shiviz'
          ? feedFormat(readers, new ShivizFormat(machineCount, write, faults), faults)
          : feedFormat(
              readers,
              new PerfettoFormat({ machineCount, ratesHz, write, faults }),
              faults,
            );
    } catch (error) {
      throw withLogPath(error, runDir);
    }
    // The logs are held to the manifest as analyze holds them (their sha256, rows and bytes were
    // counted as they were read): an edited log was exported as the run, with exit code 0.
    if (recorded !== null) refuseChangedLogs(runDir, recorded, readers);
    output.close();
    renameSync(output.path, outPath);
    finished = true;
    recordOwnedFiles(dirname(outPath), [
      { file: basename(outPath), sha256: output.digest(), bytes: output.bytes },
    ]);
    return {
      format: request.format,
      outPath,
      machines: machineCount,
      events: counts.events,
      messagesReceived: counts.received,
      bytes: output.bytes,
    };
  } finally {
    closeRunLogs(readers);
    if (!finished && output !== null) {
      try {
        output.close();
      } finally {
        rmSync(output.path, { force: true });
      }
    }
  }
}

function openTemporaryOutput(outPath: string): ChunkedFileWriter {
  // Next to the target, so the final rename stays on one file system.
  const temporaryPath = `${outPath}.${process.pid}.partial`;
  try {
    return new ChunkedFileWriter(temporaryPath, openSync(temporaryPath, 'w'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unwritable';
    const reason = code === 'ENOENT' ? 'no such directory' : code;
    throw new InputError(`--out ${outPath}: cannot write the file (${reason})`);
  }
}

/** What a receive needs of its send: the format's note and which receivers are still to come. */
interface InTransit<SendNote> {
  readonly note: SendNote;
  readonly receiverIds: readonly number[];
  /** receiverIds strictly ascending (ours always are): a receive finds its copy by bisection. */
  readonly ascending: boolean;
  readonly received: boolean[];
  waiting: number;
  /** Duplicated copies (a fault) received so far: they come after the receivers' copies. */
  duplicatesReceived: number;
}

/**
 * The export's side of the causal merge: matches each receive to its send and hands both to the
 * format. A receive waits until its sender's log has reached the message's seq; one fed while
 * it still waits (every log waits: a receive before its send) is refused.
 */
class ExportFeed<SendNote> implements CausalConsumer {
  readonly #format: RunFormat<SendNote>;
  readonly #machineCount: number;
  /** The seq of each machine's last row fed. */
  readonly #lastSeq: Float64Array;
  // Keyed by seq × machineCount + sender: one number, no string per message.
  readonly #inTransit = new Map<number, InTransit<SendNote>>();
  /** A run with faults: the copies delivered twice; null without faults. */
  readonly #duplicates: DuplicateCopies | null;
  events = 0;
  received = 0;

  constructor(
    format: RunFormat<SendNote>,
    machineCount: number,
    duplicates: DuplicateCopies | null,
  ) {
    this.#format = format;
    this.#machineCount = machineCount;
    this.#lastSeq = new Float64Array(machineCount);
    this.#duplicates = duplicates;
  }

  /** The sender has not logged the message's seq yet (a sender outside the run never will). */
  mustWait(row: ReceiveRow): boolean {
    if (row.msgSender >= this.#machineCount) return false;
    return (this.#lastSeq[row.msgSender] as number) < row.msgSeq;
  }

  accept(row: ParsedLogRow, machineId: number, nextRow: ParsedLogRow | undefined): void {
    if (row.kind === 'receive' && this.mustWait(row)) throw receiveWithoutSend(row, machineId);
    this.#lastSeq[machineId] = row.seq;
    this.events += 1;
    const nextTimeUs = nextRow === undefined ? null : nextRow.timeUs;
    const machineCount = this.#machineCount;
    switch (row.kind) {
      case 'internal':
        this.#format.internal(row, machineId, nextTimeUs);
        break;
      case 'send': {
        const extra = this.#duplicates?.extraCopies(`${row.msgSender}-${row.msgSeq}`) ?? 0;
        const note = this.#format.send(row, machineId, nextTimeUs, extra);
        const entry = {
          note,
          receiverIds: row.receiverIds,
          ascending: isStrictlyAscending(row.receiverIds),
          received: row.receiverIds.map(() => false),
          waiting: row.receiverIds.length + extra,
          duplicatesReceived: 0,
        };
        this.#inTransit.set(row.seq * machineCount + machineId, entry);
        break;
      }
      case 'receive':
        this.#receive(row, machineId, nextTimeUs);
        break;
      case 'restart':
        this.#format.internal(row, machineId, nextTimeUs);
        break;
      default:
        assertNever(row, 'row');
    }
  }

  #receive(row: ReceiveRow, machineId: number, nextTimeUs: number | null): void {
    const key = row.msgSeq * this.#machineCount + row.msgSender;
    // A sender outside the run sent nothing; its key would be another machine's message's.
    const entry = row.msgSender < this.#machineCount ? this.#inTransit.get(key) : undefined;
    let copyIndex = entry === undefined ? -1 : copyIndexOf(entry, machineId);
    if (entry === undefined || copyIndex < 0) throw receiveWithoutSend(row, machineId);
    if (entry.received[copyIndex] === true) {
      // Received twice: only a copy faults.csv records as duplicated may be; its own arrow.
      const msgId = `${row.msgSender}-${row.msgSeq}`;
      if (this.#duplicates?.take(msgId, machineId) !== true) {
        throw receiveWithoutSend(row, machineId);
      }
      copyIndex = entry.receiverIds.length + entry.duplicatesReceived;
      entry.duplicatesReceived += 1;
    } else {
      entry.received[copyIndex] = true;
    }
    entry.waiting -= 1;
    if (entry.waiting === 0) this.#inTransit.delete(key);
    this.received += 1;
    this.#format.receive(row, machineId, nextTimeUs, entry.note, copyIndex);
  }
}

/**
 * Which copy of the send a receiver's is: its index among the receivers. A scan would make each
 * receive of a broadcast to N machines cost O(N).
 */
function copyIndexOf(entry: InTransit<unknown>, machineId: number): number {
  const ids = entry.receiverIds;
  if (!entry.ascending) return ids.indexOf(machineId);
  let low = 0;
  let high = ids.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const id = ids[middle] as number;
    if (id === machineId) return middle;
    if (id < machineId) low = middle + 1;
    else high = middle - 1;
  }
  return -1;
}

function isStrictlyAscending(ids: readonly number[]): boolean {
  for (let index = 1; index < ids.length; index += 1) {
    if ((ids[index] as number) <= (ids[index - 1] as number)) return false;
  }
  return true;
}

/** Every row to the format, in causal order, between its begin() and end(). */
function feedFormat<SendNote>(
  readers: readonly LogReader[],
  format: RunFormat<SendNote>,
  faults: RunFaults | null,
): ExportFeed<SendNote> {
  const duplicates = faults === null ? null : new DuplicateCopies(faults);
  const feed = new ExportFeed(format, readers.length, duplicates);
  format.begin();
  feedInCausalOrder(readers, feed);
  format.end();
  return feed;
}

function receiveWithoutSend(row: ReceiveRow, machineId: number): InputError {
  const message = `${row.msgSender}-${row.msgSeq}`;
  return new InputError(
    `${row.file}:${row.line}: a receive of message ${message}, which machine ${row.msgSender} did not log as sent to machine ${machineId} before it (or it was received twice): the logs break happens-before and cannot be exported (\`npx lamport-lab check <run-dir>\` names every broken rule)`,
  );
}
