/**
 * Goal: the shared chart pieces keep their promises: escaped text always parses back to itself
 * (or to U+FFFD for characters XML cannot hold), numbers print with fixed decimals and never as
 * "NaN" or "-0", nice ticks are 1-2-5 steps that enclose the data in 4 to 8 ticks, the palette has
 * ten distinct colours and then cycles, and the document wrapper is well-formed SVG.
 * Method: properties over random strings and ranges with fast-check, checked with the tests' own
 * strict XML parser; examples for the edge cases (equal values, zero, huge and tiny ranges).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  escapeXml,
  formatFixed,
  formatValue,
  niceTicks,
  px,
  seriesColour,
  seriesPalette,
  svgDocument,
  svgText,
  truncate,
} from '../../../src/charts/svg.js';
import { parseXml, textOf } from './well-formed-xml.js';

/** Any UTF-16 code unit, so lone surrogates and control characters come up often. */
const anyCodeUnits = fc.string({
  unit: fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)),
  maxLength: 30,
});

function roundTrip(text: string): { inText: string; inAttribute: string } {
  const escaped = escapeXml(text);
  const root = parseXml(`<t a="${escaped}" b='${escaped}'>${escaped}</t>`);
  expect(root.attributes.get('b')).toBe(root.attributes.get('a'));
  return { inText: textOf(root), inAttribute: root.attributes.get('a') ?? '' };
}

describe('escapeXml', () => {
  it('escapes markup characters', () => {
    expect(escapeXml(`<a & "b">'`)).toBe('&lt;a &amp; &quot;b&quot;&gt;&apos;');
  });

  it('round-trips any text of valid XML characters, in content and in either quote style', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 30 }), (text) => {
        expect(roundTrip(text)).toEqual({ inText: text, inAttribute: text });
      }),
    );
  });

  it('keeps whitespace exact, even in attributes', () => {
    expect(roundTrip('a\tb\nc\r\nd')).toEqual({
      inText: 'a\tb\nc\r\nd',
      inAttribute: 'a\tb\nc\r\nd',
    });
  });

  it('turns characters XML cannot hold into U+FFFD and keeps surrogate pairs', () => {
    expect(roundTrip('a\u0000b\u001Fc\uFFFE').inText).toBe('a\uFFFDb\uFFFDc\uFFFD');
    expect(roundTrip('x\uD800y\uDC00z').inText).toBe('x\uFFFDy\uFFFDz');
    expect(roundTrip('\uDC00\uD800').inText).toBe('\uFFFD\uFFFD');
    expect(roundTrip('emoji \u{1F600}!').inText).toBe('emoji \u{1F600}!');
  });

  it('gives well-formed XML for any sequence of code units', () => {
    fc.assert(
      fc.property(anyCodeUnits, (text) => {
        const { inText, inAttribute } = roundTrip(text);
        expect(inAttribute).toBe(inText);
        expect(inText.length).toBeLessThanOrEqual(text.length);
      }),
    );
  });
});

describe('number formatting', () => {
  it('writes exactly the requested decimals, with no "-0" and no exponent', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1e15, max: 1e15, noNaN: true }),
        fc.integer({ min: 0, max: 6 }),
        (value, decimals) => {
          const text = formatFixed(value, decimals);
          const pattern = decimals === 0 ? /^-?\d+$/ : new RegExp(`^-?\\d+\\.\\d{${decimals}}$`);
          expect(text).toMatch(pattern);
          expect(text).not.toMatch(/^-0(\.0*)?$/);
        },
      ),
    );
  });

  it('writes non-finite values as zero rather than NaN or Infinity', () => {
    expect(formatFixed(Number.NaN, 2)).toBe('0.00');
    expect(formatFixed(Number.POSITIVE_INFINITY, 1)).toBe('0.0');
    expect(formatFixed(-0.0001, 1)).toBe('0.0');
  });

  it('clamps pixel coordinates so they stay plain decimals', () => {
    expect(px(1e25)).toBe('1000000000.0');
    expect(px(-1e25)).toBe('-1000000000.0');
    expect(px(12.345)).toBe('12.3');
  });

  it('writes label values without trailing zeros', () => {
    expect(formatValue(3)).toBe('3');
    expect(formatValue(2.5)).toBe('2.5');
    expect(formatValue(1 / 3)).toBe('0.333');
    expect(formatValue(1 / 3, 1)).toBe('0.3');
    expect(formatValue(-0.0001)).toBe('0');
    expect(formatValue(Number.NaN)).toBe('n/a');
  });
});

