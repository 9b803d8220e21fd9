/**
 * playground.html: ONE self-contained file that opens from disk with no network and no server.
 * It holds the page's bundled script, the Web Worker's bundled source (as text: the page starts
 * it from a Blob URL), and the config: lamport-lab's version (the manifest records it) and every
 * bundled scenario as its file holds it. Inlined text is made safe as view.html's is
 * (view-html.ts): no `</script`, no `<!--`, no `<` in the JSON, and no `://` anywhere.
 */
import { htmlEscape, scriptSafe } from '../view/view-html.js';
import {
  type PlaygroundConfig,
  playgroundConfigElementId,
  playgroundRootElementId,
  playgroundWorkerElementId,
} from './page-ids.js';

export interface PlaygroundScripts {
  readonly page: string;
  readonly worker: string;
}

/** The config as JSON safe to inline: no `<` (JSON reads \u003c as it), no `://`. */
function inlineConfigJson(config: PlaygroundConfig): string {
  const json = JSON.stringify(config).replace(/</g, '\\u003c').replace(/:\/\//g, ':\\/\\/');
  return scriptSafe(json);
}

/**
 * A bundled script as inlined text. `://` becomes `:\/\/` as well, which means the same inside
 * the string, template and regular-expression literals (the only places a minified script has
 * it): the page then names no web address at all (zod's JSON Schema code holds a few, which
 * nothing here fetches).
 */
function inlineScript(script: string): string {
  return scriptSafe(script.replace(/:\/\//g, ':\\/\\/'));
}

const style = [
  'body { margin: 8px 12px; background: #fff; font: 13px/1.4 system-ui, sans-serif; color: #1d232b; }',
  'h1 { font-size: 18px; margin: 4px 0 8px; }',
  '.pg-row { display: flex; flex-wrap: wrap; gap: 6px 14px; align-items: end; margin: 4px 0; }',
  '.pg-field { display: inline-flex; flex-direction: column; gap: 2px; }',
  '.pg-field span { color: #444; }',
  '.pg-form input, .pg-form select, .pg-form textarea, .pg-form button { font: 12px ui-monospace, monospace; }',
  '.pg-status { margin: 6px 0; color: #333; font-family: ui-monospace, monospace; }',
  '.pg-error { color: #b00020; font-weight: 600; }',
  '.pg-downloads { display: flex; flex-wrap: wrap; gap: 4px 12px; align-items: center; margin: 4px 0 10px; }',
].join('\n');

export function playgroundHtml(config: PlaygroundConfig, scripts: PlaygroundScripts): string {
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${htmlEscape(`lamport-lab ${config.toolVersion} playground`)}</title>`,
    `<style>\n${style}\n</style>`,
    '</head>',
    '<body>',
    `<div id="${playgroundRootElementId}"><p>Loading the playground...</p></div>`,
    '<noscript><p>The playground runs the model with JavaScript: allow scripts for this file.</p></noscript>',
    `<script type="application/json" id="${playgroundConfigElementId}">${inlineConfigJson(config)}</script>`,
    `<script type="text/plain" id="${playgroundWorkerElementId}">${inlineScript(scripts.worker)}</script>`,
    `<script>${inlineScript(scripts.page)}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
