/**
 * The lines of faults.csv for FaultRowStore, read a piece of bytes at a time: neither the file's
 * bytes nor its text is ever whole in memory (a long run's faults.csv has a row per copy a fault
 * touched, and its bytes alone were 47 bytes a row of check's peak, more than its columns).
 * Lines are cut from a chunk of text decoded at once (a string decoded per line took longer than
 * the rest of the reading). A newline byte is never part of a longer UTF-8 sequence, so chunks
 * that end after a newline decode to the text the whole file would.
 */

const newline = 0x0a;

/** Bytes read or decoded at a time. */
export const pieceBytes = 1 << 16;

/** Successive pieces of a file's bytes, then null. A piece's memory may be reused after. */
export type NextPiece = () => Buffer | null;

/** The pieces of bytes held in memory. */
export function piecesOf(bytes: Buffer): NextPiece {
  let from = 0;
  return () => {
    if (from >= bytes.length) return null;
    const piece = bytes.subarray(from, from + pieceBytes);
    from += piece.length;
    return piece;
  };
}

/** The number of lines parseFaultsCsv would read from bytes given a piece at a time. */
export class LineCount {
  #newlines = 0;
  #bytes = 0;
  #lastByte = -1;

  add(piece: Buffer): void {
    for (let at = piece.indexOf(newline); at >= 0; at = piece.indexOf(newline, at + 1)) {
      this.#newlines += 1;
    }
    this.#bytes += piece.length;
    if (piece.length > 0) this.#lastByte = piece[piece.length - 1] as number;
  }

  /** As parseFaultsCsv splits: the text after the last newline is a line unless it is empty. */
  get lines(): number {
    return this.#bytes === 0 || this.#lastByte === newline ? this.#newlines : this.#newlines + 1;
  }
}

export class ChunkedLines {
  readonly #nextPiece: NextPiece;
  #chunk = '';
  #at = 0;
  /** The bytes after the last newline read so far (a copy: pieces are reused). */
  #pending: Buffer = Buffer.alloc(0);

  constructor(nextPiece: NextPiece) {
    this.#nextPiece = nextPiece;
  }

  /** The next line, without its newline: only as many as LineCount counts. */
  next(): string {
    if (this.#at >= this.#chunk.length) this.#load();
    const end = this.#chunk.indexOf('\n', this.#at);
    const stop = end < 0 ? this.#chunk.length : end;
    const line = this.#chunk.slice(this.#at, stop);
    this.#at = stop + 1;
    return line;
  }

  /** The next chunk: the pending bytes and pieces up to a newline (or the end). */
  #load(): void {
    let pending = this.#pending;
    for (;;) {
      const piece = this.#nextPiece();
      if (piece === null) {
        this.#chunk = pending.toString('utf8');
        this.#pending = Buffer.alloc(0);
        break;
      }
      const last = piece.lastIndexOf(newline);
      if (last < 0) {
        pending = Buffer.concat([pending, piece]);
        continue;
      }
      const head = piece.subarray(0, last + 1);
      this.#chunk = (pending.length === 0 ? head : Buffer.concat([pending, head])).toString('utf8');
      this.#pending = Buffer.from(piece.subarray(last + 1));
      break;
    }
    this.#at = 0;
  }
}
