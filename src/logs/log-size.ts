/**
 * How many bytes of CSV logs a run will write, estimated before it starts from its rates and
 * duration (every tick of a machine is one row), so a run that would fill a disk says so first:
 * `run --duration 10000000` once wrote 5 GB without a word.
 */

/** Above this, `run` warns before it starts. */
export const largeLogBytes = 1e9;

const digits = (value: number): number => String(Math.max(1, Math.round(value))).length;

export interface LogEstimate {
  readonly rows: number;
  readonly bytes: number;
}

/**
 * Rows: Σ rate × duration (one row per tick). Bytes per row: the fixed part of a row (commas,
 * event name, peers, a newline), then the numbers, whose width grows with the run: seq and the
 * clocks with the ticks of a machine, time_ms with the duration. Fitted to the bundled default
 * scenario (32 bytes a row for 60 s, 49 for 1 000 000 s); within ~10 % for the bundled scenarios.
 */
export function estimateLogSize(ratesHz: readonly number[], durationSec: number): LogEstimate {
  const rows = ratesHz.reduce((total, rateHz) => total + Math.floor(rateHz * durationSec), 0);
  const fastestTicks = Math.max(1, ...ratesHz) * durationSec;
  const rowBytes =
    16 +
    1.5 * digits(rows / Math.max(1, ratesHz.length)) +
    digits(durationSec * 1000) +
    2 +
    1.5 * digits(fastestTicks) +
    digits(ratesHz.length - 1);
  return { rows, bytes: Math.round(rows * rowBytes) };
}

/** The warning for a large estimate, or null: what it is, and how not to write it. */
export function largeLogWarning(
  estimate: LogEstimate,
  durationSec: number,
  /** What writes the logs, and the first way out, in words (a run's: --no-logs). */
  writer: { readonly what: string; readonly avoid: string } = {
    what: 'this run',
    avoid: 'use --no-logs to run without logs, or',
  },
): string | null {
  if (estimate.bytes <= largeLogBytes) return null;
  const gb = (estimate.bytes / 1e9).toFixed(1);
  const underSec = Math.floor((durationSec * largeLogBytes) / estimate.bytes);
  return (
    `warning: ${writer.what} will write about ${gb} GB of logs (${estimate.rows.toLocaleString('en-US')} rows); ` +
    `${writer.avoid} --duration ${underSec} or less to stay under 1 GB\n`
  );
}

/** The estimates of several runs, summed. */
export function addLogEstimates(estimates: readonly LogEstimate[]): LogEstimate {
  return estimates.reduce(
    (total, estimate) => ({
      rows: total.rows + estimate.rows,
      bytes: total.bytes + estimate.bytes,
    }),
    { rows: 0, bytes: 0 },
  );
}
