/**
 * The ticks of a TCP machine that died without reporting (kill -9): only its log tells what it
 * did. Each row is one tick (row k is tick k, due floor(k / rate) µs after the common start, the
 * machine's own schedule, see tick-timer.ts), so the log
 * gives the ticks made, how late each ran and the rate achieved, exactly as the machine's own
 * ticker would have reported them up to its last row.
 */
import { closeSync, constants, fstatSync, lstatSync, openSync, writeSync } from 'node:fs';
import { LogReader } from './log-reader.js';
import { logHeaderLine } from './format.js';
import { ticksWithin, tickTimeUs } from '../../core/tick-schedule.js';
import { type Lateness, summarizeLateness } from '../../transports/tcp/tick-timer.js';

export interface TicksFromLog {
  readonly ticksMade: number;
  /** Ticks due while it was alive: from the start to its failure. */
  readonly ticksExpected: number;
  readonly achievedRateHz: number;
  readonly lateness: Lateness;
}

export function ticksFromLog(logPath: string, rateHz: number, aliveMs: number): TicksFromLog {
  const reader = new LogReader(logPath);
  // Exact for every rate a run accepts (at most 3 decimals); a report edited to another still
  // reads as the nearest millihertz instead of failing as a bug.
  const rateMilliHz = Math.max(1, Math.round(rateHz * 1000));
  const latenessMs: number[] = [];
  let lastMs = 0;
  try {
    for (let row = reader.next(); row !== undefined; row = reader.next()) {
      lastMs = row.timeUs / 1000;
      latenessMs.push(Math.max(0, (row.timeUs - tickTimeUs(rateMilliHz, row.seq)) / 1000));
    }
  } finally {
    reader.close();
  }
  const ticksMade = latenessMs.length;
  return {
    ticksMade,
    ticksExpected: ticksWithin(rateMilliHz, Math.round(Math.max(aliveMs, lastMs) * 1000)),
    achievedRateHz: lastMs > 0 ? (ticksMade * 1000) / lastMs : 0,
    lateness: summarizeLateness(latenessMs),
  };
}

/**
 * A machine writes its log's header with its first row (a row at a time, each flushed), so one
 * killed before its first tick (a slow rate, or soon after the start) leaves an empty file, or
 * none if it died before creating it. Its log is still its record: 0 rows. The launcher writes
 * the header for it, so that the run's manifest, `check` and `analyze` read it as any killed
 * machine's log instead of refusing the whole run over it. A log with any byte is left as it is.
 */
export function writeHeaderOfSilentLog(logPath: string): void {
  let exists = true;
  try {
    // Never through a link: the run directory's files are the machines' own regular files.
    if (!lstatSync(logPath).isFile()) return;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    exists = false;
  }
  const flags = exists
    ? constants.O_WRONLY | constants.O_APPEND | constants.O_NOFOLLOW
    : constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;
  const fd = openSync(logPath, flags, 0o644);
  try {
    if (fstatSync(fd).size === 0) writeSync(fd, logHeaderLine, null, 'latin1');
  } finally {
    closeSync(fd);
  }
}

/** The time of a machine's last row, ms since the common start (0 for a log of no rows). */
export function lastRowMs(logPath: string): number {
  const reader = new LogReader(logPath);
  let lastMs = 0;
  try {
    for (let row = reader.next(); row !== undefined; row = reader.next())
      lastMs = row.timeUs / 1000;
  } finally {
    reader.close();
  }
  return lastMs;
}
