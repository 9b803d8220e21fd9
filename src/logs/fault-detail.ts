/**
 * The `detail` column of a faults.csv row (`key=value` pairs joined by `;`), kept as its text and
 * read on demand. A run's faults.csv has a row per copy a fault touched (tens of thousands in a
 * long run), and a Map per row made reading it back cost more than the rest of the analysis of
 * a run with faults (garbage collection included); a row's detail is asked for a key or two.
 */
export class FaultDetail {
  readonly #text: string;

  /** `text` must be well formed: see `problemOf`. */
  constructor(text: string) {
    this.#text = text;
  }

  /**
   * What is wrong with a detail text, in words, or null: every `;`-separated pair needs a key
   * before its `=`.
   */
  static problemOf(text: string): string | null {
    let start = 0;
    for (;;) {
      const end = text.indexOf(';', start);
      const stop = end < 0 ? text.length : end;
      const equals = text.indexOf('=', start);
      if (equals <= start || equals >= stop)
        return `detail: expected key=value, got "${text.slice(start, stop)}"`;
      if (end < 0) return null;
      start = end + 1;
    }
  }

  /** The value of `key` (of its last pair, as a Map built pair by pair would hold). */
  get(key: string): string | undefined {
    const text = this.#text;
    let found: string | undefined;
    let start = 0;
    for (;;) {
      const end = text.indexOf(';', start);
      const stop = end < 0 ? text.length : end;
      const equals = start + key.length;
      if (text.charCodeAt(equals) === 61 && text.startsWith(key, start))
        found = text.slice(equals + 1, stop);
      if (end < 0) return found;
      start = end + 1;
    }
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  /** The pairs in their order. */
  *[Symbol.iterator](): IterableIterator<[string, string]> {
    const text = this.#text;
    let start = 0;
    for (;;) {
      const end = text.indexOf(';', start);
      const stop = end < 0 ? text.length : end;
      const equals = text.indexOf('=', start);
      yield [text.slice(start, equals), text.slice(equals + 1, stop)];
      if (end < 0) return;
      start = end + 1;
    }
  }
}
