/**
 * Line charts of series over x (Lamport clocks over time, queue lengths over time): axes with nice
 * ticks and a light grid, one <polyline> per series, and a legend on the right with the series
 * names. Series are reduced to the plot's pixel columns with min/max downsampling before they are
 * written, so a million-point series costs a few kilobytes of SVG and keeps every peak; a series
 * marked `step` is drawn as a staircase, the honest shape for a value that holds until it changes.
 */
import {
  axesSvg,
  chartTitlesSvg,
  leftMarginPx,
  linearScale,
  noDataSvg,
  type PlotArea,
  plotBottomPx,
  plotTopPx,
  tickMarks,
} from './axes.js';
import { downsampleMinMax, type XyArrays } from './downsample.js';
import {
  canvasSizePx,
  escapeXml,
  fontPx,
  niceTicks,
  px,
  seriesColour,
  seriesPalette,
  svgDocument,
  svgText,
  textWidthPx,
  truncate,
} from './svg.js';
import { overlayRules, overlaySvg, type TimeOverlay } from './time-overlay.js';

export interface LineSeries {
  /** Shown in the legend and the line's tooltip; put the rate in it, e.g. "machine 0 (5 Hz)". */
  readonly name: string;
  /** Ascending. */
  readonly xs: ArrayLike<number>;
  readonly ys: ArrayLike<number>;
  /** Hold each value until the next x (queue lengths), instead of joining points diagonally. */
  readonly step?: boolean;
}

export interface LineChartSpec {
  readonly title: string;
  /** With its unit, e.g. "time (s)". */
  readonly xLabel: string;
  /** With its unit, e.g. "queue length (messages)". */
  readonly yLabel: string;
  readonly series: readonly LineSeries[];
  readonly widthPx?: number;
  readonly heightPx?: number;
  /** Faults over time (shaded spans, marks), in x units; absent: nothing is added. */
  readonly overlay?: TimeOverlay;
}

const defaultWidthPx = 800;
const defaultHeightPx = 400;
const gapPx = 16;
/** Legend entry: a sample of the line, a gap, then the name. */
const legendSamplePx = 20;
const legendRowPx = 18;
/** The legend never takes more than this share of the width; longer names are cut. */
const legendMaxShare = 0.3;
/** Past the ten palette colours, series repeat a colour with a different dash. */
const dashPatterns: readonly string[] = ['', '6 3', '2 3', '8 3 2 3'];

const lineRules: readonly string[] = [
  '.series { fill: none; stroke-width: 1.5; stroke-linejoin: round; stroke-linecap: round; }',
  '.legend-sample { stroke-width: 2; stroke-linecap: round; }',
];

/**
 * The chart as a standalone SVG document. Points with a non-finite x or y are left out; a chart
 * with no points at all still has its axes (over 0..1) and says "no data".
 */
export function lineChartSvg(spec: LineChartSpec): string {
  const widthPx = canvasSizePx(spec.widthPx, defaultWidthPx);
  const heightPx = canvasSizePx(spec.heightPx, defaultHeightPx);
  const series = spec.series.map((one) => ({ ...one, points: finitePoints(one) }));

  const extent = dataExtent(series.map((one) => one.points));
  const xTicks = extent === null ? niceTicks(0, 1) : niceTicks(extent.xMin, extent.xMax);
  const yTicks = extent === null ? niceTicks(0, 1) : niceTicks(extent.yMin, extent.yMax);

  // The left margin from the longest y tick label, whose text does not depend on the pixel
  // scale, so it can be measured before the layout.
  const legend = legendColumn(spec, widthPx);
  const left = leftMarginPx(tickMarks(yTicks, (value) => value).map((mark) => mark.label));
  const right = gapPx + (legend.widthPx > 0 ? legend.widthPx + gapPx : 0);
  const plot = {
    left,
    top: plotTopPx,
    width: Math.max(10, widthPx - left - right),
    height: Math.max(10, heightPx - plotTopPx - plotBottomPx),
  };
  const toX = linearScale(xTicks, plot.left, plot.left + plot.width);
  const toY = linearScale(yTicks, plot.top + plot.height, plot.top);

  const parts: string[] = [
    chartTitlesSvg(widthPx, plot, spec),
    axesSvg(plot, tickMarks(xTicks, toX), tickMarks(yTicks, toY), { xGrid: true }),
  ];
  if (extent === null) parts.push(noDataSvg(plot));
  // Behind the lines, so no data is hidden by a shaded span.
  if (spec.overlay !== undefined) {
    parts.push(
      overlaySvg(spec.overlay, {
        top: plot.top,
        bottom: plot.top + plot.height,
        xMin: xTicks.min,
        xMax: xTicks.max,
        toX,
      }),
    );
  }

  const columns = Math.max(1, Math.round(plot.width));
  series.forEach((one, index) => {
    const reduced = downsampleMinMax(one.points, columns, xTicks.min, xTicks.max);
    const points = polylinePoints(reduced, one.step === true, toX, toY);
    parts.push(
      `<polyline class="series" stroke="${seriesColour(index)}"${dashAttribute(index)} ` +
        `points="${points}"><title>${escapeXml(one.name)}</title></polyline>`,
    );
  });

  if (legend.names.length > 0) parts.push(legendSvg(spec, legend.names, plot));

  return svgDocument({
    title: spec.title,
    widthPx,
    heightPx,
    body: `${parts.join('\n')}\n`,
    chartClass: 'line-chart',
    rules: spec.overlay === undefined ? lineRules : [...lineRules, ...overlayRules],
  });
}

