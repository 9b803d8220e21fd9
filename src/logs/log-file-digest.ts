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

/** The run's record: what ran, and what its logs hold. */
export const manifestFileName = 'manifest.json';
