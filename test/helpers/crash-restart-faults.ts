/**
 * A crash and a persisted restart as the driver's fault configs, at times in seconds: the
 * fixtures of the tests that work out tick schedules and up times by hand.
 */
import type { FaultConfig } from '../../transports/fault-config.js';

const microsPerSecond = 1_000_000;

/** Machine `machine` crashes at `atSec` (its queue dropped); fault `index` of the list. */
export function crashAt(index: number, atSec: number, machine: number): FaultConfig {
  return {
    kind: 'crash',
    index,
    stream: '',
    machine,
    atUs: atSec * microsPerSecond,
    inbox: 'drop',
  };
}

/** Machine `machine` restarts at `atSec` with its clock persisted; fault `index` of the list. */
export function restartAt(index: number, atSec: number, machine: number): FaultConfig {
  return {
    kind: 'restart',
    index,
    stream: '',
    machine,
    atUs: atSec * microsPerSecond,
    clock: { kind: 'persisted' },
  };
}
