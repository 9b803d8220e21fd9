/**
 * Goal: a heatmap is a valid SVG with one cell per (x, y) pair, each value written in its cell
 * and named in a tooltip, missing values shown as such, colours running from the dark end of the
 * scale at the smallest value to the bright end at the largest, a key with both, row 0 at the
 * bottom, escaped text, no NaN for any grid, and the same bytes every time.
 * Method: random grids (ragged rows, nulls, non-finite values, string and number labels) with
 * fast-check, parsed by the tests' strict XML parser; examples for the edge cases.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type HeatmapSpec, heatmapSvg, sequentialColour } from '../../../src/charts/heatmap.js';
import { attribute, elementsNamed, parseChart, textOf, titleOf } from './well-formed-xml.js';

const text = fc
  .string({ unit: 'grapheme', maxLength: 10 })
  .filter((value) => !/NaN|Infinity|undefined|null/.test(value));
const axisValue = fc.oneof(
  text,
  fc.integer({ min: -100, max: 100 }),
  fc.double({ min: 0, max: 1, noNaN: true }),
  fc.constantFrom(Number.NaN, -Infinity),
);
const cell = fc.oneof(
  { weight: 8, arbitrary: fc.double({ min: -1e6, max: 1e6, noNaN: true }) },
  { weight: 2, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.constantFrom(Number.NaN, Infinity) },
);

const spec: fc.Arbitrary<HeatmapSpec> = fc
  .record({
    xValues: fc.array(axisValue, { maxLength: 8 }),
    yValues: fc.array(axisValue, { maxLength: 6 }),
    rows: fc.array(fc.array(cell, { maxLength: 9 }), { maxLength: 7 }),
    labels: fc.tuple(text, text, text, text),
  })
  .map(({ xValues, yValues, rows, labels: [title, xLabel, yLabel, valueLabel] }) => ({
    title,
    xLabel,
    yLabel,
    valueLabel,
    xValues,
    yValues,
    cells: rows,
  }));

const finiteAt = (chart: HeatmapSpec, y: number, x: number): number | null => {
  const value = chart.cells[y]?.[x];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
};

describe('heatmapSvg', () => {
  it('draws one cell per (x, y) and a value in each cell that has one, for any grid', () => {
    fc.assert(
      fc.property(spec, (chart) => {
        const root = parseChart(heatmapSvg(chart));
        const cells = elementsNamed(root, 'rect', 'cell');
        expect(cells).toHaveLength(chart.xValues.length * chart.yValues.length);
        let withValue = 0;
        for (let y = 0; y < chart.yValues.length; y += 1) {
          for (let x = 0; x < chart.xValues.length; x += 1) {
            if (finiteAt(chart, y, x) !== null) withValue += 1;
          }
        }
        expect(elementsNamed(root, 'text', 'cell-value')).toHaveLength(withValue);
        expect(cells.every((cell) => (titleOf(cell) ?? '').includes(chart.valueLabel))).toBe(true);
      }),
    );
  });

  it('gives the same bytes for the same grid', () => {
    fc.assert(
      fc.property(spec, (chart) => {
        expect(heatmapSvg(chart)).toBe(heatmapSvg(chart));
      }),
    );
  });

  it('colours from the dark end at the minimum to the bright end at the maximum', () => {
    const root = parseChart(
      heatmapSvg({
        title: 'Largest queue',
        xLabel: 'rate spread (Hz)',
        yLabel: 'internal probability',
        xValues: [1, 2, 3],
        yValues: [0.25, 0.7],
        cells: [
          [0, 5, 10],
          [10, null, 2.5],
        ],
        valueLabel: 'largest queue (messages)',
      }),
    );
    const fills = elementsNamed(root, 'rect', 'cell').map((cell) => attribute(cell, 'fill'));
    // Rows in order, row 0 first: [0, 5, 10], then [10, missing, 2.5].
    expect(fills[0]).toBe(sequentialColour(0));
    expect(fills[2]).toBe(sequentialColour(1));
    expect(fills[3]).toBe(fills[2]);
    expect(fills[1]).toBe(sequentialColour(0.5));
    expect(fills[4]).toBe('#eeeeee');
    expect(sequentialColour(0)).toBe('#440154');
    expect(sequentialColour(1)).toBe('#fde725');
    const key = elementsNamed(root, 'g', 'colour-key')[0];
    const keyTexts = key === undefined ? [] : elementsNamed(key, 'text').map(textOf);
    expect(keyTexts).toEqual(['largest queue (messages)', '10', '0']);
    expect(titleOf(elementsNamed(root, 'rect', 'cell')[4] ?? root)).toBe(
      'rate spread (Hz) 2, internal probability 0.7: largest queue (messages) no value',
    );
  });

  it('puts row 0 at the bottom and column 0 on the left', () => {
    const root = parseChart(
      heatmapSvg({
        title: 't',
        xLabel: 'x',
        yLabel: 'y',
        xValues: ['a', 'b'],
        yValues: ['low', 'high'],
        cells: [
          [1, 2],
          [3, 4],
        ],
        valueLabel: 'v',
      }),
    );
    const cells = elementsNamed(root, 'rect', 'cell');
    const y = (index: number): number => Number(attribute(cells[index] ?? root, 'y'));
    const x = (index: number): number => Number(attribute(cells[index] ?? root, 'x'));
    expect(y(0)).toBeGreaterThan(y(2));
    expect(x(1)).toBeGreaterThan(x(0));
    expect(elementsNamed(root, 'text', 'cell-value').map(textOf)).toEqual(['1', '2', '3', '4']);
  });

  it('writes values with the given format, in cells, tooltips and key', () => {
    const root = parseChart(
      heatmapSvg({
        title: 't',
        xLabel: 'x',
        yLabel: 'y',
        xValues: [1],
        yValues: [1, 2],
        cells: [[0.5], [0.25]],
        valueLabel: 'share',
        format: (value) => `${(value * 100).toFixed(0)}%`,
      }),
    );
    expect(elementsNamed(root, 'text', 'cell-value').map(textOf)).toEqual(['50%', '25%']);
    const key = elementsNamed(root, 'g', 'colour-key')[0];
    expect(key && elementsNamed(key, 'text').map(textOf)).toEqual(['share', '50%', '25%']);
  });

  it('picks a readable text colour for each cell', () => {
    const root = parseChart(
      heatmapSvg({
        title: 't',
        xLabel: 'x',
        yLabel: 'y',
        xValues: [1, 2],
        yValues: [1],
        cells: [[0, 1]],
        valueLabel: 'v',
      }),
    );
    const classes = elementsNamed(root, 'text', 'cell-value').map((t) => attribute(t, 'class'));
    expect(classes).toEqual(['cell-value on-dark', 'cell-value on-light']);
  });

  it('escapes labels and values', () => {
    const hostile = '<v & "w">';
    const source = heatmapSvg({
      title: hostile,
      xLabel: hostile,
      yLabel: 'y',
      xValues: [hostile],
      yValues: [1],
      cells: [[1]],
      valueLabel: hostile,
      format: () => hostile,
    });
    expect(source).not.toContain(hostile);
    const root = parseChart(source);
    expect(elementsNamed(root, 'text', 'cell-value').map(textOf)).toEqual([hostile]);
    expect(
      elementsNamed(root, 'text')
        .map(textOf)
        .filter((t) => t === hostile).length,
    ).toBeGreaterThanOrEqual(4);
  });

  it('renders an empty or all-missing grid as a valid chart that says so', () => {
    for (const cells of [[], [[null, Number.NaN]]]) {
      const root = parseChart(
        heatmapSvg({
          title: 't',
          xLabel: 'x',
          yLabel: 'y',
          xValues: [1, 2],
          yValues: [1],
          cells,
          valueLabel: 'v',
        }),
      );
      expect(elementsNamed(root, 'rect', 'cell')).toHaveLength(2);
      expect(elementsNamed(root, 'text').map(textOf)).toContain('no data');
    }
    const none = parseChart(
      heatmapSvg({
        title: 't',
        xLabel: 'x',
        yLabel: 'y',
        xValues: [],
        yValues: [],
        cells: [],
        valueLabel: 'v',
      }),
    );
    expect(elementsNamed(none, 'rect', 'cell')).toHaveLength(0);
  });

  it('gives one colour to a grid of equal values', () => {
    const root = parseChart(
      heatmapSvg({
        title: 't',
        xLabel: 'x',
        yLabel: 'y',
        xValues: [1, 2],
        yValues: [1],
        cells: [[3, 3]],
        valueLabel: 'v',
      }),
    );
    const fills = elementsNamed(root, 'rect', 'cell').map((cell) => attribute(cell, 'fill'));
    expect(fills).toEqual([sequentialColour(0.5), sequentialColour(0.5)]);
  });
});
