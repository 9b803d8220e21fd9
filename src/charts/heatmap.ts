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
  const format = spec.format ?? ((value: number) => formatValue(value, 2));
  const columns = spec.xValues.length;
  const rows = spec.yValues.length;
  const valueAt = (row: number, column: number): number | null => {
    const value = spec.cells[row]?.[column];
    return typeof value === 'number' && Number.isFinite(value) ? value : null;
  };

  let min = Infinity;
  let max = -Infinity;
  const texts: string[][] = [];
  let widestValuePx = 0;
  for (let row = 0; row < rows; row += 1) {
    const rowTexts: string[] = [];
    for (let column = 0; column < columns; column += 1) {
      const value = valueAt(row, column);
      const text = value === null ? '' : format(value);
      if (value !== null) {
        min = Math.min(min, value);
        max = Math.max(max, value);
      }
      widestValuePx = Math.max(widestValuePx, textWidthPx(text, fontPx.tick));
      rowTexts.push(text);
    }
    texts.push(rowTexts);
  }
  const hasData = min <= max;
  const colourOf = (value: number): string =>
    sequentialColour(max > min ? (value - min) / (max - min) : 0.5);

  const xTexts = spec.xValues.map(axisText);
  const yTexts = spec.yValues.map(axisText);
  const widest = (labels: readonly string[], size: number): number =>
    labels.reduce((most, label) => Math.max(most, textWidthPx(label, size)), 0);
  const cellWidthPx = Math.max(minCellWidthPx, widestValuePx + 12, widest(xTexts, fontPx.tick) + 8);
  const gridWidth = Math.max(120, columns * cellWidthPx);
  const gridHeight = Math.max(cellHeightPx, rows * cellHeightPx);
  const left = 36 + widest(yTexts, fontPx.tick);
  const keyLabels = hasData ? [format(min), format(max)] : ['no data'];
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
  const gridBottom = gridTop + gridHeight;

  const parts: string[] = [
    svgText(widthPx / 2, 24, spec.title, { className: 'title', anchor: 'middle' }),
  ];
  const cellParts: string[] = [];
  const valueParts: string[] = [];
  for (let row = 0; row < rows; row += 1) {
    // Row 0 at the bottom, like the y axis it stands for.
    const y = gridBottom - (row + 1) * cellHeightPx;
    for (let column = 0; column < columns; column += 1) {
      const x = left + column * cellWidthPx;
      const value = valueAt(row, column);
      const text = texts[row]?.[column] ?? '';
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
  parts.push(`<g class="cells">${cellParts.join('\n')}</g>`);
  parts.push(`<g class="cell-values">${valueParts.join('\n')}</g>`);

  const axisParts: string[] = [];
  xTexts.forEach((text, column) => {
    axisParts.push(
      svgText(left + (column + 0.5) * cellWidthPx, gridBottom + 16, text, {
        className: 'tick-label',
        anchor: 'middle',
      }),
    );
  });
  yTexts.forEach((text, row) => {
    const y = gridBottom - (row + 0.5) * cellHeightPx + 4;
    axisParts.push(svgText(left - 8, y, text, { className: 'tick-label', anchor: 'end' }));
  });
  axisParts.push(
    svgText(left + gridWidth / 2, gridBottom + 38, spec.xLabel, { anchor: 'middle' }),
    svgText(16, gridTop + gridHeight / 2, spec.yLabel, { anchor: 'middle', rotate: -90 }),
  );
  parts.push(`<g class="axes">${axisParts.join('\n')}</g>`);
  parts.push(colourKey(keyLeft, gridTop, keyHeight, spec.valueLabel, hasData, keyLabels));
  if (!hasData) {
    parts.push(
      svgText(left + gridWidth / 2, gridTop + gridHeight / 2 + 4, 'no data', {
        className: 'tick-label',
        anchor: 'middle',
      }),
    );
  }

  return svgDocument({
    title: spec.title,
    widthPx,
    heightPx,
    body: `${parts.join('\n')}\n`,
    chartClass: 'heatmap',
    rules: heatmapRules,
  });
}

/** An axis value as given: numbers in full (they are parameters), but never "NaN". */
function axisText(value: string | number): string {
  return typeof value === 'number' && !Number.isFinite(value) ? formatValue(value) : String(value);
}

/** The colour key: a vertical gradient, the largest value at its top and the smallest below. */
function colourKey(
  left: number,
  top: number,
  height: number,
  valueLabel: string,
  hasData: boolean,
  labels: readonly string[],
): string {
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
