/**
 * Heatmaps of one value over a grid of two parameters (say, the largest queue length for each
 * rate spread and internal-event probability): a coloured cell per pair with its value written
 * in it, a tooltip naming both parameters, and a colour key from the smallest to the largest
 * value. The colours are viridis, a sequential scale that reads the same in greyscale and to
 * colour-blind eyes, so dark always means less and bright more. The canvas is sized from the grid,
 * so every value has room to be read.
 */
import {
  canvasSizePx,
  escapeXml,
  fontPx,
  formatValue,
  px,
  svgDocument,
  svgText,
  textWidthPx,
} from './svg.js';

export interface HeatmapSpec {
  readonly title: string;
  /** The parameter across, with its unit. */
  readonly xLabel: string;
  /** The parameter up the side, with its unit. */
  readonly yLabel: string;
  readonly xValues: readonly (string | number)[];
  /** Bottom to top: yValues[0] is the lowest row, as on a y axis. */
  readonly yValues: readonly (string | number)[];
  /** cells[y][x]; null (or a missing or non-finite entry) for "no value". */
  readonly cells: readonly (readonly (number | null)[])[];
  /** What the colour means, with its unit, e.g. "largest queue (messages)". */
  readonly valueLabel: string;
  /** How a value is written in its cell, tooltip and key; default: up to 2 decimals. */
  readonly format?: (value: number) => string;
}

/** Viridis at ten evenly spaced points (matplotlib's values); colours between are interpolated. */
const viridis: readonly (readonly [number, number, number])[] = [
  [0x44, 0x01, 0x54],
  [0x48, 0x28, 0x78],
  [0x3e, 0x4a, 0x89],
  [0x31, 0x68, 0x8e],
  [0x26, 0x82, 0x8e],
  [0x1f, 0x9e, 0x89],
  [0x35, 0xb7, 0x79],
  [0x6d, 0xcd, 0x59],
  [0xb4, 0xde, 0x2c],
  [0xfd, 0xe7, 0x25],
];

const missingFill = '#eeeeee';
const cellHeightPx = 28;
const minCellWidthPx = 44;
const topPx = 48;
const bottomPx = 52;
const keyWidthPx = 14;
const keyGapPx = 24;
const gradientId = 'heatmap-scale';

const heatmapRules: readonly string[] = [
  '.cell { stroke: #ffffff; stroke-width: 1; }',
  `.cell-value { font-size: ${fontPx.tick}px; }`,
  '.cell-value.on-light { fill: #111111; }',
  '.cell-value.on-dark { fill: #ffffff; }',
  '.key { stroke: #444; stroke-width: 0.5; }',
];

/** The colour at `t` in 0..1 along viridis, as #rrggbb. */
export function sequentialColour(t: number): string {
  const clamped = Number.isFinite(t) ? Math.min(1, Math.max(0, t)) : 0;
  const position = clamped * (viridis.length - 1);
  const index = Math.min(viridis.length - 2, Math.floor(position));
  const fraction = position - index;
  const a = viridis[index] ?? [0, 0, 0];
  const b = viridis[index + 1] ?? a;
  const channel = (k: 0 | 1 | 2): string =>
    Math.round(a[k] + (b[k] - a[k]) * fraction)
      .toString(16)
      .padStart(2, '0');
  return `#${channel(0)}${channel(1)}${channel(2)}`;
}

/**
 * Dark text on the bright end of the scale, white on the dark end, by relative luminance. It is a
 * class, not a fill attribute: the stylesheet's rule for all text would win over an attribute.
 */
function textClassOn(fill: string): string {
  const value = (offset: number): number => Number.parseInt(fill.slice(offset, offset + 2), 16);
  const luminance = (0.2126 * value(1) + 0.7152 * value(3) + 0.0722 * value(5)) / 255;
  return luminance > 0.45 ? 'on-light' : 'on-dark';
}

/**
 * The heatmap as a standalone SVG document: one <rect class="cell"> per (x, y) pair, values
 * missing from `cells` drawn grey with no text. With no values at all the key says "no data";
 * with a single distinct value every cell gets the middle colour.
 */
