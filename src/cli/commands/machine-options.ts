/**
 * `machine`'s options as commander parses them, shared by its definition and its action.
 */
import type { PeerAddress } from '../../../transports/tcp/machine.js';

export interface MachineOptions {
  readonly ipc: boolean;
  readonly id?: number;
  readonly listen?: { host: string; port: number };
  readonly peers?: PeerAddress[];
  readonly rate?: number;
  readonly seed?: number;
  readonly duration?: number;
  readonly internalProbability: number;
  readonly out?: string;
  readonly token: string;
  readonly runId: string;
  readonly force: boolean;
  readonly wait: number;
}
