/**
 * The element ids view.html and its script agree on. DOM-free, so the Node side that writes
 * the page (src/view/view-html.ts) imports the same constants the page reads.
 */

/** The `<script type="application/json">` element holding the run (ViewData). */
export const viewDataElementId = 'lamport-view-data';
/** The element the viewer is mounted in. */
export const viewRootElementId = 'lamport-view';
