/**
 * The element ids playground.html and its script agree on. DOM-free, so the Node side that
 * writes the page (playground-html.ts) imports the same constants the page reads.
 */

/** `<script type="application/json">`: the tool's version and the bundled scenarios. */
export const playgroundConfigElementId = 'lamport-playground-config';
/** `<script type="text/plain">`: the Web Worker's bundled source, started from a Blob URL. */
export const playgroundWorkerElementId = 'lamport-playground-worker';
/** The element the playground is mounted in. */
export const playgroundRootElementId = 'lamport-playground';

/** What the page's config element holds. */
export interface PlaygroundConfig {
  readonly toolVersion: string;
  /** The bundled scenarios by name, each as its file holds it, `default` first. */
  readonly scenarios: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}