export function heatmapSvg(spec: HeatmapSpec): string {
  const grid = heatmapGrid(spec);
  const layout = heatmapLayout(spec, grid);
  const parts: string[] = [
    svgText(layout.widthPx / 2, 24, spec.title, { className: 'title', anchor: 'middle' }),
    ...cellsSvg(spec, grid, layout),
    axesSvg(spec, layout),
    colourKey({
      left: layout.keyLeft,
      top: layout.gridTop,
      height: layout.keyHeight,
      valueLabel: spec.valueLabel,
      labels: layout.keyLabels,
      hasData: grid.hasData,
    }),
  ];
  if (!grid.hasData) {
    parts.push(
      svgText(
        layout.left + layout.gridWidth / 2,
        layout.gridTop + layout.gridHeight / 2 + 4,
        'no data',
        {
          className: 'tick-label',
          anchor: 'middle',
        },
      ),
    );
  }
  return svgDocument({
    title: spec.title,
    widthPx: layout.widthPx,
    heightPx: layout.heightPx,
    body: `${parts.join('\n')}\n`,
    chartClass: 'heatmap',
    rules: heatmapRules,
  });
}

/** The cells' values (null for none) and their texts, and the range of the values. */
interface HeatmapGrid {
  /** values[row][column], rows bottom to top as in the spec. */
  readonly values: readonly (readonly (number | null)[])[];
  readonly texts: readonly (readonly string[])[];
  readonly format: (value: number) => string;
  readonly min: number;
  readonly max: number;
  readonly hasData: boolean;
  readonly widestValuePx: number;
}

function heatmapGrid(spec: HeatmapSpec): HeatmapGrid {
  const format = spec.format ?? ((value: number) => formatValue(value, 2));
  let min = Infinity;
  let max = -Infinity;
  let widestValuePx = 0;
  const values: (number | null)[][] = [];
  const texts: string[][] = [];
  for (let row = 0; row < spec.yValues.length; row += 1) {
    const rowValues: (number | null)[] = [];
    const rowTexts: string[] = [];
    for (let column = 0; column < spec.xValues.length; column += 1) {
      const given = spec.cells[row]?.[column];
      const value = typeof given === 'number' && Number.isFinite(given) ? given : null;
      const text = value === null ? '' : format(value);
      if (value !== null) {
        min = Math.min(min, value);
        max = Math.max(max, value);
      }
      widestValuePx = Math.max(widestValuePx, textWidthPx(text, fontPx.tick));
      rowValues.push(value);
      rowTexts.push(text);
    }
    values.push(rowValues);
    texts.push(rowTexts);
  }
  return { values, texts, format, min, max, hasData: min <= max, widestValuePx };
}

/** Where everything goes, in px: the canvas is sized from the grid and its labels. */
interface HeatmapLayout {
  readonly xTexts: readonly string[];
  readonly yTexts: readonly string[];
  readonly cellWidthPx: number;
  readonly left: number;
  readonly gridTop: number;
  readonly gridBottom: number;
  readonly gridWidth: number;
  readonly gridHeight: number;
  readonly keyLeft: number;
  readonly keyHeight: number;
  readonly keyLabels: readonly string[];
  readonly widthPx: number;
  readonly heightPx: number;
}

function heatmapLayout(spec: HeatmapSpec, grid: HeatmapGrid): HeatmapLayout {
  const xTexts = spec.xValues.map(axisText);
  const yTexts = spec.yValues.map(axisText);
  const widest = (labels: readonly string[], size: number): number =>
    labels.reduce((most, label) => Math.max(most, textWidthPx(label, size)), 0);
  const cellWidthPx = Math.max(
    minCellWidthPx,
    grid.widestValuePx + 12,
    widest(xTexts, fontPx.tick) + 8,
  );
  const gridWidth = Math.max(120, spec.xValues.length * cellWidthPx);
  const gridHeight = Math.max(cellHeightPx, spec.yValues.length * cellHeightPx);
  const left = 36 + widest(yTexts, fontPx.tick);
  const keyLabels = grid.hasData ? [grid.format(grid.min), grid.format(grid.max)] : ['no data'];
  const keyLeft = left + gridWidth + keyGapPx;
  const keyWidth = Math.max(
    keyWidthPx + 6 + widest(keyLabels, fontPx.tick),
    textWidthPx(spec.valueLabel, fontPx.label),
  );
  const widthPx = canvasSizePx(
    Math.max(keyLeft + keyWidth + 16, textWidthPx(spec.title, fontPx.title) + 32),
    800,
  );
  const keyHeight = Math.max(gridHeight, 120);
  const heightPx = canvasSizePx(topPx + 18 + keyHeight + bottomPx, 300);
  const gridTop = topPx + 18;
  return {
    xTexts,
    yTexts,
    cellWidthPx,
    left,
    gridTop,
    gridBottom: gridTop + gridHeight,
    gridWidth,
    gridHeight,
    keyLeft,
    keyHeight,
    keyLabels,
    widthPx,
    heightPx,
  };
}

