/**
 * playground.html's script: reads the page's config (the tool's version and the bundled
 * scenarios) and the worker's source inlined in the page, starts the worker from a Blob URL,
 * mounts the playground and publishes its test hook as window.lamportPlayground.
 */
import {
  type PlaygroundConfig,
  playgroundConfigElementId,
  playgroundRootElementId,
  playgroundWorkerElementId,
} from '../page-ids.js';
import { Playground } from './playground-page.js';

function start(): void {
  const root = document.getElementById(playgroundRootElementId) ?? document.body;
  const errors: string[] = [];
  window.addEventListener('error', (event) => errors.push(String(event.message)));
  window.addEventListener('unhandledrejection', (event) => errors.push(String(event.reason)));
  try {
    const configText = document.getElementById(playgroundConfigElementId)?.textContent ?? '';
    const config = JSON.parse(configText) as PlaygroundConfig;
    const workerSource = document.getElementById(playgroundWorkerElementId)?.textContent ?? '';
    const workerUrl = URL.createObjectURL(new Blob([workerSource], { type: 'text/javascript' }));
    const playground = new Playground(root, config, workerUrl);
    playground.hook.errors.push(...errors);
    window.lamportPlayground = playground.hook;
    window.addEventListener('error', (event) => playground.hook.errors.push(String(event.message)));
    void playground.hook.run();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    root.textContent = `lamport-lab playground: this page cannot start: ${message}`;
    throw error;
  }
}

start();
