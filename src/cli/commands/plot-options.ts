/**
 * `plot`'s and `report`'s options, shared by their definitions and their action.
 */

export interface PlotOptions {
  readonly from?: number;
  readonly to?: number;
  readonly out?: string;
  /** report: replace the --out file even if lamport-lab did not write it. */
  readonly force?: boolean;
}
