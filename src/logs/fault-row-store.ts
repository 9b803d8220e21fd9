/**
 * faults.csv held for `check`: every row, read exactly as parseFaultsCsv reads it, but kept in
 * columns rather than as an object per row. A long run's faults.csv has a row per copy a fault
 * touched (a machine crashed for good makes one per copy sent to it), and a FaultRow with its
 * strings and detail cost `check` about 500 bytes a row (347 MB for a 2 M-event run whose
 * machine crashed early, against 81 MB without the crash).
 *
 * A per-copy row (drop, duplicate, delay, corrupt) goes into typed arrays when it is written as
 * the simulator writes it (readCopyRow), so that the columns give its line back character for
 * character. Any other row (the state rows, few: one per fault action; a row written by hand
 * in another form) is kept whole. So every row reads back exactly as parseFaultsCsv gives it,
 * and `check`'s messages, which quote rows, do not change.
 */
import { InvariantError } from '../../core/index.js';
import {
  actionOfCode,
  type CopyRowFields,
  codeCorrupt,
  codeCorruptClamped,
  codeDelay,
  codeDropCrash,
  codeDropLoss,
  codeDropPartition,
  codeDuplicate,
  codeKept,
  readCopyRow,
  reasonOfCode,
} from './fault-copy-row.js';
import { FaultDetail } from './fault-detail.js';
import { checkFaultsHeader, type FaultRow, faultColumns, parseFaultRow } from './faults-format.js';
import { ChunkedLines, LineCount, type NextPiece, piecesOf } from './faults-lines.js';

/** `line` as a string of its own: a slice would keep the whole chunk it was cut from. */
function ownCopy(line: string): string {
  return Buffer.from(line, 'utf8').toString('utf8');
}

export class FaultRowStore {
  readonly length: number;
  readonly #timeMs: Float64Array;
  readonly #code: Uint8Array;
  readonly #machine: Int32Array;
  readonly #peer: Int32Array;
  /** The seq of the copy's msg_id (`<peer>-<seq>`). */
  readonly #seq: Int32Array;
  readonly #faultIndex: Int32Array;
  /** delay: extraMs; corrupt: true. Made at the first row that needs it. */
  #valueA: Float64Array | null = null;
  /** corrupt: carried. */
  #valueB: Float64Array | null = null;
  /** The rows not in columns, by row index. */
  readonly #whole = new Map<number, FaultRow>();

  private constructor(length: number) {
    this.length = length;
    this.#timeMs = new Float64Array(length);
    this.#code = new Uint8Array(length);
    this.#machine = new Int32Array(length);
    this.#peer = new Int32Array(length);
    this.#seq = new Int32Array(length);
    this.#faultIndex = new Int32Array(length);
  }

  /**
   * Reads faults.csv's bytes (UTF-8) held in memory: throws FaultsFormatError naming the first
   * bad line, as parseFaultsCsv does for the same text.
   */
  static parse(bytes: Buffer): FaultRowStore {
    const count = new LineCount();
    count.add(bytes);
    return FaultRowStore.parsePieces(count.lines, piecesOf(bytes));
  }

  /**
   * Reads faults.csv given a piece at a time (`lines` lines: LineCount of the same bytes), as
   * parse() reads the whole.
   */
  static parsePieces(lines: number, nextPiece: NextPiece): FaultRowStore {
    const reader = new ChunkedLines(nextPiece);
    checkFaultsHeader(lines === 0 ? undefined : reader.next());
    const store = new FaultRowStore(Math.max(0, lines - 1));
    const commas = new Int32Array(faultColumns.length - 1);
    const fields: CopyRowFields = {
      timeMs: 0,
      code: codeKept,
      machine: 0,
      peer: 0,
      seq: 0,
      faultIndex: 0,
      valueA: 0,
      valueB: 0,
    };
    for (let at = 0; at < store.length; at += 1) {
      const line = reader.next();
      if (readCopyRow(line, fields)) store.#add(at, fields);
      else store.#whole.set(at, parseFaultRow(ownCopy(line), at + 2, commas));
    }
    return store;
  }

