/**
 * Reads one machine log as a stream of parsed rows, a chunk at a time, so a log of any size
 * is read in bounded memory. Anything that is not our format (a bad header, a wrong column
 * count, a non-number where a number belongs) is an unreadable-input error naming file:line.
 *
 * A run of many machines reads many logs at once (run-logs.ts sizes them): each reader can take
 * smaller chunks, and can open its file for each chunk and close it after, so 10 000 logs need
 * neither 10 GB of buffers nor 10 000 open files.
 */
import { createHash, type Hash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import { basename, join } from 'node:path';
import { assert } from '../../core/index.js';
import { InputError } from '../common/errors.js';
import { logColumns } from './format.js';
import { unhashedSha256 } from './log-file-digest.js';
import type { ParsedLogRow } from './log-row.js';
import { parseRowBytes, RowPool, ScannedRow, scannedRow, scanRow } from './row-bytes.js';

/** The largest chunk, and the default: few reads for a long log of a small run. */
export const logChunkBytesMax = 1 << 20;
const expectedHeader = logColumns.join(',');
const newline = 0x0a;

export interface LogReaderOptions {
  /** Bytes read at a time, at most logChunkBytesMax. */
  readonly chunkBytes?: number;
  /**
   * Keep the file open from the constructor to close() (fastest); false opens it for each chunk
   * and closes it after, so the reader holds no file descriptor between reads.
   */
  readonly holdOpen?: boolean;
  /**
   * Reuse row objects (see RowPool): only for a consumer that keeps no row past the next two
   * rows read from this log, as `check` does.
   */
  readonly reuseRows?: boolean;
  /**
   * The log's bytes, already in memory (a run checked in the caller's process, issue 22): read
   * from them exactly as from the file, so rows, line numbers and sha256 are the file's.
   */
  readonly bytes?: Uint8Array;
  /**
   * False: the bytes are not hashed and sha256() gives unhashedSha256 (a run in memory whose
   * maker stated that for them: RunInMemory.unhashed). Default true.
   */
  readonly hashed?: boolean;
}

export class LogReader {
  /** The file's name alone: how the manifest lists it, and how rows name it. */
  readonly fileName: string;
  /**
   * The path as the user gave it (`logs/x/machine-0.csv`): every error it raises names this,
   * so the line can be opened from where the command ran.
   */
  readonly #path: string;
  readonly #chunkBytes: number;
  readonly #holdOpen: boolean;
  readonly #pool: RowPool | null;
  /** The log's bytes when it is read from memory; null for a file. */
  readonly #memory: Uint8Array | null;
  /** Without a pool, what the fast path scans a row into before copying it out. */
  readonly #scratch = new ScannedRow();
  #fd = -1;
  /** Where the next chunk starts in the file. */
  #position = 0;
  /**
   * The reader's own bytes: rows are parsed from them where they lie, so the unread rest of a
   * chunk must survive other readers' reads. Grows only for a line longer than it.
   */
  #buffer: Buffer;
  /** The unparsed bytes are #buffer[#start, #end). */
  #start = 0;
  #end = 0;
  /** The current line is #buffer[#lineStart, #lineEnd), without its newline. */
  #lineStart = 0;
  #lineEnd = 0;
  #lineNumber = 0;
  #eof = false;
  /** The file's last line had no newline after it: every row we write ends with one. */
  #endsMidRow = false;
  /** Null when the reader does not hash (options.hashed false). */
  readonly #hash: Hash | null;
  /** Bytes read so far, and data rows returned so far. */
  bytes = 0;
  rows = 0;

  constructor(path: string, options: LogReaderOptions = {}) {
    this.fileName = basename(path);
    this.#path = path;
    this.#chunkBytes = options.chunkBytes ?? logChunkBytesMax;
    this.#holdOpen = options.holdOpen ?? true;
    this.#pool = options.reuseRows === true ? new RowPool() : null;
    this.#memory = options.bytes ?? null;
    this.#hash = options.hashed === false ? null : createHash('sha256');
    assert(
      Number.isSafeInteger(this.#chunkBytes) &&
        this.#chunkBytes > 0 &&
        this.#chunkBytes <= logChunkBytesMax,
      'a chunk size of at most logChunkBytesMax',
    );
    // A log in memory needs no more room than its own bytes (and one more, so that the read
    // that finds its end does not grow the buffer): explore checks thousands of trials of a few
    // KB each, and a megabyte per log was most of the garbage its collector had to chase.
    const bufferBytes =
      this.#memory === null
        ? this.#chunkBytes
        : Math.min(this.#chunkBytes, this.#memory.length + 1);
    this.#buffer = Buffer.allocUnsafe(bufferBytes);
    if (this.#holdOpen && this.#memory === null) this.#fd = this.#open();
    const header = this.#nextLine() ? this.#lineText() : undefined;
    if (header !== expectedHeader) {
      this.close();
      const found = header === undefined ? 'an empty file' : JSON.stringify(header);
      throw new InputError(
        `${this.#path}:1: expected the header "${expectedHeader}", got ${found}`,
      );
    }
  }

  /** The next row, or undefined at the end of the file. */
  next(): ParsedLogRow | undefined {
    // The common case: a whole row in the bytes read, scanned and its end found in one pass
    // (no separate search for the newline, a native call per row). A row the scan refuses, or
    // one that runs into the end of what was read, takes the line-by-line path below.
    if (this.#start < this.#end) {
      const row = this.#pool === null ? this.#scratch : this.#pool.peek();
      const stop = scanRow(this.#buffer, this.#start, this.#end, row);
      if (stop >= 0 && stop < this.#end) {
        this.#takeLine(stop, stop + 1);
        this.rows += 1;
        return scannedRow(row, this.fileName, this.#lineNumber, this.#pool);
      }
    }
    if (!this.#nextLine()) return undefined;
    this.rows += 1;
    const fast = parseRowBytes(
      this.#buffer,
      this.#lineStart,
      this.#lineEnd,
      this.fileName,
      this.#lineNumber,
      this.#pool,
    );
    if (fast !== undefined) return fast;
    try {
      return parseRow(this.#lineText(), this.fileName, this.#lineNumber);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      // Rows name their file alone (the checker's locations); the error names its path.
      const message = error.message.startsWith(`${this.fileName}:`)
        ? `${this.#path}${error.message.slice(this.fileName.length)}`
        : error.message;
      // A row cut short where the writer stopped (a full disk, a killed process) reads as a bad
      // row; say what more likely happened. A last row that parses is taken as it is.
      const isCutLastRow = this.#endsMidRow && this.#eof && this.#start >= this.#end;
      if (!isCutLastRow) throw new InputError(message);
      throw new InputError(
        `${message} (the file ends in the middle of this row: the run that wrote it ` +
          'may have been cut short)',
      );
    }
  }

  /**
   * The sha256 of every byte read; complete once next() has returned undefined. Without hashing
   * (options.hashed false), unhashedSha256.
   */
  sha256(): string {
    return this.#hash === null ? unhashedSha256 : this.#hash.copy().digest('hex');
  }

  close(): void {
    if (this.#fd >= 0) closeSync(this.#fd);
    this.#fd = -1;
  }

  #open(): number {
    try {
      return openSync(this.#path, 'r');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
      throw new InputError(
        `${this.#path}: cannot read the log (${code === 'ENOENT' ? 'no such file' : code})`,
      );
    }
  }

  #lineText(): string {
    return this.#buffer.toString('latin1', this.#lineStart, this.#lineEnd);
  }

  /** Moves to the next line (#lineStart, #lineEnd); false at the end of the file. */
  #nextLine(): boolean {
    for (;;) {
      if (this.#start < this.#end) {
        const at = this.#buffer.indexOf(newline, this.#start);
        if (at >= 0 && at < this.#end) {
          this.#takeLine(at, at + 1);
          return true;
        }
        if (this.#eof) {
          // The last line, with no newline after it.
          this.#endsMidRow = true;
          this.#takeLine(this.#end, this.#end);
          return true;
        }
      } else if (this.#eof) {
        return false;
      }
      this.#fill();
    }
  }

  #takeLine(lineEnd: number, next: number): void {
    this.#lineNumber += 1;
    this.#lineStart = this.#start;
    this.#lineEnd = lineEnd;
    this.#start = next;
  }

  /** Reads the next chunk after the unparsed bytes (moved to the front; the buffer doubled if full). */
  #fill(): void {
    const pending = this.#end - this.#start;
    if (this.#start > 0) {
      this.#buffer.copyWithin(0, this.#start, this.#end);
      this.#start = 0;
      this.#end = pending;
    }
    if (this.#end === this.#buffer.length) {
      // A line longer than the buffer (a broadcast to thousands of machines).
      const grown = Buffer.allocUnsafe(2 * this.#buffer.length);
      this.#buffer.copy(grown, 0, 0, this.#end);
      this.#buffer = grown;
    }
    const length = Math.min(this.#chunkBytes, this.#buffer.length - this.#end);
    const read =
      this.#memory !== null
        ? this.#copyFromMemory(this.#memory, length)
        : this.#holdOpen
          ? this.#read(this.#fd, length)
          : this.#readOnce(length);
    this.#hash?.update(this.#buffer.subarray(this.#end, this.#end + read));
    this.bytes += read;
    this.#position += read;
    this.#end += read;
    if (read === 0) this.#eof = true;
  }

  #read(fd: number, length: number): number {
    try {
      return readSync(fd, this.#buffer, this.#end, length, this.#position);
    } catch (error) {
      // A directory where a log belongs opens but cannot be read: Node's words name no file.
      const code = (error as NodeJS.ErrnoException).code;
      if (code === undefined) throw error;
      const why = code === 'EISDIR' ? 'it is a directory' : code;
      throw new InputError(`${this.#path}: cannot read the log (${why})`);
    }
  }

  /** One chunk of a log held in memory, as a read of the file would give it. */
  #copyFromMemory(memory: Uint8Array, length: number): number {
    const end = Math.min(memory.length, this.#position + length);
    this.#buffer.set(memory.subarray(this.#position, end), this.#end);
    return end - this.#position;
  }

  /** One chunk with the file open only for the read. */
  #readOnce(length: number): number {
    const fd = this.#open();
    try {
      return this.#read(fd, length);
    } finally {
      closeSync(fd);
    }
  }
}

/**
 * Parses one data line exactly, naming what is wrong: the slow path behind parseRowBytes
 * (row-bytes.ts), taken for a row the fast path does not accept.
 */
export function parseRow(text: string, file: string, line: number): ParsedLogRow {
  const commas = commaPositions(text, file, line);
  // Column k spans from after comma k-1 to comma k (the line's ends for the first and last).
  // Written out, not as [start, end] pairs: those were nine arrays of garbage per row.
  const comma = (index: number): number => commas[index] as number;
  const at = { file, line, text };
  const machine = natural(at, 'machine', 0, comma(0));
  const seq = natural(at, 'seq', comma(0) + 1, comma(1));
  const timeUs = parseTimeUs(at, comma(2) + 1, comma(3));
  const clock = natural(at, 'logical_clock', comma(3) + 1, comma(4));
  const queueLength = natural(at, 'queue_length', comma(4) + 1, comma(5));
  const peersStart = comma(5) + 1;
  const peersEnd = comma(6);
  const idStart = comma(6) + 1;
  const idEnd = comma(7);
  const msgClockStart = comma(7) + 1;
  const msgClockEnd = text.length;
  const kind = text.slice(comma(1) + 1, comma(2));
  switch (kind) {
    case 'internal':
    case 'restart':
      if (peersEnd > peersStart || idEnd > idStart || msgClockEnd > msgClockStart) {
        throw new InputError(`${file}:${line}: a row of ${kind} has no peers, msg_id or msg_clock`);
      }
      return { kind, machine, seq, timeUs, clock, queueLength, file, line };
    case 'send': {
      const receiverIds = naturalList(at, peersStart, peersEnd);
      const [msgSender, msgSeq] = messageId(at, idStart, idEnd);
      const msgClock = natural(at, 'msg_clock', msgClockStart, msgClockEnd);
      return {
        kind,
        machine,
        seq,
        timeUs,
        clock,
        queueLength,
        file,
        line,
        receiverIds,
        msgSender,
        msgSeq,
        msgClock,
      };
    }
    case 'receive': {
      const peer = natural(at, 'peers', peersStart, peersEnd);
      const [msgSender, msgSeq] = messageId(at, idStart, idEnd);
      const msgClock = natural(at, 'msg_clock', msgClockStart, msgClockEnd);
      return {
        kind,
        machine,
        seq,
        timeUs,
        clock,
        queueLength,
        file,
        line,
        peer,
        msgSender,
        msgSeq,
        msgClock,
      };
    }
    default:
      throw new InputError(
        `${file}:${line}: event: expected internal, send, receive or restart, got ${JSON.stringify(kind)}`,
      );
  }
}

interface LineAt {
  readonly file: string;
  readonly line: number;
  readonly text: string;
}

function commaPositions(text: string, file: string, line: number): number[] {
  const commas: number[] = [];
  for (let index = text.indexOf(','); index >= 0; index = text.indexOf(',', index + 1)) {
    commas.push(index);
  }
  if (commas.length !== logColumns.length - 1) {
    throw new InputError(
      `${file}:${line}: expected ${logColumns.length} columns, got ${commas.length + 1}`,
    );
  }
  return commas;
}

const digitZero = 48;
const digitNine = 57;

/** A whole number >= 0 without leading zeros, from text[start, end). */
function natural(at: LineAt, column: string, start: number, end: number): number {
  let value = 0;
  const text = at.text;
  const valid = end > start && (end - start === 1 || text.charCodeAt(start) !== digitZero);
  for (let index = start; valid && index < end; index += 1) {
    const code = text.charCodeAt(index);
    if (code < digitZero || code > digitNine) return badNatural(at, column, start, end);
    value = value * 10 + (code - digitZero);
  }
  if (!valid || !Number.isSafeInteger(value)) return badNatural(at, column, start, end);
  return value;
}

function badNatural(at: LineAt, column: string, start: number, end: number): never {
  const got = JSON.stringify(at.text.slice(start, end));
  throw new InputError(
    `${at.file}:${at.line}: ${column}: expected a whole number >= 0, got ${got}`,
  );
}

function naturalList(at: LineAt, start: number, end: number): number[] {
  const values: number[] = [];
  let from = start;
  for (let index = start; index <= end; index += 1) {
    if (index === end || at.text.charCodeAt(index) === 0x3b) {
      values.push(natural(at, 'peers', from, index));
      from = index + 1;
    }
  }
  return values;
}

/** `time_ms` with at most 3 decimals, as integer µs. */
function parseTimeUs(at: LineAt, start: number, end: number): number {
  const dot = at.text.indexOf('.', start);
  if (dot < 0 || dot >= end) return natural(at, 'time_ms', start, end) * 1000;
  const decimals = end - dot - 1;
  if (decimals < 1 || decimals > 3) {
    const got = JSON.stringify(at.text.slice(start, end));
    throw new InputError(
      `${at.file}:${at.line}: time_ms: expected ms with at most 3 decimals, got ${got}`,
    );
  }
  const whole = natural(at, 'time_ms', start, dot);
  let fraction = 0;
  for (let index = dot + 1; index < end; index += 1) {
    const code = at.text.charCodeAt(index);
    if (code < digitZero || code > digitNine) return badNatural(at, 'time_ms', start, end);
    fraction = fraction * 10 + (code - digitZero);
  }
  return whole * 1000 + fraction * 10 ** (3 - decimals);
}

/** `<sender>-<seq>`. */
function messageId(at: LineAt, start: number, end: number): [number, number] {
  const dash = at.text.indexOf('-', start);
  if (dash < 0 || dash >= end) {
    const got = JSON.stringify(at.text.slice(start, end));
    throw new InputError(`${at.file}:${at.line}: msg_id: expected <sender>-<seq>, got ${got}`);
  }
  return [natural(at, 'msg_id', start, dash), natural(at, 'msg_id', dash + 1, end)];
}

/**
 * An error that names a run's log by its file name alone (a row's location: `machine-0.csv:40`),
 * named instead by its path from where the command ran (`logs/x/machine-0.csv:40`); any other
 * error as it is. For the edges that turn such an error into the line the user reads.
 */
export function withLogPath(error: unknown, runDir: string): unknown {
  if (!(error instanceof InputError)) return error;
  const file = /^machine-\d+\.csv(?=:)/.exec(error.message)?.[0];
  if (file === undefined) return error;
  return new InputError(`${join(runDir, file)}${error.message.slice(file.length)}`);
}
