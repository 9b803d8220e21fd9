/**
 * Histograms: one bar per bin, spanning the bin's [from, to) on a linear x axis, as tall as its
 * count, with the exact range and count in a tooltip. Bins come already counted (the renderer does
 * not choose bin edges), so a caller can bin clock jumps by 1 and latencies by 5 ms alike. When
 * every bin has a label, the x axis shows the labels under the bars instead of numeric ticks; and
 * when some labelled bar would be too narrow to tell from its neighbours, the bars stand side by
 * side in list order, equally wide, and the x axis title says they are not to scale.
 */
import {
  type AxisMark,
  axesSvg,
  chartTitlesSvg,
  leftMarginPx,
  linearScale,
  noDataSvg,
  plotBottomPx,
  plotTopPx,
  tickMarks,
} from './axes.js';
import {
  canvasSizePx,
  escapeXml,
  fontPx,
  formatValue,
  niceTicks,
  px,
  seriesColour,
  svgDocument,
  type Ticks,
  textWidthPx,
} from './svg.js';

export interface HistogramBin {
  readonly from: number;
  readonly to: number;
  readonly count: number;
  /** Replaces the numeric range in the tooltip, and on the axis if every bin has one. */
  readonly label?: string;
}

export interface HistogramSpec {
  readonly title: string;
  /** With its unit, e.g. "clock jump (ticks)". */
  readonly xLabel: string;
  /** With its unit, e.g. "receives (count)". */
  readonly yLabel: string;
  readonly bins: readonly HistogramBin[];
  readonly widthPx?: number;
  readonly heightPx?: number;
}

const defaultWidthPx = 800;
const defaultHeightPx = 400;
const rightPx = 24;
/** Bars wider than this get a gap of a pixel between them, so neighbours read as separate. */
const gapFromPx = 3;

const barRules: readonly string[] = ['.bar { stroke: none; }', '.bar:hover { opacity: 0.8; }'];

/**
 * The histogram as a standalone SVG document. A non-finite bound or count is drawn as 0, and a
 * bin given with `to < from` is drawn over the same range turned round; an empty list of bins
 * gives axes over 0..1 that say "no data".
 */
export function histogramSvg(spec: HistogramSpec): string {
  const widthPx = canvasSizePx(spec.widthPx, defaultWidthPx);
  const heightPx = canvasSizePx(spec.heightPx, defaultHeightPx);
  const bins = spec.bins.map(cleanBin);

  const measured = histogramTicks(bins);
  const yTicks = measured.yTicks;
  const left = leftMarginPx(tickMarks(yTicks, (value) => value).map((mark) => mark.label));
  const plot = {
    left,
    top: plotTopPx,
    width: Math.max(10, widthPx - left - rightPx),
    height: Math.max(10, heightPx - plotTopPx - plotBottomPx),
  };
  const slotted = measured.labelled && tooNarrowToTell(bins, measured.xTicks, plot.width);
  const drawn = slotted ? inSlots(bins) : bins;
  const { xTicks, labelled } = slotted ? histogramTicks(drawn) : measured;
  const toX = linearScale(xTicks, plot.left, plot.left + plot.width);
  const toY = linearScale(yTicks, plot.top + plot.height, plot.top);
  const bars = barsSvg(drawn, { toX, toY });
  const xMarks = labelled ? binLabelMarks(drawn, toX) : tickMarks(xTicks, toX);
  const titles = slotted ? { ...spec, xLabel: `${spec.xLabel}, in order, not to scale` } : spec;
  const parts = [
    chartTitlesSvg(widthPx, plot, titles),
    axesSvg(plot, xMarks, tickMarks(yTicks, toY), { xGrid: !labelled }),
    bars,
  ];
  if (bins.length === 0) parts.push(noDataSvg(plot));
  return svgDocument({
    title: spec.title,
    widthPx,
    heightPx,
    body: `${parts.join('\n')}\n`,
    chartClass: 'histogram',
    rules: barRules,
  });
}

/**
 * The two axes' ticks. Labelled bins are their own x marks, so the axis spans exactly the bins;
 * numeric ticks get a range widened to round numbers.
 */
