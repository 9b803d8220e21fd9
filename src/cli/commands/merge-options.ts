/** `merge`'s options, shared by its definition and its action. */
export interface MergeOptions {
  readonly out: string;
  readonly force: boolean;
}