  /** Row `at` in columns. */
  #add(at: number, fields: CopyRowFields): void {
    const code = fields.code;
    this.#timeMs[at] = fields.timeMs;
    this.#code[at] = code;
    this.#machine[at] = fields.machine;
    this.#peer[at] = fields.peer;
    this.#seq[at] = fields.seq;
    this.#faultIndex[at] = fields.faultIndex;
    if (code === codeDelay || code === codeCorrupt || code === codeCorruptClamped) {
      const [valueA, valueB] = this.#values();
      valueA[at] = fields.valueA;
      valueB[at] = fields.valueB;
    }
  }

  #values(): [Float64Array, Float64Array] {
    this.#valueA ??= new Float64Array(this.length);
    this.#valueB ??= new Float64Array(this.length);
    return [this.#valueA, this.#valueB];
  }

  #detailText(at: number): string {
    const code = this.#code[at] as number;
    const index = `index=${this.#faultIndex[at]}`;
    switch (code) {
      case codeDropLoss:
      case codeDropPartition:
      case codeDropCrash:
        return `${index};reason=${reasonOfCode[code]}`;
      case codeDuplicate:
        return index;
      case codeDelay:
        return `${index};extraMs=${this.#valueA?.[at]}`;
      case codeCorrupt:
      case codeCorruptClamped: {
        const clamped = code === codeCorruptClamped ? ';clamped=true' : '';
        return `${index};true=${this.#valueA?.[at]};carried=${this.#valueB?.[at]}${clamped}`;
      }
      default:
        throw new InvariantError(`row ${at} of faults.csv is not in columns (code ${code})`);
    }
  }

  /** 1-based line in faults.csv of row `at` (the header is line 1). */
  line(at: number): number {
    return at + 2;
  }

  timeMs(at: number): number {
    return this.#code[at] === codeKept ? this.#kept(at).timeMs : (this.#timeMs[at] as number);
  }

  fault(at: number): string {
    const code = this.#code[at] as number;
    return code === codeKept ? this.#kept(at).fault : (actionOfCode[code] as string);
  }

  /** -1 when empty. */
  machine(at: number): number {
    return this.#code[at] === codeKept ? this.#kept(at).machine : (this.#machine[at] as number);
  }

  /** -1 when empty. */
  peer(at: number): number {
    return this.#code[at] === codeKept ? this.#kept(at).peer : (this.#peer[at] as number);
  }

  faultIndex(at: number): number {
    return this.#code[at] === codeKept
      ? this.#kept(at).faultIndex
      : (this.#faultIndex[at] as number);
  }

  msgId(at: number): string {
    return this.#code[at] === codeKept
      ? this.#kept(at).msgId
      : `${this.#peer[at]}-${this.#seq[at]}`;
  }

  /** The value of detail key `key`, as FaultDetail.get gives it. */
  detail(at: number, key: string): string | undefined {
    const code = this.#code[at] as number;
    if (code === codeKept) return this.#kept(at).detail.get(key);
    if (key === 'index') return String(this.#faultIndex[at]);
    switch (code) {
      case codeDropLoss:
      case codeDropPartition:
      case codeDropCrash:
        return key === 'reason' ? reasonOfCode[code] : undefined;
      case codeDuplicate:
        return undefined;
      case codeDelay:
        return key === 'extraMs' ? String(this.#valueA?.[at]) : undefined;
      default:
        if (key === 'true') return String(this.#valueA?.[at]);
        if (key === 'carried') return String(this.#valueB?.[at]);
        if (key === 'clamped' && code === codeCorruptClamped) return 'true';
        return undefined;
    }
  }

  /**
   * The copy a row in columns names: its seq (its sender is its peer); -1 for a row kept whole
   * (read its msg_id from row()).
   */
  compactSeq(at: number): number {
    return this.#code[at] === codeKept ? -1 : (this.#seq[at] as number);
  }

  /** Row `at` as parseFaultsCsv gives it (made anew for a row in columns). */
  row(at: number): FaultRow {
    if (this.#code[at] === codeKept) return this.#kept(at);
    return {
      line: this.line(at),
      timeMs: this.#timeMs[at] as number,
      fault: this.fault(at),
      machine: this.#machine[at] as number,
      peer: this.#peer[at] as number,
      msgId: this.msgId(at),
      faultIndex: this.#faultIndex[at] as number,
      detail: new FaultDetail(this.#detailText(at)),
    };
  }

  #kept(at: number): FaultRow {
    const row = this.#whole.get(at);
    if (row === undefined) throw new InvariantError(`no row ${at} in faults.csv`);
    return row;
  }
}
