/**
 * The shape of a TCP run's facts (tcp-facts.ts reads them from a manifest): apart, so that the
 * analysis, which also runs in the browser playground, names them without the manifest reader.
 */
import type { Lateness } from '../../transports/tcp/lateness.js';

export interface TcpMachineFacts {
  readonly id: number;
  readonly ticksMade: number;
  readonly ticksExpected: number;
  readonly achievedRateHz: number;
  readonly lateness: Lateness;
  /** Copies addressed to this machine that no connection could carry (manifest's count). */
  readonly undeliverableTo: number;
  readonly badConnections: number;
  readonly disconnects: number;
  /** When its process died, in seconds since the common start, and why; null if it did not. */
  readonly failure: { readonly atSec: number; readonly reason: string } | null;
}

export interface TcpFacts {
  readonly machines: readonly TcpMachineFacts[];
}
