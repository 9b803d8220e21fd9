/**
 * The playground's test hook, `window.lamportPlayground`: what the browser tests drive and read
 * instead of pixels (docs/VIEW.md, "Playground").
 */
export interface LamportPlaygroundHook {
  /** True once the first run is shown. */
  ready: boolean;
  /** Applies a hash (`#scenario=...&seed=...`) when given, runs, resolves once it is shown. */
  run(hash?: string): Promise<void>;
  /** The last run's files by name, as text (what "download logs" offers). */
  files(): Promise<Record<string, string>>;
  /** Errors caught in the page; stays empty. */
  readonly errors: string[];
}

declare global {
  interface Window {
    lamportPlayground?: LamportPlaygroundHook;
  }
}
