/** `view`'s options, shared by its definition (view-command.ts) and its action (view-action.ts). */

export interface ViewOptions {
  readonly out?: string;
  /** Write the playground (playground.html) instead of a run's viewer. */
  readonly playground?: boolean;
  /** Seconds from the start of the run. */
  readonly from?: number;
  readonly to?: number;
  readonly force: boolean;
}
