/**
 * view.html is one self-contained file whose inlined text cannot end its script elements early:
 * a hostile run title, summary or fault label stays data (it comes back from the JSON element
 * unchanged and no element of its own appears), a page script holding `</script` or `<!--` is
 * escaped, and no http(s) URL appears anywhere, whatever the data holds.
 */
import { describe, expect, it } from 'vitest';
import type { ViewData } from '../../../src/view/model/view-data.js';
import { viewDataElementId } from '../../../src/view/page/page-ids.js';
import { htmlEscape, scriptSafe, viewHtml } from '../../../src/view/view-html.js';
import { makeConfig, runInMemory } from '../../helpers/memory-run.js';
import { viewRunOf } from '../../helpers/view-run.js';

const hostile = '</script><script>alert(1)</script><!--';

function smallData(changes: Partial<ViewData> = {}): ViewData {
  const run = runInMemory(makeConfig({ seed: 3, ratesHz: [2, 1], durationSec: 3 }));
  return { ...viewRunOf(run.events, 2, run.config.durationUs).data, ...changes };
}

/** The text of the data element, up to the first `</script` the HTML parser would stop at. */
function dataElementText(html: string): string {
  const start = html.indexOf(`<script type="application/json" id="${viewDataElementId}">`);
  expect(start).toBeGreaterThanOrEqual(0);
  const open = html.indexOf('>', start) + 1;
  return html.slice(open, html.toLowerCase().indexOf('</script', open));
}

describe('viewHtml', () => {
  it('keeps a hostile title, summary and fault label as data', () => {
    const data = smallData({
      title: hostile,
      summary: { note: hostile },
      faults: [{ kind: 'mark', what: 'drop', machine: 0, peer: 1, atUs: 5, label: hostile }],
    });
    const html = viewHtml(data, 'window.x = 1;');
    // Two script elements (data and code), each closed once: nothing of the title's.
    expect(html.match(/<script/gi)).toHaveLength(2);
    expect(html.match(/<\/script/gi)).toHaveLength(2);
    expect(html).not.toContain('<!--');
    expect(JSON.parse(dataElementText(html))).toEqual(JSON.parse(JSON.stringify(data)));
    expect(html).toContain(`<title>${htmlEscape(`lamport-lab view: ${hostile}`)}</title>`);
  });

  it('escapes </script and <!-- in the page script, in any case', () => {
    const script = 'var a = "</script>", b = "</SCRIPT >", c = "<!-- x";';
    const html = viewHtml(smallData(), script);
    expect(html.match(/<\/script/gi)).toHaveLength(2);
    expect(html).toContain('var a = "<\\/script>", b = "<\\/SCRIPT >", c = "<\\!-- x";');
    // The escapes mean the same string to JavaScript.
    expect(new Function(`${scriptSafe(script)} return [a, b, c];`)()).toEqual([
      '</script>',
      '</SCRIPT >',
      '<!-- x',
    ]);
  });

  it('has no http(s) URL, even when the data names one', () => {
    const html = viewHtml(smallData({ title: 'see https://example.org/x and http://a.b' }), '');
    expect(html).not.toMatch(/https?:\/\//i);
    expect((JSON.parse(dataElementText(html)) as ViewData).title).toBe(
      'see https://example.org/x and http://a.b',
    );
  });

  it('is one document: doctype, the root element, the data, then the script', () => {
    const html = viewHtml(smallData(), 'window.y = 2;');
    expect(html.startsWith('<!doctype html>\n<html lang="en">')).toBe(true);
    const order = ['id="lamport-view"', `id="${viewDataElementId}"`, '<script>window.y = 2;'];
    const places = order.map((text) => html.indexOf(text));
    expect(places.every((place) => place > 0)).toBe(true);
    expect([...places].sort((a, b) => a - b)).toEqual(places);
  });
});
