/**
 * Goal: a histogram is a valid SVG with exactly one bar per bin, each bar's tooltip giving its
 * range (or label) and count, bar heights that order like the counts, escaped text, no NaN for
 * any input (empty, all-zero, non-finite, reversed bins), and the same bytes every time.
 * Method: random bin lists with fast-check, rendered and parsed by the tests' strict XML parser;
 * examples for labelled bins and the edge cases.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type HistogramBin,
  type HistogramSpec,
  histogramSvg,
} from '../../../src/charts/histogram.js';
import { attribute, elementsNamed, parseChart, textOf, titleOf } from './well-formed-xml.js';

const label = fc
  .string({ unit: 'grapheme', maxLength: 12 })
  .filter((text) => !/NaN|Infinity|undefined|null/.test(text));

const bin: fc.Arbitrary<HistogramBin> = fc
  .record({
    from: fc.double({ min: -1e4, max: 1e4, noNaN: true }),
    width: fc.double({ min: 0, max: 100, noNaN: true }),
    count: fc.oneof(
      { weight: 6, arbitrary: fc.nat({ max: 10_000 }) },
      { weight: 2, arbitrary: fc.double({ min: 0, max: 1, noNaN: true }) },
      { weight: 1, arbitrary: fc.constantFrom(Number.NaN, Infinity, -3) },
    ),
    label: fc.option(label, { nil: undefined }),
  })
  .map(({ from, width, count, label }) => {
    const base = { from, to: from + width, count };
    return label === undefined ? base : { ...base, label };
  });

const spec: fc.Arbitrary<HistogramSpec> = fc.record({
  title: label,
  xLabel: label,
  yLabel: label,
  bins: fc.array(bin, { maxLength: 40 }),
});

describe('histogramSvg', () => {
  it('draws one bar per bin with its count in a tooltip, for any bins', () => {
    fc.assert(
      fc.property(spec, (chart) => {
        const root = parseChart(histogramSvg(chart));
        const bars = elementsNamed(root, 'rect', 'bar');
        expect(bars).toHaveLength(chart.bins.length);
        // The only other <rect> is the white background.
        expect(elementsNamed(root, 'rect')).toHaveLength(chart.bins.length + 1);
        bars.forEach((bar, index) => {
          const count = chart.bins[index]?.count ?? 0;
          const shown = Number.isFinite(count) ? count : 0;
          const title = titleOf(bar) ?? '';
          expect(
            title.endsWith(`: ${Number.isInteger(shown) ? shown : Number(shown.toFixed(3))}`),
          ).toBe(true);
        });
      }),
    );
  });

  it('orders bar heights like the counts', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 1000 }), { minLength: 1, maxLength: 30 }), (counts) => {
        const root = parseChart(
          histogramSvg({
            title: 't',
            xLabel: 'x',
            yLabel: 'y',
            bins: counts.map((count, index) => ({ from: index, to: index + 1, count })),
          }),
        );
        const heights = elementsNamed(root, 'rect', 'bar').map((bar) =>
          Number(attribute(bar, 'height')),
        );
        const bottoms = elementsNamed(root, 'rect', 'bar').map(
          (bar) => Number(attribute(bar, 'y')) + Number(attribute(bar, 'height')),
        );
        for (let a = 0; a < counts.length; a += 1) {
          for (let b = 0; b < counts.length; b += 1) {
            if ((counts[a] ?? 0) > (counts[b] ?? 0)) {
              expect(heights[a]).toBeGreaterThanOrEqual(heights[b] ?? 0);
            }
          }
          // Every bar stands on the zero line (within the 0.1 px rounding of the output).
          expect(Math.abs((bottoms[a] ?? 0) - (bottoms[0] ?? 0))).toBeLessThanOrEqual(0.11);
        }
        const xs = elementsNamed(root, 'rect', 'bar').map((bar) => Number(attribute(bar, 'x')));
        expect([...xs].sort((p, q) => p - q)).toEqual(xs);
      }),
    );
  });

  it('gives the same bytes for the same bins', () => {
    fc.assert(
      fc.property(spec, (chart) => {
        expect(histogramSvg(chart)).toBe(histogramSvg(chart));
      }),
    );
  });

  it('labels the axis with the bin labels when every bin has one, escaped', () => {
    const source = histogramSvg({
      title: 'Clock jumps <at receives>',
      xLabel: 'jump (ticks)',
      yLabel: 'receives (count)',
      bins: [
        { from: 0.5, to: 1.5, count: 12, label: '1' },
        { from: 1.5, to: 2.5, count: 4, label: '2 & "more"' },
      ],
    });
    expect(source).toContain('2 &amp; &quot;more&quot;');
    expect(source).not.toContain('<at receives>');
    const root = parseChart(source);
    const texts = elementsNamed(root, 'text').map(textOf);
    expect(texts).toContain('1');
    expect(texts).toContain('2 & "more"');
    expect(texts).toContain('Clock jumps <at receives>');
    expect(elementsNamed(root, 'rect', 'bar').map(titleOf)).toEqual(['1: 12', '2 & "more": 4']);
  });

  /** One bin per clock jump, as run-charts.ts makes them: [jump - 0.5, jump + 0.5). */
  const jumpBins = (jumps: readonly number[]): HistogramBin[] =>
    jumps.map((jump) => ({ from: jump - 0.5, to: jump + 0.5, count: 2, label: String(jump) }));
  const barLefts = (source: string): number[] =>
    elementsNamed(parseChart(source), 'rect', 'bar').map((bar) => Number(attribute(bar, 'x')));

  it('stands labelled bars side by side, not to scale, when some would be too narrow to tell apart', () => {
    // A corrupt-clock set to 2^52 beside ordinary jumps: on a linear axis the first twelve bars
    // were drawn on one pixel, and only "0" was labelled.
    const jumps = [...Array.from({ length: 12 }, (_, jump) => jump), 2 ** 52 - 5, 2 ** 52];
    const source = histogramSvg({ title: 't', xLabel: 'jump', yLabel: 'n', bins: jumpBins(jumps) });
    const lefts = barLefts(source);
    for (let index = 1; index < lefts.length; index += 1) {
      expect((lefts[index] as number) - (lefts[index - 1] as number)).toBeGreaterThanOrEqual(3);
    }
    const texts = elementsNamed(parseChart(source), 'text').map(textOf);
    expect(texts).toContain('jump, in order, not to scale');
    expect(texts).toContain(String(2 ** 52 - 5));
    expect(texts.filter((text) => /^\d+$/.test(text)).length).toBeGreaterThan(2);
  });

  it('keeps labelled bars to scale where each is wide enough to tell apart', () => {
    const source = histogramSvg({
      title: 't',
      xLabel: 'jump',
      yLabel: 'n',
      bins: jumpBins([0, 1, 2, 10, 19]),
    });
    const lefts = barLefts(source);
    // Equal steps of value are equal steps of pixels: 1 → 2 is a ninth of 1 → 10.
    const unit = (lefts[2] as number) - (lefts[1] as number);
    const far = (lefts[3] as number) - (lefts[1] as number);
    // Within the pixel that rounding to 0.1 px over nine steps may cost.
    expect(Math.abs(far - 9 * unit)).toBeLessThanOrEqual(1);
    expect(elementsNamed(parseChart(source), 'text').map(textOf)).toContain('jump');
  });

  it('gives unlabelled bins their numeric range in the tooltip', () => {
    const root = parseChart(
      histogramSvg({
        title: 't',
        xLabel: 'latency (ms)',
        yLabel: 'messages (count)',
        bins: [{ from: 5, to: 10, count: 3 }],
      }),
    );
    expect(elementsNamed(root, 'rect', 'bar').map(titleOf)).toEqual(['5 – 10: 3']);
  });

  it('renders no bins, all-zero counts and degenerate bins without NaN', () => {
    const empty = parseChart(histogramSvg({ title: 't', xLabel: 'x', yLabel: 'y', bins: [] }));
    expect(elementsNamed(empty, 'text').map(textOf)).toContain('no data');
    for (const bins of [
      [{ from: 0, to: 1, count: 0 }],
      [{ from: 3, to: 3, count: 5 }],
      [{ from: 4, to: 2, count: 1 }],
      [{ from: Number.NaN, to: Infinity, count: -Infinity }],
    ]) {
      const root = parseChart(histogramSvg({ title: 't', xLabel: 'x', yLabel: 'y', bins }));
      expect(elementsNamed(root, 'rect', 'bar')).toHaveLength(1);
    }
  });
});
