/**
 * The ticks of a TCP machine that died without reporting (kill -9): only its log tells what it
 * did. Each row is one tick (row k is tick k, due k / rate after the common start), so the log
 * gives the ticks made, how late each ran and the rate achieved, exactly as the machine's own
 * ticker would have reported them up to its last row.
 */
import { LogReader } from './check/log-reader.js';
import { type Lateness, summarizeLateness } from '../transports/tick-timer.js';

export interface TicksFromLog {
  readonly ticksMade: number;
  /** Ticks due while it was alive: from the start to its failure. */
  readonly ticksExpected: number;
  readonly achievedRateHz: number;
  readonly lateness: Lateness;
}

export function ticksFromLog(logPath: string, rateHz: number, aliveMs: number): TicksFromLog {
  const reader = new LogReader(logPath);
  const latenessMs: number[] = [];
  let lastMs = 0;
  try {
    for (let row = reader.next(); row !== undefined; row = reader.next()) {
      lastMs = row.timeUs / 1000;
      // Row times are rounded to µs, so a tick on its deadline may read a hair early.
      latenessMs.push(Math.max(0, lastMs - (row.seq * 1000) / rateHz));
    }
  } finally {
    reader.close();
  }
  const ticksMade = latenessMs.length;
  return {
    ticksMade,
    ticksExpected: Math.floor((rateHz * Math.max(aliveMs, lastMs)) / 1000 + 1e-9),
    achievedRateHz: lastMs > 0 ? (ticksMade * 1000) / lastMs : 0,
    lateness: summarizeLateness(latenessMs),
  };
}
