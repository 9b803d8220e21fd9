/**
 * A broken driver for explore's tests (issue 19): it delivers across partitions. It runs the
 * scenario's partitions with every machine in one group, so each still starts and heals (its
 * faults.csv rows stay) but drops nothing, while the manifest and `check` keep the real groups:
 * `check`'s partition rule (9) must catch the copies received across them.
 */
import type { FaultConfig } from '../../transports/fault-config.js';

export function deliverAcrossPartitions(faults: readonly FaultConfig[]): FaultConfig[] {
  return faults.map((fault) =>
    fault.kind === 'partition'
      ? { ...fault, groups: [fault.groups.flat().sort((a, b) => a - b)] }
      : fault,
  );
}
