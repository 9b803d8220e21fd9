/**
 * Writes `faults.csv` as the driver reports fault actions (the FaultRecorder of a run with
 * faults): one row each (faults-format.ts), hashed as it goes so the manifest's digest is of the
 * very bytes written. Without a directory it only hashes: what a re-run in memory needs to
 * compare with a run on disk. (The driver counts what the faults did, for the manifest.)
 */
import { createHash } from 'node:crypto';
import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { FaultConfig, FaultEvidence, FaultRecorder } from '../../transports/fault-config.js';
import type { LogFileDigest } from './csv-log.js';
import { faultRowLine, faultsFileName, faultsHeaderLine } from './faults-format.js';

/** Rows are written in chunks of about this many bytes. */
const chunkBytes = 1 << 16;

export class FaultsCsvLog implements FaultRecorder {
  readonly #faults: readonly FaultConfig[];
  readonly #hash = createHash('sha256');
  readonly #fd: number | null;
  #pending: string[] = [];
  #pendingBytes = 0;
  #bytes = 0;
  #rows = 0;
  #closed = false;
  /** Where the bytes are also kept, for a run checked in memory; null: not kept. */
  readonly #kept: Buffer[] | null;

  /**
   * `outDir` null: hash and count only. The directory was prepared for faults.csv; `fileName`
   * is another name for it (a TCP run's router writes its part under its own, see
   * faults-assembly.ts).
   */
  constructor(
    faults: readonly FaultConfig[],
    outDir: string | null,
    fileName = faultsFileName,
    kept: Buffer[] | null = null,
  ) {
    this.#faults = faults;
    this.#kept = kept;
    this.#fd = outDir === null ? null : openSync(join(outDir, fileName), 'w');
    this.#add(faultsHeaderLine);
  }

  record(evidence: FaultEvidence): void {
    this.#rows += 1;
    this.#add(faultRowLine(evidence, this.#faults));
  }

  #add(line: string): void {
    this.#pending.push(line);
    // Every field is ASCII (faults-format.ts), so characters are bytes.
    this.#pendingBytes += line.length;
    if (this.#pendingBytes >= chunkBytes) this.#flush();
  }

  #flush(): void {
    if (this.#pending.length === 0) return;
    const bytes = Buffer.from(this.#pending.join(''), 'latin1');
    this.#pending = [];
    this.#pendingBytes = 0;
    this.#hash.update(bytes);
    this.#bytes += bytes.length;
    this.#kept?.push(bytes);
    if (this.#fd === null) return;
    let offset = 0;
    while (offset < bytes.length) offset += writeSync(this.#fd, bytes, offset);
  }

  /** Writes what is left and closes the file: its digest, as the manifest lists it. */
  close(): LogFileDigest {
    if (!this.#closed) {
      this.#closed = true;
      try {
        this.#flush();
      } finally {
        if (this.#fd !== null) closeSync(this.#fd);
      }
    }
    return {
      file: faultsFileName,
      sha256: this.#hash.copy().digest('hex'),
      bytes: this.#bytes,
      rows: this.#rows,
    };
  }
}