/** Legend width from the longest name, capped: the names as shown, and the width they take. */
function legendColumn(
  spec: LineChartSpec,
  chartWidthPx: number,
): { readonly names: readonly string[]; readonly widthPx: number } {
  const legendCapPx = chartWidthPx * legendMaxShare;
  const legendMaxChars = Math.max(
    4,
    Math.floor((legendCapPx - legendSamplePx - 8) / (fontPx.label * 0.6)),
  );
  const names = spec.series.map((one) => truncate(one.name, legendMaxChars));
  const widthPx =
    names.length === 0
      ? 0
      : legendSamplePx + 8 + Math.max(...names.map((name) => textWidthPx(name, fontPx.label)));
  return { names, widthPx };
}

/** The legend right of the plot: a sample of each series' line and its (perhaps cut) name. */
function legendSvg(spec: LineChartSpec, names: readonly string[], plot: PlotArea): string {
  const legendLeft = plot.left + plot.width + gapPx;
  const entries = names.map((name, index) => {
    const y = plot.top + 8 + index * legendRowPx;
    const full = spec.series[index]?.name ?? name;
    return (
      `<g class="legend-entry"><title>${escapeXml(full)}</title>` +
      `<line class="legend-sample" x1="${px(legendLeft)}" y1="${px(y - 4)}" ` +
      `x2="${px(legendLeft + legendSamplePx)}" y2="${px(y - 4)}" ` +
      `stroke="${seriesColour(index)}"${dashAttribute(index)}/>` +
      svgText(legendLeft + legendSamplePx + 8, y, name) +
      '</g>'
    );
  });
  return `<g class="legend">${entries.join('\n')}</g>`;
}

/**
 * The series without points whose x or y is not finite. The common case, all finite, returns the
 * arrays themselves: a million-point series is scanned once, not copied.
 */
function finitePoints(series: LineSeries): XyArrays {
  const { xs, ys } = series;
  const length = Math.min(xs.length, ys.length);
  let allFinite = true;
  for (let index = 0; index < length; index += 1) {
    if (!Number.isFinite(xs[index]) || !Number.isFinite(ys[index])) {
      allFinite = false;
      break;
    }
  }
  if (allFinite) return { xs, ys };
  const keptXs: number[] = [];
  const keptYs: number[] = [];
  for (let index = 0; index < length; index += 1) {
    const x = xs[index] as number;
    const y = ys[index] as number;
    if (Number.isFinite(x) && Number.isFinite(y)) {
      keptXs.push(x);
      keptYs.push(y);
    }
  }
  return { xs: keptXs, ys: keptYs };
}

interface Extent {
  readonly xMin: number;
  readonly xMax: number;
  readonly yMin: number;
  readonly yMax: number;
}

/** The bounding box of every point of every series; null when there are no points at all. */
function dataExtent(all: readonly XyArrays[]): Extent | null {
  let xMin = Infinity;
  let xMax = -Infinity;
  let yMin = Infinity;
  let yMax = -Infinity;
  for (const { xs, ys } of all) {
    const length = Math.min(xs.length, ys.length);
    for (let index = 0; index < length; index += 1) {
      const x = xs[index] as number;
      const y = ys[index] as number;
      if (x < xMin) xMin = x;
      if (x > xMax) xMax = x;
      if (y < yMin) yMin = y;
      if (y > yMax) yMax = y;
    }
  }
  return xMin <= xMax ? { xMin, xMax, yMin, yMax } : null;
}

/**
 * The `points` attribute: "x,y" pairs in pixels. A point that lands on the same tenth of a pixel
 * as the one before adds nothing to the picture and is skipped. A lone point is written twice, so
 * the round line cap draws it as a dot instead of nothing.
 */
function polylinePoints(
  series: XyArrays,
  step: boolean,
  toX: (x: number) => number,
  toY: (y: number) => number,
): string {
  const { xs, ys } = series;
  const length = Math.min(xs.length, ys.length);
  const pairs: string[] = [];
  let previous = '';
  const add = (pair: string): void => {
    if (pair !== previous) pairs.push(pair);
    previous = pair;
  };
  let previousY = '';
  for (let index = 0; index < length; index += 1) {
    const x = px(toX(xs[index] as number));
    const y = px(toY(ys[index] as number));
    // A step holds the previous value up to this x, then moves to the new one.
    if (step && index > 0) add(`${x},${previousY}`);
    add(`${x},${y}`);
    previousY = y;
  }
  if (pairs.length === 1) pairs.push(pairs[0] as string);
  return pairs.join(' ');
}

function dashAttribute(index: number): string {
  const cycle = Math.floor(index / seriesPalette.length) % dashPatterns.length;
  const pattern = dashPatterns[cycle] ?? '';
  return pattern === '' ? '' : ` stroke-dasharray="${pattern}"`;
}
