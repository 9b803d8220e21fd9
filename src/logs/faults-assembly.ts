/**
 * faults.csv of a TCP run (issue 19): two processes take fault actions, each writing its own
 * part with faults.csv's columns: the router (`faults-router.part.csv`: the per-copy faults and a
 * partition's start and heal) and the launcher (`faults-launcher.part.csv`: crash, restart,
 * pause, rate). At the end the launcher merges them into faults.csv in time order (stable: at an
 * equal time_ms the launcher's rows first, as the simulator takes state changes before the
 * instant's sends; within a part its own order) and deletes the parts. A part that is absent
 * (no such process, or no rows) counts as empty. What the manifest states of the faults (each
 * `fired`, the copies duplicated and dropped, each machine's restarts) is counted from the
 * merged rows themselves, so it cannot disagree with them.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { DropReason } from '../../transports/fault-config.js';
import type { LogFileDigest } from './csv-log.js';
import { faultsFileName, faultsHeaderLine, parseFaultsCsv } from './faults-format.js';
import { writeOwnedFile } from './owned-files.js';

export const routerFaultsPartName = 'faults-router.part.csv';
export const launcherFaultsPartName = 'faults-launcher.part.csv';

/** What the merged rows say, for the manifest (as the simulator's tally). */
export interface AssembledFaults {
  readonly digest: LogFileDigest;
  /** Rows per fault index. */
  readonly fired: readonly number[];
  readonly duplicated: number;
  readonly droppedBy: Readonly<Record<DropReason, number>>;
  /** Per receiver: copies dropped and duplicated (the per-machine ledger). */
  readonly droppedTo: readonly number[];
  readonly duplicatedTo: readonly number[];
  /** Per machine: its restart rows. */
  readonly restarts: readonly number[];
}

interface PartRow {
  readonly timeMs: number;
  readonly line: string;
}

/** A part's rows with their text (validated by faults.csv's own parser), [] when absent. */
function readPart(outDir: string, name: string): PartRow[] {
  const path = join(outDir, name);
  if (!existsSync(path)) return [];
  const text = readFileSync(path, 'latin1');
  const lines = text.split('\n').slice(1, -1);
  return parseFaultsCsv(text).map((row, at) => ({
    timeMs: row.timeMs,
    line: lines[at] as string,
  }));
}

/** Merges the parts into faults.csv (recorded as lamport-lab's), deletes them, and counts. */
export function assembleFaultsCsv(
  outDir: string,
  faultCount: number,
  machineCount: number,
): AssembledFaults {
  const launcher = readPart(outDir, launcherFaultsPartName);
  const router = readPart(outDir, routerFaultsPartName);
  // Array.prototype.sort is stable: launcher rows (first) stay before router rows at one time.
  const rows = [...launcher, ...router].sort((a, b) => a.timeMs - b.timeMs);
  const text = faultsHeaderLine + rows.map((row) => `${row.line}\n`).join('');
  writeOwnedFile(join(outDir, faultsFileName), text);
  for (const name of [launcherFaultsPartName, routerFaultsPartName])
    rmSync(join(outDir, name), { force: true });
  const bytes = Buffer.from(text, 'latin1');
  const digest: LogFileDigest = {
    file: faultsFileName,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    bytes: bytes.length,
    rows: rows.length,
  };
  return { digest, ...countRows(text, faultCount, machineCount) };
}

function countRows(
  text: string,
  faultCount: number,
  machineCount: number,
): Omit<AssembledFaults, 'digest'> {
  const fired = new Array<number>(faultCount).fill(0);
  const droppedBy: Record<DropReason, number> = { loss: 0, partition: 0, crash: 0 };
  const droppedTo = new Array<number>(machineCount).fill(0);
  const duplicatedTo = new Array<number>(machineCount).fill(0);
  const restarts = new Array<number>(machineCount).fill(0);
  let duplicated = 0;
  const bump = (counts: number[], at: number) => {
    if (at >= 0 && at < counts.length) counts[at] = (counts[at] as number) + 1;
  };
  for (const row of parseFaultsCsv(text)) {
    bump(fired, row.faultIndex);
    if (row.fault === 'duplicate') {
      duplicated += 1;
      bump(duplicatedTo, row.machine);
    } else if (row.fault === 'drop') {
      const reason = row.detail.get('reason') as DropReason;
      if (reason in droppedBy) droppedBy[reason] += 1;
      bump(droppedTo, row.machine);
    } else if (row.fault === 'restart') bump(restarts, row.machine);
  }
  return { fired, duplicated, droppedBy, droppedTo, duplicatedTo, restarts };
}
