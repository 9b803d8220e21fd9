/**
 * Goal: a line chart is a valid, self-contained SVG for any input the simulator can produce:
 * one <polyline> per series and one legend entry per name, escaped text, no NaN even for empty,
 * constant or non-finite series, the same bytes every time, step lines that only move
 * horizontally or vertically, and long series reduced without losing their peaks.
 * Method: random specs with fast-check, each rendered output parsed by the tests' strict XML
 * parser and inspected as a tree; examples for the edge cases.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { plotTopPx } from '../../../src/charts/axes.js';
import {
  type LineChartSpec,
  type LineSeries,
  lineChartSvg,
} from '../../../src/charts/line-chart.js';
import {
  attribute,
  elementsNamed,
  parseChart,
  textOf,
  titleOf,
  type XmlElement,
} from './well-formed-xml.js';

/** Names that cannot contain the words the NaN check looks for. */
const name = fc
  .string({ unit: 'grapheme', maxLength: 24 })
  .filter((text) => !/NaN|Infinity|undefined|null/.test(text));

const value = fc.oneof(
  { weight: 8, arbitrary: fc.double({ min: -1e6, max: 1e6, noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom(Number.NaN, Infinity, -Infinity, 0, -0) },
);

const series: fc.Arbitrary<LineSeries> = fc
  .record({
    name,
    points: fc.array(fc.tuple(value, value), { maxLength: 60 }),
    step: fc.option(fc.boolean(), { nil: undefined }),
  })
  .map(({ name, points, step }) => {
    const sorted = [...points].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const base = { name, xs: sorted.map(([x]) => x), ys: sorted.map(([, y]) => y) };
    return step === undefined ? base : { ...base, step };
  });

const spec: fc.Arbitrary<LineChartSpec> = fc.record(
  {
    title: name,
    xLabel: name,
    yLabel: name,
    series: fc.array(series, { maxLength: 12 }),
    widthPx: fc.integer({ min: 100, max: 2000 }),
    heightPx: fc.integer({ min: 100, max: 1000 }),
  },
  { requiredKeys: ['title', 'xLabel', 'yLabel', 'series'] },
);

function pointsOf(polyline: XmlElement): [number, number][] {
  const points = attribute(polyline, 'points');
  return points === ''
    ? []
    : points.split(' ').map((pair) => {
        const [x, y] = pair.split(',').map(Number);
        return [x ?? Number.NaN, y ?? Number.NaN];
      });
}

describe('lineChartSvg', () => {
  it('draws one polyline and one legend entry per series, for any spec', () => {
    fc.assert(
      fc.property(spec, (chart) => {
        const root = parseChart(lineChartSvg(chart));
        const lines = elementsNamed(root, 'polyline', 'series');
        expect(elementsNamed(root, 'polyline')).toHaveLength(chart.series.length);
        expect(lines.map(titleOf)).toEqual(chart.series.map((one) => one.name));
        const entries = elementsNamed(root, 'g', 'legend-entry');
        expect(entries.map(titleOf)).toEqual(chart.series.map((one) => one.name));
        for (const line of lines) {
          for (const [x, y] of pointsOf(line)) {
            expect(Number.isFinite(x) && Number.isFinite(y)).toBe(true);
          }
        }
      }),
    );
  });

  it('gives the same bytes for the same spec, with typed or plain arrays', () => {
    fc.assert(
      fc.property(spec, (chart) => {
        const typed = {
          ...chart,
          series: chart.series.map((one) => ({
            ...one,
            xs: Float64Array.from(one.xs),
            ys: Float64Array.from(one.ys),
          })),
        };
        const first = lineChartSvg(chart);
        expect(lineChartSvg(chart)).toBe(first);
        expect(lineChartSvg(typed)).toBe(first);
      }),
    );
  });

  it('escapes names, title and axis labels', () => {
    const hostile = '<a & "b">';
    const source = lineChartSvg({
      title: hostile,
      xLabel: `${hostile} (s)`,
      yLabel: `${hostile} (ticks)`,
      series: [{ name: hostile, xs: [0, 1], ys: [0, 1] }],
    });
    expect(source).not.toContain(hostile);
    expect(source).toContain('&lt;a &amp; &quot;b&quot;&gt;');
    const root = parseChart(source);
    const texts = elementsNamed(root, 'text').map(textOf);
    expect(texts).toContain(hostile);
    expect(texts).toContain(`${hostile} (s)`);
    expect(texts).toContain(`${hostile} (ticks)`);
  });

  it('shows the series names, with rates, in the legend', () => {
    const root = parseChart(
      lineChartSvg({
        title: 'Lamport clocks',
        xLabel: 'time (s)',
        yLabel: 'clock (ticks)',
        series: [0, 1, 2].map((id) => ({
          name: `machine ${id} (${id + 1} Hz)`,
          xs: [0, 1, 2],
          ys: [0, id + 1, 2 * (id + 1)],
        })),
      }),
    );
    const legend = elementsNamed(root, 'g', 'legend')[0];
    expect(legend && elementsNamed(legend, 'text').map(textOf)).toEqual([
      'machine 0 (1 Hz)',
      'machine 1 (2 Hz)',
      'machine 2 (3 Hz)',
    ]);
  });

  it('renders empty, single-point and constant series without NaN', () => {
    for (const series of [
      [],
      [{ name: 'empty', xs: [], ys: [] }],
      [{ name: 'one point', xs: [3], ys: [7] }],
      [{ name: 'flat', xs: [0, 1, 2, 3], ys: [5, 5, 5, 5], step: true }],
      [{ name: 'one instant', xs: [2, 2, 2], ys: [1, 2, 3] }],
      [{ name: 'not finite', xs: [Number.NaN, 1], ys: [1, Infinity] }],
      [{ name: 'zeros', xs: [0, 0], ys: [0, 0] }],
    ]) {
      const root = parseChart(lineChartSvg({ title: 't', xLabel: 'x', yLabel: 'y', series }));
      expect(elementsNamed(root, 'polyline', 'series')).toHaveLength(series.length);
    }
  });

  it('says "no data" when there is nothing to draw, and draws a lone point as a dot', () => {
    const empty = parseChart(lineChartSvg({ title: 't', xLabel: 'x', yLabel: 'y', series: [] }));
    expect(elementsNamed(empty, 'text').map(textOf)).toContain('no data');
    const dot = parseChart(
      lineChartSvg({
        title: 't',
        xLabel: 'x',
        yLabel: 'y',
        series: [{ name: 'p', xs: [1], ys: [1] }],
      }),
    );
    const [line] = elementsNamed(dot, 'polyline', 'series');
    const points = line === undefined ? [] : pointsOf(line);
    expect(points).toHaveLength(2);
    expect(points[0]).toEqual(points[1]);
  });

  it('draws step series with horizontal and vertical segments only', () => {
    fc.assert(
      fc.property(series, (one) => {
        const root = parseChart(
          lineChartSvg({ title: 't', xLabel: 'x', yLabel: 'y', series: [{ ...one, step: true }] }),
        );
        const [line] = elementsNamed(root, 'polyline', 'series');
        const points = line === undefined ? [] : pointsOf(line);
        for (let index = 1; index < points.length; index += 1) {
          const [x0, y0] = points[index - 1] ?? [0, 0];
          const [x1, y1] = points[index] ?? [0, 0];
          expect(x0 === x1 || y0 === y1).toBe(true);
        }
      }),
    );
  });

  it('reduces a long series to the plot width and keeps its spike', () => {
    const count = 200_000;
    const xs = new Float64Array(count).map((_, index) => index / 1000);
    const ys = new Float64Array(count);
    ys[123_457] = 1; // a single-sample spike: the y axis runs 0..1, so it reaches the plot top
    const root = parseChart(
      lineChartSvg({
        title: 't',
        xLabel: 'x',
        yLabel: 'y',
        series: [{ name: 's', xs, ys, step: true }],
      }),
    );
    const [line] = elementsNamed(root, 'polyline', 'series');
    const points = line === undefined ? [] : pointsOf(line);
    expect(points.length).toBeLessThanOrEqual(2 * 4 * 800);
    expect(Math.min(...points.map(([, y]) => y))).toBe(plotTopPx);
  });

  it('repeats colours past ten series with a dash pattern, and cuts long legend names', () => {
    const long = 'a very long series name that would not fit in the legend column at all';
    const root = parseChart(
      lineChartSvg({
        title: 't',
        xLabel: 'x',
        yLabel: 'y',
        series: Array.from({ length: 12 }, (_, index) => ({
          name: index === 0 ? long : `s${index}`,
          xs: [0, 1],
          ys: [index, index + 1],
        })),
      }),
    );
    const lines = elementsNamed(root, 'polyline', 'series');
    expect(lines[10]?.attributes.get('stroke')).toBe(lines[0]?.attributes.get('stroke'));
    expect(lines[0]?.attributes.has('stroke-dasharray')).toBe(false);
    expect(lines[10]?.attributes.has('stroke-dasharray')).toBe(true);
    const [first] = elementsNamed(root, 'g', 'legend-entry');
    const shown = first === undefined ? '' : textOf(elementsNamed(first, 'text')[0] ?? first);
    expect(shown.endsWith('…')).toBe(true);
    expect(long.startsWith(shown.slice(0, -1))).toBe(true);
    expect(first && titleOf(first)).toBe(long);
  });
});
