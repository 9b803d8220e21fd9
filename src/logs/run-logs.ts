/**
 * Opens every machine log of a run for reading at once (check, analyze, export, plot, replay),
 * sized for the number of machines. A reader's pending lines take about its chunk size, so the
 * chunks share one budget: 1 MiB each for a few logs, 16 KiB each for 2 000 or more. Above
 * heldOpenFilesMax logs (open-files.ts) no reader keeps its file open between chunks.
 */
import { join } from 'node:path';
import { logFileName } from './format.js';
import { heldOpenFilesMax } from '../common/open-files.js';
import { LogReader, type LogReaderOptions, logChunkBytesMax } from './log-reader.js';

/** Memory for all readers' chunks together. */
const chunkBudgetBytes = 32 << 20;
/** Below this a chunk is a read per few hundred rows: the per-read cost starts to show. */
const chunkBytesMin = 16 << 10;

/** How each of `fileCount` readers open at the same time should read. */
export function logReaderOptions(
  fileCount: number,
): Required<Pick<LogReaderOptions, 'chunkBytes' | 'holdOpen'>> {
  const share = Math.floor(chunkBudgetBytes / Math.max(1, fileCount));
  return {
    chunkBytes: Math.max(chunkBytesMin, Math.min(logChunkBytesMax, share)),
    holdOpen: fileCount <= heldOpenFilesMax,
  };
}

/**
 * Readers for machine-0.csv .. machine-<n-1>.csv of `runDir`, headers checked. If one cannot be
 * opened, those already open are closed before the error goes up.
 */
export function openRunLogs(
  runDir: string,
  machineCount: number,
  { reuseRows = false }: { readonly reuseRows?: boolean } = {},
): LogReader[] {
  const options = { ...logReaderOptions(machineCount), reuseRows };
  const readers: LogReader[] = [];
  try {
    for (let id = 0; id < machineCount; id += 1)
      readers.push(new LogReader(join(runDir, logFileName(id)), options));
  } catch (error) {
    closeRunLogs(readers);
    throw error;
  }
  return readers;
}

export function closeRunLogs(readers: readonly LogReader[]): void {
  for (const reader of readers) reader.close();
}
