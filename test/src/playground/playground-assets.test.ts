/**
 * Goal: docs/playground.html, the committed copy the README links to, is what this build writes
 * (a change to the page, the worker, the model, a bundled scenario or the version makes it
 * stale, and this test says how to refresh it); and the page is one self-contained file whose
 * inlined text cannot end its elements early or name a web address. Method: a fresh build of
 * the page compared with the committed file; a hostile scenario in the config.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../../src/common/paths.js';
import {
  buildPlaygroundHtml,
  playgroundConfig,
  readPlaygroundScripts,
} from '../../../src/playground/playground-assets.js';
import { playgroundHtml } from '../../../src/playground/playground-html.js';

const refresh =
  'npm run build && node dist/src/cli.js view --playground --out docs/playground.html --force';

describe('playground.html', () => {
  it('docs/playground.html is the page this build writes', () => {
    const committed = readFileSync(join(packageRoot, 'docs', 'playground.html'), 'utf8');
    const fresh = buildPlaygroundHtml();
    expect(
      committed === fresh,
      `docs/playground.html is stale against this build: refresh it with\n  ${refresh}`,
    ).toBe(true);
  });

  it('holds every bundled scenario and the version, default first', () => {
    const config = playgroundConfig();
    const names = Object.keys(config.scenarios);
    expect(names[0]).toBe('default');
    expect(names).toContain('every-fault');
    const version = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')).version;
    expect(config.toolVersion).toBe(version);
  });

  it('keeps hostile text inside its element: no early </script, no <!--, no web address', () => {
    const hostile = '</script><script>alert(1)</script><!-- http://example.invalid/';
    const html = playgroundHtml(
      { toolVersion: '0.0.0', scenarios: { default: { description: hostile } } },
      { page: 'const a = "</script><!--";', worker: 'const b = "</SCRIPT><!--";' },
    );
    // The page's own three closing tags, and no other.
    expect(html.match(/<\/script/gi)).toHaveLength(3);
    expect(html).not.toContain('<!--');
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).toContain('const a = "<\\/script><\\!--";');
    const config = /id="lamport-playground-config">([^<]*)<\/script>/.exec(html)?.[1] ?? '';
    expect(JSON.parse(config).scenarios.default.description).toBe(hostile);
  });

  it('names no web address, though the bundled code has a few in its strings', () => {
    expect(readPlaygroundScripts().worker).toMatch(/https?:\/\//);
    expect(buildPlaygroundHtml()).not.toMatch(/https?:\/\//);
  });

  it('inlines the built page and worker scripts', () => {
    const scripts = readPlaygroundScripts();
    const html = buildPlaygroundHtml();
    expect(scripts.worker.length).toBeGreaterThan(10_000);
    expect(html).toContain(scripts.page.slice(0, 200).replace(/:\/\//g, ':\\/\\/'));
    expect(html).toContain(scripts.worker.slice(0, 200).replace(/:\/\//g, ':\\/\\/'));
  });
});
