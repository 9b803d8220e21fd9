/**
 * `experiments`' options and limits, shared by its definition and its action.
 */

/** Seeds per experiment: 9 experiments (and 12 sweep cells) of 1 000 seeds is a day's work. */
export const seedsMax = 1000;
/** Worker threads: more than the cores only share them, each with its own copy of V8. */
export const workersMax = 256;

export interface ExperimentsOptions {
  readonly seeds: number;
  readonly duration: number;
  readonly out: string;
  readonly sweep: boolean;
  readonly workers: number;
  readonly force: boolean;
  readonly keepRuns: boolean;
  readonly reportFile: string;
}
