/**
 * The playground's Web Worker: one run per message, off the page's thread, so a long run leaves
 * the page responsive (and a newer run simply terminates this worker). Started from a Blob URL
 * of its own source inlined in the page: a page opened from file:// may not load worker files.
 */
import { playgroundRun } from '../playground-run.js';
import type { FromWorker, ToWorker } from '../worker-messages.js';

interface WorkerScope {
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null;
  postMessage(message: FromWorker, transfer?: Transferable[]): void;
}

const scope = self as unknown as WorkerScope;

async function answer(request: ToWorker): Promise<void> {
  try {
    const outcome = await playgroundRun(request, (progress) =>
      scope.postMessage({ kind: 'progress', ...progress }),
    );
    if (outcome.kind === 'refused') {
      scope.postMessage(outcome);
      return;
    }
    // The files' bytes move to the page rather than being copied.
    const transfer = outcome.files.map((file) => file.bytes.buffer as ArrayBuffer);
    scope.postMessage({ kind: 'done', files: outcome.files, viewData: outcome.viewData }, transfer);
  } catch (error) {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    scope.postMessage({ kind: 'failed', message });
  }
}

scope.onmessage = (event) => {
  void answer(event.data);
};
