/** The messages between the playground page and its Web Worker (structured-cloned). */
import type { ViewData } from '../view/model/view-data.js';
import type { MemoryRunProgress, RunFile } from './memory-run.js';
import type { PlaygroundRunRequest } from './playground-run.js';

export type ToWorker = PlaygroundRunRequest;

export type FromWorker =
  | ({ readonly kind: 'progress' } & MemoryRunProgress)
  | { readonly kind: 'refused'; readonly message: string }
  | { readonly kind: 'done'; readonly files: readonly RunFile[]; readonly viewData: ViewData }
  /** A bug: an error the run did not expect (its stack, for the page's error list). */
  | { readonly kind: 'failed'; readonly message: string };
