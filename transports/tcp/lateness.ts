/**
 * How late a machine's ticks ran: the manifest records it for every TCP machine. Apart from the
 * tick timer (which measures it) so that the manifest's type needs no timer, and no Node API.
 */
export interface Lateness {
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  /** Ticks that ran more than `lateThresholdMs` after their deadline. */
  readonly lateTicks: number;
}
