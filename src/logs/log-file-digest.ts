/**
 * A written log's record in the manifest, and the manifest's file name. Apart from format.ts
 * (which imports json2csv) so that the manifest's type, which the library exports, does not make
 * a consumer's tsc load json2csv's declarations (they do not compile under
 * exactOptionalPropertyTypes with skipLibCheck off).
 */

/** A written log's record in the manifest: its name, sha256 (hex), size and rows. */
export interface LogFileDigest {
  readonly file: string;
  readonly sha256: string;
  readonly bytes: number;
  readonly rows: number;
}

/**
 * The sha256 a run held in memory states for its files when neither its maker nor `check` hashes
 * them (RunInMemory.unhashed): 64 hex digits, so the manifest still reads as one `run` writes.
 */
export const unhashedSha256 = '0'.repeat(64);

/** The run's record: what ran, and what its logs hold. */
export const manifestFileName = 'manifest.json';
