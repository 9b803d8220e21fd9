/** `view`'s options, shared by its definition (view-command.ts) and its action (view-action.ts). */

export interface ViewOptions {
  readonly out?: string;
  /** Seconds from the start of the run. */
  readonly from?: number;
  readonly to?: number;
  readonly force: boolean;
}
