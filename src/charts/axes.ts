/**
 * The frame the x/y charts (line chart, histogram) share: the plot area inside the margins, the
 * linear scale from data to pixels, and the axes drawn as grid lines, tick marks, tick labels and
 * axis titles. Marks are given in pixels with their labels already written, so a chart can label
 * its x axis with numbers or with its own bin names through the same code.
 */
import { fontPx, formatFixed, px, svgText, type Ticks, textWidthPx } from './svg.js';

export interface PlotArea {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

/** A tick: where it is on its axis, in pixels, and what it says. */
export interface AxisMark {
  readonly atPx: number;
  readonly label: string;
}

/** Room above the plot for the title, and below it for tick labels and the x axis title. */
export const plotTopPx = 40;
export const plotBottomPx = 48;

/** Maps the tick range onto pixels; never divides by zero, as niceTicks never returns min = max. */
export function linearScale(ticks: Ticks, fromPx: number, toPx: number): (value: number) => number {
  const factor = (toPx - fromPx) / (ticks.max - ticks.min);
  return (value) => fromPx + (value - ticks.min) * factor;
}

/** Each tick's pixel position and its value written with the decimals its step needs. */
export function tickMarks(ticks: Ticks, toPx: (value: number) => number): AxisMark[] {
  return ticks.values.map((value) => ({
    atPx: toPx(value),
    label: formatFixed(value, ticks.decimals),
  }));
}

/** The left margin that fits the rotated y axis title and the widest y tick label. */
export function leftMarginPx(yLabels: readonly string[]): number {
  const widest = Math.max(0, ...yLabels.map((label) => textWidthPx(label, fontPx.tick)));
  return 36 + widest;
}

/**
 * Grid lines at every mark (vertical ones only when `xGrid`), the two axis lines, tick marks and
 * tick labels, in one <g class="axes">. The axis lines are a <path>, so the only <polyline>s and
 * <rect>s in a chart are its data.
 */
export function axesSvg(
  plot: PlotArea,
  xMarks: readonly AxisMark[],
  yMarks: readonly AxisMark[],
  options: { xGrid: boolean },
): string {
  const bottom = plot.top + plot.height;
  const right = plot.left + plot.width;
  const parts: string[] = [];
  for (const mark of xMarks) {
    const x = px(mark.atPx);
    if (options.xGrid) {
      parts.push(
        `<line class="grid" x1="${x}" y1="${px(plot.top)}" x2="${x}" y2="${px(bottom)}"/>`,
      );
    }
    parts.push(
      `<line class="axis" x1="${x}" y1="${px(bottom)}" x2="${x}" y2="${px(bottom + 4)}"/>`,
      svgText(mark.atPx, bottom + 16, mark.label, { className: 'tick-label', anchor: 'middle' }),
    );
  }
  for (const mark of yMarks) {
    const y = px(mark.atPx);
    parts.push(
      `<line class="grid" x1="${px(plot.left)}" y1="${y}" x2="${px(right)}" y2="${y}"/>`,
      `<line class="axis" x1="${px(plot.left - 4)}" y1="${y}" x2="${px(plot.left)}" y2="${y}"/>`,
      svgText(plot.left - 8, mark.atPx + 4, mark.label, { className: 'tick-label', anchor: 'end' }),
    );
  }
  parts.push(
    `<path class="axis" d="M${px(plot.left)},${px(plot.top)} V${px(bottom)} H${px(right)}"/>`,
  );
  return `<g class="axes">${parts.join('\n')}</g>`;
}

/** The chart title centred on the canvas, and the axis titles centred on their axes. */
export function chartTitlesSvg(
  widthPx: number,
  plot: PlotArea,
  titles: { title: string; xLabel: string; yLabel: string },
): string {
  return [
    svgText(widthPx / 2, 24, titles.title, { className: 'title', anchor: 'middle' }),
    svgText(plot.left + plot.width / 2, plot.top + plot.height + 38, titles.xLabel, {
      anchor: 'middle',
    }),
    svgText(16, plot.top + plot.height / 2, titles.yLabel, { anchor: 'middle', rotate: -90 }),
  ].join('\n');
}

/** "no data", centred in an empty plot, so an empty chart does not look like a broken one. */
export function noDataSvg(plot: PlotArea): string {
  return svgText(plot.left + plot.width / 2, plot.top + plot.height / 2, 'no data', {
    className: 'tick-label',
    anchor: 'middle',
  });
}
