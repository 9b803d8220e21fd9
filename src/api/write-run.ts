/** A run written as the CLI writes it: the same run directory, byte for byte. */
import { notBuiltYet } from './not-built.js';
import type { Scenario } from './scenario.js';
import type { RunManifest } from './simulate.js';

export interface WriteRunOptions {
  /** The seed; else the scenario's `seed`; else a random one. */
  readonly seed?: number;
  /** Replace lamport-lab's own earlier output in outDir (as `run --force`). */
  readonly force?: boolean;
}

export interface WrittenRun {
  readonly outDir: string;
  readonly seed: number;
  /** The files written, by name, in the manifest's order. */
  readonly files: readonly string[];
  readonly manifest: RunManifest;
}

/** Runs the scenario and writes its run directory, as `lamport-lab run --out outDir`. */
export function writeRun(
  _scenario: Scenario,
  _outDir: string,
  _options: WriteRunOptions = {},
): Promise<WrittenRun> {
  return notBuiltYet('writeRun');
}