/** The cells group and the values group, cell by cell with a tooltip naming both parameters. */
function cellsSvg(spec: HeatmapSpec, grid: HeatmapGrid, layout: HeatmapLayout): string[] {
  const { cellWidthPx, xTexts, yTexts } = layout;
  const colourOf = (value: number): string =>
    sequentialColour(grid.max > grid.min ? (value - grid.min) / (grid.max - grid.min) : 0.5);
  const cellParts: string[] = [];
  const valueParts: string[] = [];
  for (let row = 0; row < spec.yValues.length; row += 1) {
    // Row 0 at the bottom, like the y axis it stands for.
    const y = layout.gridBottom - (row + 1) * cellHeightPx;
    for (let column = 0; column < spec.xValues.length; column += 1) {
      const x = layout.left + column * cellWidthPx;
      const value = grid.values[row]?.[column] ?? null;
      const text = grid.texts[row]?.[column] ?? '';
      const fill = value === null ? missingFill : colourOf(value);
      const tooltip =
        `${spec.xLabel} ${xTexts[column] ?? ''}, ${spec.yLabel} ${yTexts[row] ?? ''}: ` +
        `${spec.valueLabel} ${value === null ? 'no value' : text}`;
      cellParts.push(
        `<rect class="cell" x="${px(x)}" y="${px(y)}" width="${px(cellWidthPx)}" ` +
          `height="${px(cellHeightPx)}" fill="${fill}"><title>${escapeXml(tooltip)}</title></rect>`,
      );
      if (value !== null) {
        valueParts.push(
          `<text class="cell-value ${textClassOn(fill)}" x="${px(x + cellWidthPx / 2)}" ` +
            `y="${px(y + cellHeightPx / 2 + 4)}" text-anchor="middle">${escapeXml(text)}</text>`,
        );
      }
    }
  }
  return [
    `<g class="cells">${cellParts.join('\n')}</g>`,
    `<g class="cell-values">${valueParts.join('\n')}</g>`,
  ];
}

/** Each column's and row's parameter value, and the two parameter names. */
function axesSvg(spec: HeatmapSpec, layout: HeatmapLayout): string {
  const { left, cellWidthPx, gridBottom } = layout;
  const axisParts: string[] = [];
  layout.xTexts.forEach((text, column) => {
    axisParts.push(
      svgText(left + (column + 0.5) * cellWidthPx, gridBottom + 16, text, {
        className: 'tick-label',
        anchor: 'middle',
      }),
    );
  });
  layout.yTexts.forEach((text, row) => {
    const y = gridBottom - (row + 0.5) * cellHeightPx + 4;
    axisParts.push(svgText(left - 8, y, text, { className: 'tick-label', anchor: 'end' }));
  });
  axisParts.push(
    svgText(left + layout.gridWidth / 2, gridBottom + 38, spec.xLabel, { anchor: 'middle' }),
    svgText(16, layout.gridTop + layout.gridHeight / 2, spec.yLabel, {
      anchor: 'middle',
      rotate: -90,
    }),
  );
  return `<g class="axes">${axisParts.join('\n')}</g>`;
}

/** An axis value as given: numbers in full (they are parameters), but never "NaN". */
function axisText(value: string | number): string {
  return typeof value === 'number' && !Number.isFinite(value) ? formatValue(value) : String(value);
}

/** The colour key: a vertical gradient, the largest value at its top and the smallest below. */
function colourKey(key: {
  readonly left: number;
  readonly top: number;
  readonly height: number;
  readonly valueLabel: string;
  readonly hasData: boolean;
  /** The smallest value's text, then the largest's; "no data" alone without data. */
  readonly labels: readonly string[];
}): string {
  const { left, top, height, valueLabel, hasData, labels } = key;
  const parts = [svgText(left, top - 8, valueLabel)];
  if (!hasData) {
    parts.push(svgText(left, top + 12, labels[0] ?? '', { className: 'tick-label' }));
    return `<g class="colour-key">${parts.join('\n')}</g>`;
  }
  const stops = viridis.map((_, index) => {
    const t = index / (viridis.length - 1);
    return `<stop offset="${px(t * 100)}%" stop-color="${sequentialColour(t)}"/>`;
  });
  parts.push(
    `<defs><linearGradient id="${gradientId}" x1="0" y1="1" x2="0" y2="0">${stops.join('')}` +
      '</linearGradient></defs>',
    `<rect class="key" x="${px(left)}" y="${px(top)}" width="${px(keyWidthPx)}" ` +
      `height="${px(height)}" fill="url(#${gradientId})"/>`,
    svgText(left + keyWidthPx + 6, top + 10, labels[1] ?? '', { className: 'tick-label' }),
    svgText(left + keyWidthPx + 6, top + height, labels[0] ?? '', { className: 'tick-label' }),
  );
  return `<g class="colour-key">${parts.join('\n')}</g>`;
}