function histogramTicks(bins: readonly CleanBin[]): {
  readonly xTicks: Ticks;
  readonly yTicks: Ticks;
  readonly labelled: boolean;
} {
  // Loops rather than Math.min(...values): a spread of a very long list overflows the stack.
  let xMin = Infinity;
  let xMax = -Infinity;
  let low = 0;
  let high = 0;
  for (const bin of bins) {
    xMin = Math.min(xMin, bin.from);
    xMax = Math.max(xMax, bin.to);
    low = Math.min(low, bin.count);
    high = Math.max(high, bin.count);
  }
  const labelled = bins.length > 0 && bins.every((bin) => bin.label !== undefined);
  const xTicks =
    bins.length === 0
      ? niceTicks(0, 1)
      : labelled && xMax > xMin
        ? { values: [], step: xMax - xMin, decimals: 0, min: xMin, max: xMax }
        : niceTicks(xMin, xMax);
  // All-zero counts still get a 0..1 axis, not one widened to -1..1 around the zero.
  const yTicks = niceTicks(low, high > low ? high : low + 1, {
    integer: bins.every((bin) => Number.isInteger(bin.count)),
  });
  return { xTicks, yTicks, labelled };
}

/** One bar per bin, with its range and count in a tooltip. */
function barsSvg(
  bins: readonly CleanBin[],
  scale: { readonly toX: (value: number) => number; readonly toY: (value: number) => number },
): string {
  const { toX, toY } = scale;
  const zeroY = toY(0);
  const bars = bins.map((bin) => {
    const x0 = toX(bin.from);
    const x1 = toX(bin.to);
    const inset = x1 - x0 > gapFromPx ? 0.5 : 0;
    const width = Math.max(1, x1 - x0 - 2 * inset);
    const top = Math.min(zeroY, toY(bin.count));
    const height = Math.abs(toY(bin.count) - zeroY);
    const range = bin.label ?? `${formatValue(bin.from)} – ${formatValue(bin.to)}`;
    return (
      `<rect class="bar" x="${px(x0 + inset)}" y="${px(top)}" width="${px(width)}" ` +
      `height="${px(height)}" fill="${seriesColour(0)}">` +
      `<title>${escapeXml(`${range}: ${formatValue(bin.count)}`)}</title></rect>`
    );
  });
  return `<g class="bars">${bars.join('\n')}</g>`;
}

/**
 * Whether some bar would be narrower than `gapFromPx` on the linear axis, so that it touches its
 * neighbours and cannot be told from them: one clock jump of 2^52 among jumps of 0..11 (a
 * corrupt-clock lie) drew the twelve on one pixel, and labelled only the first.
 */
function tooNarrowToTell(bins: readonly CleanBin[], xTicks: Ticks, plotWidthPx: number): boolean {
  if (bins.length < 2) return false;
  const pxPerUnit = plotWidthPx / (xTicks.max - xTicks.min);
  return bins.some((bin) => (bin.to - bin.from) * pxPerUnit < gapFromPx);
}

/** Labelled bins one beside the other in list order, each one unit wide: their labels say what. */
function inSlots(bins: readonly CleanBin[]): CleanBin[] {
  return bins.map((bin, index) => ({ ...bin, from: index, to: index + 1 }));
}

interface CleanBin {
  readonly from: number;
  readonly to: number;
  readonly count: number;
  readonly label?: string;
}

function cleanBin(bin: HistogramBin): CleanBin {
  const a = Number.isFinite(bin.from) ? bin.from : 0;
  const b = Number.isFinite(bin.to) ? bin.to : 0;
  const count = Number.isFinite(bin.count) ? bin.count : 0;
  const range = { from: Math.min(a, b), to: Math.max(a, b), count };
  return bin.label === undefined ? range : { ...range, label: bin.label };
}

/**
 * A mark under the middle of each bar with its label. When labels are wider than the narrowest
 * bar, only every k-th is shown, so they never print over each other.
 */
function binLabelMarks(bins: readonly CleanBin[], toX: (value: number) => number): AxisMark[] {
  let widest = 0;
  let narrowest = Infinity;
  for (const bin of bins) {
    widest = Math.max(widest, textWidthPx(bin.label ?? '', fontPx.tick));
    narrowest = Math.min(narrowest, Math.max(1, toX(bin.to) - toX(bin.from)));
  }
  const every = Math.max(1, Math.ceil((widest + 6) / narrowest));
  return bins
    .filter((_, index) => index % every === 0)
    .map((bin) => ({ atPx: (toX(bin.from) + toX(bin.to)) / 2, label: bin.label ?? '' }));
}
