/**
 * A run's `faults.csv` as `check` holds it: read whole (one row per fault action: far fewer than
 * the logs' rows, but a row per copy sent to a machine crashed for good), in columns
 * (FaultRowStore), with its digest for the manifest.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../common/errors.js';
import { FaultRowStore } from '../logs/fault-row-store.js';
import { type FaultRow, FaultsFormatError, faultsFileName } from '../logs/faults-format.js';

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
  if (!existsSync(path)) {
    throw new InputError(
      `${path}: expected the fault evidence of a run whose manifest lists faults (scenario.faults), got no such file`,
    );
  }
  return faultEvidenceOf(readFileSync(path), path);
}

/** faults.csv's bytes (read from the run directory, or a run held in memory) parsed; `path` names it. */
export function faultEvidenceOf(bytes: Buffer, path: string): FaultEvidenceFile {
  try {
    return {
      rows: FaultRowStore.parse(bytes),
      sha256: createHash('sha256').update(bytes).digest('hex'),
      bytes: bytes.length,
    };
  } catch (error) {
    if (error instanceof FaultsFormatError)
      throw new InputError(`${path}:${error.line}: ${error.problem}`);
    throw error;
  }
}
