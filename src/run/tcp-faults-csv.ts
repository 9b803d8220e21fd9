/**
 * faults.csv of a TCP run: the launcher (process faults) and the router (per-copy faults, and the
 * copies to a crashed machine) each write their own rows as they act, to a part file beside the
 * logs; at the end they become one faults.csv, sorted by time_ms (stable: the launcher's rows
 * before the router's at an equal time, as a state change comes before the copies of its
 * instant in virtual time), and the parts are deleted. What it holds is then counted for the
 * manifest exactly as a virtual run's driver counts it.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FaultTally } from '../../transports/run-config.js';
import type { LogFileDigest } from '../logs/csv-log.js';
import { faultsFileName, faultsHeaderLine, parseFaultsCsv } from '../logs/faults-format.js';
import { launcherPartFileName } from './tcp-process-faults.js';

/** The router's rows (written by the router, in its process or the launcher's). */
export const routerPartFileName = 'faults-router.part.csv';

/** Both parts' file names, launcher first. */
export const faultPartFileNames = [launcherPartFileName, routerPartFileName] as const;

/** The rows of a part (without its header), or none when it was never written. */
function partLines(path: string): string[] {
  if (!existsSync(path)) return [];
  const lines = readFileSync(path, 'latin1').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines[0] === faultsHeaderLine.trimEnd() ? lines.slice(1) : lines;
}

/** Writes faults.csv from the parts, deletes them, and returns its digest and its tally. */
export function assembleFaultsCsv(
  outDir: string,
  faultCount: number,
  machineCount: number,
): { readonly digest: LogFileDigest; readonly tally: TcpFaultTally } {
  const lines = faultPartFileNames.flatMap((name) => partLines(join(outDir, name)));
  // Array sort is stable: launcher rows stay before router rows at an equal time.
  const timed = lines.map((line) => ({ line, timeMs: Number(line.slice(0, line.indexOf(','))) }));
  timed.sort((a, b) => a.timeMs - b.timeMs);
  const text = faultsHeaderLine + timed.map((row) => `${row.line}\n`).join('');
  const bytes = Buffer.from(text, 'latin1');
  writeFileSync(join(outDir, faultsFileName), bytes);
  for (const name of faultPartFileNames) rmSync(join(outDir, name), { force: true });
  return {
    digest: {
      file: faultsFileName,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      bytes: bytes.length,
      rows: timed.length,
    },
    tally: tallyFaultsCsv(text, faultCount, machineCount),
  };
}

/** A TCP run's tally: the driver's, and per receiver the copies dropped and duplicated. */
export interface TcpFaultTally extends FaultTally {
  readonly droppedTo: readonly number[];
  readonly duplicatedTo: readonly number[];
}

/** What faults.csv's rows count up to, as the virtual driver's tally (fault-tally.ts). */
export function tallyFaultsCsv(
  text: string,
  faultCount: number,
  machineCount: number,
): TcpFaultTally {
  const fired = new Array<number>(faultCount).fill(0);
  const restarts = new Array<number>(machineCount).fill(0);
  const droppedTo = new Array<number>(machineCount).fill(0);
  const duplicatedTo = new Array<number>(machineCount).fill(0);
  const droppedBy = { loss: 0, partition: 0, crash: 0 };
  let duplicated = 0;
  for (const row of parseFaultsCsv(text)) {
    fired[row.faultIndex] = (fired[row.faultIndex] ?? 0) + 1;
    if (row.fault === 'duplicate') {
      duplicated += 1;
      duplicatedTo[row.machine] = (duplicatedTo[row.machine] ?? 0) + 1;
    }
    if (row.fault === 'drop') droppedTo[row.machine] = (droppedTo[row.machine] ?? 0) + 1;
    if (row.fault === 'restart') restarts[row.machine] = (restarts[row.machine] ?? 0) + 1;
    const reason = row.detail.get('reason');
    if (row.fault === 'drop' && (reason === 'loss' || reason === 'partition' || reason === 'crash'))
      droppedBy[reason] += 1;
  }
  return {
    duplicated,
    dropped: droppedBy.loss + droppedBy.partition + droppedBy.crash,
    droppedBy,
    restarts,
    fired,
    droppedTo,
    duplicatedTo,
  };
}
