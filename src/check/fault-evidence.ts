/**
 * A run's `faults.csv` as `check` holds it: every row (one per fault action: far fewer than the
 * logs' rows, but a row per copy sent to a machine crashed for good), in columns
 * (FaultRowStore), with its digest for the manifest. Read from the run directory a piece at a
 * time, twice (its lines counted, then read and hashed): its bytes are never whole in memory.
 */
import { createHash } from 'node:crypto';
import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../common/errors.js';
import { FaultRowStore } from '../logs/fault-row-store.js';
import { LineCount, type NextPiece, pieceBytes, piecesOf } from '../logs/faults-lines.js';
import { type FaultRow, FaultsFormatError, faultsFileName } from '../logs/faults-format.js';
import { unhashedSha256 } from '../logs/log-file-digest.js';
import { missingFaultsFile } from '../logs/recorded-logs.js';

/** The per-copy actions: their rows name a copy by msg_id, receiver (machine) and sender (peer). */
const copyActions = new Set(['drop', 'duplicate', 'delay', 'corrupt']);

export function isCopyAction(fault: string): boolean {
  return copyActions.has(fault);
}

/** A copy row's message: sender and seq from its msg_id (`<sender>-<seq>`); null when malformed. */
export function copyOfRow(row: FaultRow): { sender: number; seq: number } | null {
  const match = /^(\d+)-(\d+)$/.exec(row.msgId);
  if (match === null) return null;
  return { sender: Number(match[1]), seq: Number(match[2]) };
}

export interface FaultEvidenceFile {
  readonly rows: FaultRowStore;
  readonly sha256: string;
  readonly bytes: number;
}

/** Reads `<runDir>/faults.csv`; a missing or malformed file is unreadable input (exit 2). */
export function readFaultEvidence(runDir: string): FaultEvidenceFile {
  const path = join(runDir, faultsFileName);
  // Refused in the words analyze and export use (recorded-logs.ts).
  if (!existsSync(path)) throw missingFaultsFile(path);
  const fd = openSync(path, 'r');
  try {
    const piece = Buffer.alloc(pieceBytes);
    const count = new LineCount();
    const pieces = (): NextPiece => {
      let position = 0;
      return () => {
        const read = readSync(fd, piece, 0, piece.length, position);
        position += read;
        return read === 0 ? null : piece.subarray(0, read);
      };
    };
    const counting = pieces();
    for (let next = counting(); next !== null; next = counting()) count.add(next);
    return faultEvidenceOfPieces(count.lines, pieces(), path);
  } finally {
    closeSync(fd);
  }
}

/**
 * faults.csv's bytes held in memory (a run held in memory) parsed; `path` names it. `hashed`
 * false: its sha256 is taken as unhashedSha256 (RunInMemory.unhashed).
 */
export function faultEvidenceOf(bytes: Buffer, path: string, hashed = true): FaultEvidenceFile {
  const count = new LineCount();
  count.add(bytes);
  return faultEvidenceOfPieces(count.lines, piecesOf(bytes), path, hashed);
}

/** faults.csv of `lines` lines, given a piece at a time: parsed, hashed and counted. */
function faultEvidenceOfPieces(
  lines: number,
  nextPiece: NextPiece,
  path: string,
  hashed = true,
): FaultEvidenceFile {
  const hash = createHash('sha256');
  let bytes = 0;
  const measured: NextPiece = () => {
    const piece = nextPiece();
    if (piece !== null) {
      if (hashed) hash.update(piece);
      bytes += piece.length;
    }
    return piece;
  };
  try {
    const rows = FaultRowStore.parsePieces(lines, measured);
    // The reader stops at the last line: what follows it (its newline) is measured too.
    while (measured() !== null);
    return { rows, sha256: hashed ? hash.digest('hex') : unhashedSha256, bytes };
  } catch (error) {
    if (error instanceof FaultsFormatError)
      throw new InputError(`${path}:${error.line}: ${error.problem}`);
    throw error;
  }
}
