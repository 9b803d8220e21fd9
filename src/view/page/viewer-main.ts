/**
 * view.html's script: reads the run inlined in the page (a JSON script element, see
 * src/view/view-html.ts), decodes it, mounts the viewer, and publishes the test hook as
 * window.lamportView. A file that cannot be read says so in the page, in words.
 */
import { RunView } from '../model/run-view.js';
import { viewDataElementId, viewRootElementId } from './page-ids.js';
import { mountViewer } from './viewer.js';

function start(): void {
  const root = document.getElementById(viewRootElementId) ?? document.body;
  // Errors the window sees go to the hook's list once there is one.
  let errors: string[] = [];
  window.addEventListener('error', (event) => errors.push(String(event.message)));
  window.addEventListener('unhandledrejection', (event) => errors.push(String(event.reason)));
  try {
    const text = document.getElementById(viewDataElementId)?.textContent ?? '';
    const view = RunView.fromData(JSON.parse(text));
    const { hook } = mountViewer(root, view);
    hook.errors.push(...errors);
    errors = hook.errors;
    window.lamportView = hook;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    root.textContent = `lamport-lab view: this page's run data cannot be read: ${message}`;
    throw error;
  }
}

start();
