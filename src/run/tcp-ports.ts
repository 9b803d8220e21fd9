/**
 * `run --mode tcp --ports`: checked before anything starts. A port given twice made two
 * machines race for it, and the loser's failure used to hang the whole start-up; a wrong count
 * cannot give every machine its own. Kept free of imports but errors.js: run-action calls it
 * before it creates the run directory.
 */
import { InputError } from '../common/errors.js';

export const portMax = 65_535;

/** Throws an InputError naming --ports unless `ports` (when given) is one valid port per machine. */
export function checkTcpPorts(ports: readonly number[] | null, machineCount: number): void {
  if (ports === null) return;
  if (ports.length !== machineCount) {
    throw new InputError(
      `--ports: expected ${machineCount} ports, one per machine, got ${ports.length}`,
    );
  }
  const outOfRange = ports.find((port) => !Number.isInteger(port) || port < 1 || port > portMax);
  if (outOfRange !== undefined) {
    throw new InputError(`--ports: expected ports 1..${portMax}, got ${outOfRange}`);
  }
  const repeated = ports.find((port, index) => ports.indexOf(port) !== index);
  if (repeated !== undefined) {
    throw new InputError(
      `--ports: expected a different port for each machine, got ${repeated} twice`,
    );
  }
}
