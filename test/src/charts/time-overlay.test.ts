/**
 * Goal: a time chart's fault overlay is cut to the chart's x axis (a span reaching past it is
 * shaded up to its edge, one wholly outside and a mark outside are not drawn), sits behind the
 * lines, and a chart without an overlay has no trace of one (no element, no style rule).
 * Method: line charts over x in 0..10 drawn with lineChartSvg, parsed.
 */
import { describe, expect, it } from 'vitest';
import { lineChartSvg } from '../../../src/charts/line-chart.js';
import { attribute, elementsNamed, hasClass, parseChart } from './well-formed-xml.js';

const spec = {
  title: 't',
  xLabel: 'time (s)',
  yLabel: 'y',
  series: [{ name: 's', xs: [0, 5, 10], ys: [0, 1, 2] }],
};

describe('the fault overlay of a line chart', () => {
  it('cuts spans to the axis and leaves out what lies outside it', () => {
    const svg = lineChartSvg({
      ...spec,
      overlay: {
        spans: [
          { kind: 'partition', fromX: 8, untilX: 30, label: 'p' },
          { kind: 'pause', fromX: 20, untilX: 30, label: 'outside' },
        ],
        marks: [
          { kind: 'crash', x: 5, label: 'c' },
          { kind: 'restart', x: 11, label: 'outside' },
        ],
      },
    });
    const chart = parseChart(svg);
    const rects = elementsNamed(chart, 'rect').filter((rect) => hasClass(rect, 'fault-span'));
    expect(rects.map((rect) => attribute(rect, 'data-from'))).toEqual(['8']);
    const marks = elementsNamed(chart, 'line').filter((line) => hasClass(line, 'fault-mark'));
    expect(marks.map((line) => attribute(line, 'data-at'))).toEqual(['5']);
    // The span ends at the axis' right end (x = 10), where the x axis' last tick is.
    const lastTick = elementsNamed(chart, 'text').filter(
      (text) => hasClass(text, 'tick-label') && text.children.join('') === '10',
    )[0];
    const rect = rects[0];
    if (rect === undefined || lastTick === undefined) throw new Error('missing');
    expect(Number(attribute(rect, 'x')) + Number(attribute(rect, 'width'))).toBeCloseTo(
      Number(attribute(lastTick, 'x')),
      0,
    );
    // Behind the data: the overlay comes before the series' polyline.
    expect(svg.indexOf('class="faults"')).toBeLessThan(svg.indexOf('<polyline'));
  });

  it('leaves a chart without an overlay as it was', () => {
    const svg = lineChartSvg(spec);
    expect(svg).not.toContain('fault');
    expect(lineChartSvg({ ...spec, overlay: { spans: [], marks: [] } })).toContain('.fault-span');
  });
});
