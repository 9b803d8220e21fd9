/**
 * view.html: ONE self-contained file that opens from disk with no network and no server. The
 * run's data is inlined as JSON in a `<script type="application/json">` element and the viewer's
 * bundled script (dist/src/view/viewer-page.js, built by scripts/bundle.mjs) in a plain
 * `<script>`. Neither may end its element early: in inlined text every `</script` becomes
 * `<\/script` and every `<!--` becomes `<\!--` (in a script, `<!--` followed by `<script` changes
 * how the HTML parser finds the end); the data's JSON has no `<` at all (viewDataJson), and its
 * `://` is written `:\/\/`, so no http(s) URL appears in the file whatever a title holds.
 */
import { type ViewData, viewDataJson } from './model/view-data.js';
import { viewDataElementId, viewRootElementId } from './page/page-ids.js';

/** Text that can sit inside a `<script>` element without ending it or changing its parsing. */
export function scriptSafe(text: string): string {
  return text.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

export function htmlEscape(text: string): string {
  return (
    text
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&#39;')
      // So that no http(s) URL appears in the file whatever a title holds (it reads the same).
      .replace(/\//g, '&#47;')
  );
}

/** The data as JSON safe to inline: no `<`, no `://` (JSON reads `\/` as `/`). */
export function inlineDataJson(data: ViewData): string {
  return scriptSafe(viewDataJson(data).replace(/:\/\//g, ':\\/\\/'));
}

export function viewHtml(data: ViewData, pageScript: string): string {
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${htmlEscape(`lamport-lab view: ${data.title}`)}</title>`,
    '<style>body { margin: 8px 12px; background: #fff; }</style>',
    '</head>',
    '<body>',
    `<div id="${viewRootElementId}"><p>Loading the run...</p></div>`,
    '<noscript><p>This page draws the run with JavaScript: allow scripts for this file.</p></noscript>',
    `<script type="application/json" id="${viewDataElementId}">${inlineDataJson(data)}</script>`,
    `<script>${scriptSafe(pageScript)}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
