/**
 * faults.csv held for `check`: every row, read exactly as parseFaultsCsv reads it, but kept in
 * columns rather than as an object per row. A long run's faults.csv has a row per copy a fault
 * touched (a machine crashed for good makes one per copy sent to it), and a FaultRow with its
 * strings and detail cost `check` about 500 bytes a row (347 MB for a 2 M-event run whose
 * machine crashed early, against 81 MB without the crash).
 *
 * A per-copy row (drop, duplicate, delay, corrupt) goes into typed arrays when the columns give
 * its line back character for character (that is checked as it is read: the simulator writes
 * every such row that way). Any other row (the state rows, few: one per fault action; a row
 * written by hand in another form) is kept whole. So every row reads back exactly as
 * parseFaultsCsv gives it, and `check`'s messages, which quote rows, do not change.
 */
import { InvariantError } from '../../core/index.js';
import { FaultDetail } from './fault-detail.js';
import { checkFaultsHeader, type FaultRow, faultColumns, parseFaultRow } from './faults-format.js';

/** What a row in columns is: its action and the detail keys it has. */
const codeKept = 0;
const codeDropLoss = 1;
const codeDropPartition = 2;
const codeDropCrash = 3;
const codeDuplicate = 4;
const codeDelay = 5;
const codeCorrupt = 6;
const codeCorruptClamped = 7;

/** The `fault` column of each code (codeKept: the row is kept whole). */
const actionOfCode = ['', 'drop', 'drop', 'drop', 'duplicate', 'delay', 'corrupt', 'corrupt'];

const reasonOfCode = ['', 'loss', 'partition', 'crash'];

const int32Max = 0x7fffffff;

const newline = 0x0a;

/** Whether `value` fits the Int32 columns (ids, seqs and indices are whole numbers >= 0). */
function fitsInt32(value: number): boolean {
  return Number.isInteger(value) && value >= 0 && value <= int32Max;
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
   * Reads faults.csv's bytes (UTF-8) line by line, never as one string: throws FaultsFormatError
   * naming the first bad line, as parseFaultsCsv does for the same text.
   */
  static parse(bytes: Buffer): FaultRowStore {
    // A newline byte is never part of a longer UTF-8 sequence: cutting the bytes at newlines and
    // decoding each piece gives the lines the decoded text would split into.
    let lines = 0;
    for (let at = bytes.indexOf(newline); at >= 0; at = bytes.indexOf(newline, at + 1)) lines += 1;
    // The text after the last newline is a line of its own unless it is empty.
    const ends = bytes.length === 0 || bytes[bytes.length - 1] === newline ? lines : lines + 1;
    let start = 0;
    const next = (): string => {
      const end = bytes.indexOf(newline, start);
      const stop = end < 0 ? bytes.length : end;
      const line = bytes.toString('utf8', start, stop);
      start = stop + 1;
      return line;
    };
    checkFaultsHeader(ends === 0 ? undefined : next());
    const store = new FaultRowStore(Math.max(0, ends - 1));
    const commas = new Int32Array(faultColumns.length - 1);
    for (let at = 0; at < store.length; at += 1) {
      const line = next();
      store.#add(at, parseFaultRow(line, at + 2, commas), line);
    }
    return store;
  }

  /** Row `at`, read from `line`: in columns when they give `line` back, else whole. */
  #add(at: number, row: FaultRow, line: string): void {
    const code = compactCode(row);
    const dash = row.msgId.indexOf('-');
    const seq = Number(row.msgId.slice(dash + 1));
    if (
      code === codeKept ||
      !fitsInt32(row.machine) ||
      !fitsInt32(row.peer) ||
      !fitsInt32(seq) ||
      !fitsInt32(row.faultIndex)
    ) {
      this.#whole.set(at, row);
      return;
    }
    this.#timeMs[at] = row.timeMs;
    this.#code[at] = code;
    this.#machine[at] = row.machine;
    this.#peer[at] = row.peer;
    this.#seq[at] = seq;
    this.#faultIndex[at] = row.faultIndex;
    if (code === codeDelay) this.#values()[0][at] = Number(row.detail.get('extraMs'));
    if (code === codeCorrupt || code === codeCorruptClamped) {
      const [valueA, valueB] = this.#values();
      valueA[at] = Number(row.detail.get('true'));
      valueB[at] = Number(row.detail.get('carried'));
    }
    // The columns must give the line back: anything they would not (a number written another
    // way, a key more or out of order) keeps the row whole.
    if (this.#lineOf(at) !== line) {
      this.#code[at] = codeKept;
      this.#whole.set(at, row);
    }
  }

  #values(): [Float64Array, Float64Array] {
    this.#valueA ??= new Float64Array(this.length);
    this.#valueB ??= new Float64Array(this.length);
    return [this.#valueA, this.#valueB];
  }

  /** The text of a row in columns, as faultRowLine writes it. */
  #lineOf(at: number): string {
    const peer = this.#peer[at] as number;
    return `${this.#timeMs[at]},${this.fault(at)},${this.#machine[at]},${peer},${peer}-${this.#seq[at]},${this.#detailText(at)}`;
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

/** The code a row would have in columns (codeKept when it is no per-copy row of a known form). */
function compactCode(row: FaultRow): number {
  switch (row.fault) {
    case 'drop': {
      const reason = reasonOfCode.indexOf(row.detail.get('reason') ?? '');
      return reason > 0 ? reason : codeKept;
    }
    case 'duplicate':
      return codeDuplicate;
    case 'delay':
      return codeDelay;
    case 'corrupt':
      return row.detail.get('clamped') === 'true' ? codeCorruptClamped : codeCorrupt;
    default:
      return codeKept;
  }
}
