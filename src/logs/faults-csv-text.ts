/**
 * faults.csv kept in memory: the FaultRecorder the browser playground gives a run with faults.
 * Each row is faults-format.ts's line, as FaultsCsvLog writes them to disk, so the text is the
 * file's (every field is ASCII: characters are bytes).
 */
import type { FaultConfig, FaultEvidence, FaultRecorder } from '../../transports/fault-config.js';
import { faultRowLine, faultsHeaderLine } from './faults-format.js';

export class FaultsCsvText implements FaultRecorder {
  readonly #faults: readonly FaultConfig[];
  readonly #lines: string[] = [faultsHeaderLine];

  constructor(faults: readonly FaultConfig[]) {
    this.#faults = faults;
  }

  record(evidence: FaultEvidence): void {
    this.#lines.push(faultRowLine(evidence, this.#faults));
  }

  /** Rows recorded (the header not counted), as the manifest's digest counts them. */
  get rows(): number {
    return this.#lines.length - 1;
  }

  text(): string {
    return this.#lines.join('');
  }
}