describe('niceTicks', () => {
  const isOneTwoFive = (step: number): boolean => {
    const mantissa = step / 10 ** Math.floor(Math.log10(step) + 1e-9);
    return [1, 2, 5].some((nice) => Math.abs(mantissa - nice) < 1e-6);
  };

  it('gives 4 to 8 ticks of a 1-2-5 step that enclose the range', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1e12, max: 1e12, noNaN: true }),
        fc.double({ min: -1e12, max: 1e12, noNaN: true }),
        (a, b) => {
          const low = Math.min(a, b);
          const high = Math.max(a, b);
          const ticks = niceTicks(low, high);
          expect(ticks.values.length).toBeGreaterThanOrEqual(4);
          expect(ticks.values.length).toBeLessThanOrEqual(8);
          expect(isOneTwoFive(ticks.step)).toBe(true);
          expect(ticks.min).toBeLessThanOrEqual(low);
          expect(ticks.max).toBeGreaterThanOrEqual(high);
          expect(ticks.max).toBeGreaterThan(ticks.min);
          expect(ticks.values[0]).toBe(ticks.min);
          expect(ticks.values.at(-1)).toBe(ticks.max);
          for (let index = 1; index < ticks.values.length; index += 1) {
            const gap = (ticks.values[index] ?? 0) - (ticks.values[index - 1] ?? 0);
            expect(Math.abs(gap - ticks.step)).toBeLessThanOrEqual(ticks.step * 1e-6);
          }
          const labels = ticks.values.map((value) => formatFixed(value, ticks.decimals));
          expect(new Set(labels).size).toBe(labels.length);
        },
      ),
    );
  });

  it('gives round values without float noise', () => {
    expect(niceTicks(0, 1).values).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(0.1, 0.7).values).toEqual([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7]);
    expect(niceTicks(3, 58_700).values).toEqual([
      0, 10_000, 20_000, 30_000, 40_000, 50_000, 60_000,
    ]);
  });

  it('widens a zero-width range around its value', () => {
    expect(niceTicks(5, 5).values).toEqual([4.4, 4.6, 4.8, 5, 5.2, 5.4, 5.6]);
    expect(niceTicks(0, 0).values).toEqual([-1, -0.5, 0, 0.5, 1]);
    for (const value of [0, 5, -3, 1e9, 1e-7]) {
      const ticks = niceTicks(value, value);
      expect(ticks.min).toBeLessThan(value);
      expect(ticks.max).toBeGreaterThan(value);
    }
  });

  it('never goes below a step of 1 for integer data', () => {
    fc.assert(
      fc.property(fc.nat({ max: 1000 }), fc.nat({ max: 1000 }), (a, b) => {
        const ticks = niceTicks(Math.min(a, b), Math.max(a, b), { integer: true });
        expect(ticks.step).toBeGreaterThanOrEqual(1);
        expect(ticks.values.every(Number.isInteger)).toBe(true);
        expect(ticks.values.length).toBeLessThanOrEqual(8);
      }),
    );
  });

  it('survives non-finite and extreme input', () => {
    for (const [low, high] of [
      [Number.NaN, 1],
      [0, Number.POSITIVE_INFINITY],
      [-1e308, 1e308],
      [0, 5e-324],
    ] as const) {
      const ticks = niceTicks(low, high);
      expect(ticks.values.every(Number.isFinite)).toBe(true);
      expect(ticks.max).toBeGreaterThan(ticks.min);
    }
  });
});

describe('series colours', () => {
  it('are ten distinct colours, then cycle', () => {
    expect(new Set(seriesPalette.map((colour) => colour.toLowerCase())).size).toBe(10);
    for (let index = 0; index < 25; index += 1) {
      expect(seriesColour(index)).toBe(seriesColour(index + 10));
      expect(seriesColour(index)).toMatch(/^#[0-9A-F]{6}$/);
    }
  });
});

describe('svgDocument', () => {
  it('is a well-formed SVG with size, viewBox, escaped title and a stylesheet', () => {
    const source = svgDocument({
      title: 'a < b & "c"',
      widthPx: 640,
      heightPx: 480,
      chartClass: 'test-chart',
      body: svgText(10, 20, '<x>', { className: 'title', anchor: 'middle', rotate: -90 }),
    });
    const root = parseXml(source);
    expect(root.name).toBe('svg');
    expect(root.attributes.get('xmlns')).toBe('http://www.w3.org/2000/svg');
    expect(root.attributes.get('width')).toBe('640.0');
    expect(root.attributes.get('viewBox')).toBe('0 0 640.0 480.0');
    const title = root.children.find(
      (child) => typeof child !== 'string' && child.name === 'title',
    );
    expect(title !== undefined && typeof title !== 'string' && textOf(title)).toBe('a < b & "c"');
    expect(source).toContain('font-family: system-ui');
    expect(source).toContain(
      '<text x="10.0" y="20.0" class="title" text-anchor="middle" transform="rotate(-90 10.0 20.0)">&lt;x&gt;</text>',
    );
  });

  it('scopes every CSS rule under the chart, so charts inlined in one page do not clash', () => {
    const source = svgDocument({
      title: 't',
      widthPx: 100,
      heightPx: 100,
      chartClass: 'test-chart',
      body: '',
      rules: ['.key { stroke: red; }'],
    });
    const root = parseXml(source);
    expect(root.attributes.get('class')).toBe('lamport-chart test-chart');
    const style = root.children.find(
      (child) => typeof child !== 'string' && child.name === 'style',
    );
    const rules = (style === undefined || typeof style === 'string' ? '' : textOf(style))
      .split('\n')
      .filter((line) => line.includes('{'));
    expect(rules.length).toBeGreaterThan(5);
    expect(rules.every((rule) => rule.startsWith('.lamport-chart'))).toBe(true);
    expect(rules).toContain('.lamport-chart.test-chart .key { stroke: red; }');
  });
});

describe('truncate', () => {
  it('cuts long labels with an ellipsis and leaves short ones', () => {
    expect(truncate('machine 0 (5 Hz)', 40)).toBe('machine 0 (5 Hz)');
    expect(truncate('abcdefghij', 5)).toBe('abcd…');
    expect(Array.from(truncate('\u{1F600}'.repeat(10), 4))).toHaveLength(4);
  });
});
