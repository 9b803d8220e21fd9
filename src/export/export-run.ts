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
 * naming file:line (`check` says more about such logs). The merge follows check's
 * (causal-merge.ts) but hands each row over with the time of its machine's next row, read first:
 * that is what lets a Perfetto slice end before the machine's next one begins.
 *
 * The output is written to a temporary file next to it and renamed into place at the end, so a
 * refused export leaves nothing behind and a finished one never leaves half a file.
 */
import { closeSync, existsSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { LogReader } from '../check/log-reader.js';
import type { ParsedLogRow } from '../check/log-row.js';
import { readRunFiles } from '../check/run-manifest.js';
import { InputError } from '../errors.js';
import { logFileName } from '../log-format.js';
import { manifestFileName } from '../manifest.js';
import { PerfettoFormat } from './perfetto.js';
import { ShivizFormat } from './shiviz.js';

export const exportFormats = ['shiviz', 'perfetto'] as const;
export type ExportFormat = (typeof exportFormats)[number];

/** File names of the default outputs, in the run directory. */
export const defaultExportFileNames: Readonly<Record<ExportFormat, string>> = {
  shiviz: 'run.shiviz.log',
  perfetto: 'run.perfetto.json',
};

export interface ExportRequest {
  readonly format: ExportFormat;
  /** Where the output goes; null for `<run-dir>/run.shiviz.log` or `<run-dir>/run.perfetto.json`. */
  readonly outPath: string | null;
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

export type SendRow = Extract<ParsedLogRow, { kind: 'send' }>;
export type ReceiveRow = Extract<ParsedLogRow, { kind: 'receive' }>;
export type InternalRow = Extract<ParsedLogRow, { kind: 'internal' }>;

/**
 * How one output format spells a run. Rows come in causal order, each machine's in its own order.
 * `nextTimeUs` is the time of the same machine's next row (null for its last), so a format can
 * size what it draws without looking ahead itself. `send` returns what a receive of that message
 * needs from its send (a vector clock, a flow id); `receive` gets it back with the index of this
 * copy in the send's receivers.
 */
export interface RunFormat<SendNote> {
  begin(): void;
  internal(row: InternalRow, machineId: number, nextTimeUs: number | null): void;
  send(row: SendRow, machineId: number, nextTimeUs: number | null): SendNote;
  receive(
    row: ReceiveRow,
    machineId: number,
    nextTimeUs: number | null,
    sent: SendNote,
    copyIndex: number,
  ): void;
  end(): void;
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
    this.bytes += buffer.length;
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
  const { manifest, machineCount, assembled } = readRunFiles(runDir);
  const outPath = request.outPath ?? join(runDir, defaultExportFileNames[request.format]);
  refuseRunFileAsOutput(runDir, machineCount, outPath);
  const readers: LogReader[] = [];
  let output: ChunkedFileWriter | null = null;
  let finished = false;
  try {
    // Every log is opened (and its header checked) before anything is created.
    for (let id = 0; id < machineCount; id += 1)
      readers.push(new LogReader(join(runDir, logFileName(id))));
    output = openTemporaryOutput(outPath);
    const write = output.write.bind(output);
    // Hand-started machines' reports carry no rates; the assembled manifest's 1s are placeholders.
    const ratesHz = manifest !== null && !assembled ? manifest.scenario.rates : null;
    const counts =
      request.format === 'shiviz'
        ? feedInCausalOrder(readers, new ShivizFormat(machineCount, write))
        : feedInCausalOrder(readers, new PerfettoFormat({ machineCount, ratesHz, write }));
    output.close();
    renameSync(output.path, outPath);
    finished = true;
    return {
      format: request.format,
      outPath,
      machines: machineCount,
      events: counts.events,
      messagesReceived: counts.received,
      bytes: output.bytes,
    };
  } finally {
    for (const reader of readers) reader.close();
    if (!finished && output !== null) {
      try {
        output.close();
      } finally {
        rmSync(output.path, { force: true });
      }
    }
  }
}

/** `--out run/machine-0.csv` would destroy the input it is made from. */
function refuseRunFileAsOutput(runDir: string, machineCount: number, outPath: string): void {
  const target = resolve(outPath);
  const inputs = [manifestFileName];
  for (let id = 0; id < machineCount; id += 1) inputs.push(logFileName(id));
  for (const input of inputs) {
    if (resolve(runDir, input) === target) {
      throw new InputError(
        `--out ${outPath}: expected a new file, got the run's own ${input} (it would be overwritten)`,
      );
    }
  }
  if (existsSync(outPath) && statSync(outPath).isDirectory()) {
    throw new InputError(`--out ${outPath}: expected a file, got a directory`);
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

interface FeedCounts {
  readonly events: number;
  readonly received: number;
}

/** What a receive needs of its send: the format's note and which receivers are still to come. */
interface InTransit<SendNote> {
  readonly note: SendNote;
  readonly receiverIds: readonly number[];
  readonly received: boolean[];
  waiting: number;
}

function feedInCausalOrder<SendNote>(
  readers: readonly LogReader[],
  format: RunFormat<SendNote>,
): FeedCounts {
  const machineCount = readers.length;
  const heads: (ParsedLogRow | undefined)[] = readers.map((reader) => reader.next());
  const lastSeq: number[] = readers.map(() => 0);
  // Keyed by seq × machineCount + sender: one number, no string per message.
  const inTransit = new Map<number, InTransit<SendNote>>();
  let events = 0;
  let received = 0;
  format.begin();
  for (;;) {
    let best = -1;
    let firstWaiting = -1;
    for (let id = 0; id < machineCount; id += 1) {
      const head = heads[id];
      if (head === undefined) continue;
      const waits = head.kind === 'receive' && sendNotYetRead(head, machineCount, lastSeq);
      const pool = waits ? firstWaiting : best;
      const better = pool < 0 || earlier(head, id, heads[pool] as ParsedLogRow, pool);
      if (better && waits) firstWaiting = id;
      if (better && !waits) best = id;
    }
    if (best < 0 && firstWaiting < 0) break;
    if (best < 0) throw receiveWithoutSend(heads[firstWaiting] as ReceiveRow, firstWaiting);
    const row = heads[best] as ParsedLogRow;
    const next = (readers[best] as LogReader).next();
    heads[best] = next;
    lastSeq[best] = row.seq;
    events += 1;
    const nextTimeUs = next === undefined ? null : next.timeUs;
    switch (row.kind) {
      case 'internal':
        format.internal(row, best, nextTimeUs);
        break;
      case 'send': {
        const note = format.send(row, best, nextTimeUs);
        const waiting = row.receiverIds.length;
        const receivedFlags = row.receiverIds.map(() => false);
        const entry = { note, receiverIds: row.receiverIds, received: receivedFlags, waiting };
        inTransit.set(row.seq * machineCount + best, entry);
        break;
      }
      case 'receive': {
        const key = row.msgSeq * machineCount + row.msgSender;
        const entry = inTransit.get(key);
        const copyIndex = entry === undefined ? -1 : entry.receiverIds.indexOf(best);
        if (entry === undefined || copyIndex < 0 || entry.received[copyIndex] === true) {
          throw receiveWithoutSend(row, best);
        }
        entry.received[copyIndex] = true;
        entry.waiting -= 1;
        if (entry.waiting === 0) inTransit.delete(key);
        received += 1;
        format.receive(row, best, nextTimeUs, entry.note, copyIndex);
        break;
      }
    }
  }
  format.end();
  return { events, received };
}

/** The sender has not logged the message's seq yet (a sender outside the run never will). */
function sendNotYetRead(
  row: ReceiveRow,
  machineCount: number,
  lastSeq: readonly number[],
): boolean {
  if (row.msgSender >= machineCount) return false;
  return (lastSeq[row.msgSender] as number) < row.msgSeq;
}

function earlier(a: ParsedLogRow, aId: number, b: ParsedLogRow, bId: number): boolean {
  return a.timeUs < b.timeUs || (a.timeUs === b.timeUs && aId < bId);
}

function receiveWithoutSend(row: ReceiveRow, machineId: number): InputError {
  const message = `${row.msgSender}-${row.msgSeq}`;
  return new InputError(
    `${row.file}:${row.line}: a receive of message ${message}, which machine ${row.msgSender} did not log as sent to machine ${machineId} before it (or it was received twice): the logs break happens-before and cannot be exported (lamport-lab check names every broken rule)`,
  );
}
