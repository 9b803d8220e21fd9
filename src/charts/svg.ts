/**
 * The small pieces every chart renderer shares: escaping text for XML, writing numbers with a fixed
 * number of decimals, choosing "nice" axis ticks, the series colours, and the SVG document around a
 * chart. Nothing here reads a clock, a locale or a random source, so the same chart data always
 * gives the same bytes; the renderers rely on that to make charts that can be diffed and committed.
 */

const xmlEntities: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  // As references, whitespace survives in attribute values (parsers turn a raw newline or tab
  // there into a space) and a carriage return is not folded into the newline after it.
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};

/** Text for element content or an attribute value (either quote style): always safe to paste. */
export function escapeXml(text: string): string {
  return onlyXmlChars(text).replace(/[&<>"'\t\n\r]/g, (c) => xmlEntities[c] ?? c);
}

/**
 * The text with each character XML 1.0 forbids outright replaced by U+FFFD: C0 controls other
 * than tab, newline and carriage return, U+FFFE and U+FFFF, and UTF-16 surrogates without their
 * pair. Escaping cannot make those legal, and a series name with a stray control character must
 * still give a chart that opens.
 */
function onlyXmlChars(text: string): string {
  let result = '';
  let start = 0;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    let allowed: boolean;
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(index + 1);
      allowed = next >= 0xdc00 && next <= 0xdfff;
      if (allowed) {
        index += 1; // the pair is one character
        continue;
      }
    } else {
      allowed =
        code >= 0x20
          ? !(code >= 0xdc00 && code <= 0xdfff) && code !== 0xfffe && code !== 0xffff
          : code === 0x09 || code === 0x0a || code === 0x0d;
    }
    if (!allowed) {
      result += `${text.slice(start, index)}\uFFFD`;
      start = index + 1;
    }
  }
  return start === 0 ? text : result + text.slice(start);
}

/**
 * Beyond this a coordinate means nothing on screen, and `toFixed` would switch to exponent
 * notation at 1e21; clamping keeps every coordinate a plain decimal.
 */
const coordinateLimit = 1e9;

/**
 * A number with exactly `decimals` decimals. Non-finite input gives 0 rather than "NaN" in the
 * output (renderers keep such values out; this is the last line of defence), and -0 prints as 0.
 */
export function formatFixed(value: number, decimals: number): string {
  const places = Math.min(100, Math.max(0, Math.trunc(decimals)));
  if (!Number.isFinite(value)) return (0).toFixed(places);
  const text = value.toFixed(places);
  // "-0.0" is what toFixed gives for tiny negatives; it is the same position as "0.0". The
  // first-character test spares the pattern for the many positive coordinates of a chart.
  return text.charCodeAt(0) === 0x2d && /^-0(\.0*)?$/.test(text) ? text.slice(1) : text;
}

/** A pixel coordinate: one decimal is a tenth of a pixel, finer than any screen shows. */
export function px(value: number): string {
  return formatFixed(Math.min(coordinateLimit, Math.max(-coordinateLimit, value)), 1);
}

/**
 * A value for a label or tooltip: integers as they are, others with up to `maxDecimals` decimals
 * and no trailing zeros ("2.5", not "2.500"). Still deterministic: the rounding is toFixed's.
 */
export function formatValue(value: number, maxDecimals = 3): string {
  if (!Number.isFinite(value)) return Number.isNaN(value) ? 'n/a' : value > 0 ? '∞' : '-∞';
  if (Number.isInteger(value)) return formatFixed(value, 0);
  const text = formatFixed(value, maxDecimals);
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}

/** Axis ticks: the values to mark, and the range the axis should span so both ends are ticks. */
export interface Ticks {
  readonly values: readonly number[];
  readonly step: number;
  /** Decimals that print every tick exactly (0 for a step of 1 or more). */
  readonly decimals: number;
  /** The axis range: the first and last tick, which enclose the data. */
  readonly min: number;
  readonly max: number;
}

export interface TickOptions {
  /** Counts and lengths: never a step below 1, so no tick reads "0.5 messages". */
  readonly integer?: boolean;
  readonly maxTicks?: number;
}

/**
 * Ticks at 1, 2 or 5 times a power of ten, from a multiple of the step at or below `min` to one at
 * or above `max`: 4 to 8 of them (fewer only when `integer` forbids a finer step). The axis then
 * spans exactly the first to the last tick, so no data point falls outside it. A zero-width range
 * (a series of equal values) is widened around its value, so there is always something to divide
 * by.
 */
export function niceTicks(min: number, max: number, options: TickOptions = {}): Ticks {
  const maxTicks = Math.max(2, options.maxTicks ?? 8);
  let low = clampMagnitude(Number.isFinite(min) ? min : 0);
  let high = clampMagnitude(Number.isFinite(max) ? max : low);
  if (low > high) [low, high] = [high, low];
  const magnitude = Math.max(Math.abs(low), Math.abs(high));
  if (magnitude < 1e-90) {
    // Steps this fine would need over 100 decimals (toFixed's limit) to print: call it zero.
    low = -1;
    high = 1;
  } else if (high - low <= magnitude * 1e-9) {
    // Ticks closer than about 1e-9 of the magnitude are more than a double can tell apart.
    const halfWidth = magnitude * 0.1;
    low -= halfWidth;
    high += halfWidth;
  }
  // Start one decade below the range and go up through 1, 2, 5 until few enough ticks remain.
  let exponent = Math.floor(Math.log10(high - low)) - 1;
  for (;;) {
    for (const mantissa of [1, 2, 5]) {
      const step = mantissa * 10 ** exponent;
      if (options.integer === true && step < 1) continue;
      let first = Math.floor(low / step);
      let last = Math.ceil(high / step);
      // A quotient that underflows (a denormal low over a step of 2) can round the wrong way.
      if (first * step > low) first -= 1;
      if (last * step < high) last += 1;
      if (last - first + 1 > maxTicks) continue;
      const decimals = Math.max(0, -exponent);
      const values: number[] = [];
      for (let k = first; k <= last; k += 1)
        values.push(roundTo(k * mantissa * 10 ** exponent, decimals));
      return {
        values,
        step,
        decimals,
        min: values[0] ?? low,
        max: values[values.length - 1] ?? high,
      };
    }
    exponent += 1;
  }
}

/** Axis values live in ±1e300: beyond, a step of 10^k overflows to Infinity. */
function clampMagnitude(value: number): number {
  return Math.min(1e300, Math.max(-1e300, value));
}

/** Removes the float noise of k × step (0.30000000000000004 becomes 0.3). */
function roundTo(value: number, decimals: number): number {
  const rounded =
    decimals === 0 ? Math.round(value) : Number(value.toFixed(Math.min(decimals, 100)));
  return rounded === 0 ? 0 : rounded; // no -0
}

/**
 * Series colours, readable on white and told apart under the common colour-vision deficiencies:
 * the Okabe-Ito palette (blue first, its yellow late because it is faint on white), then Paul
 * Tol's wine and a grey to reach ten. Black is kept for axes and text, so it is not a series
 * colour. Past ten, colours repeat and the line chart adds a dash pattern to tell them apart.
 */
export const seriesPalette: readonly string[] = [
  '#0072B2', // blue
  '#D55E00', // vermillion
  '#009E73', // bluish green
  '#CC79A7', // reddish purple
  '#E69F00', // orange
  '#56B4E9', // sky blue
  '#882255', // wine (Tol)
  '#F0E442', // yellow
  '#332288', // indigo (Tol)
  '#999999', // grey
];

export function seriesColour(index: number): string {
  const count = seriesPalette.length;
  return seriesPalette[((index % count) + count) % count] ?? '#000000';
}

/**
 * Rough width of a line of text in the chart font, for layout only (legend and margin sizes):
 * an SVG string cannot measure text, and 0.6 em per character is a fair average for a sans
 * serif with digits, erring wide so labels are not clipped.
 */
export function textWidthPx(text: string, fontPx: number): number {
  return Array.from(text).length * fontPx * 0.6;
}

/** Cuts a label to `maxChars` characters with an ellipsis; the full text goes in a tooltip. */
export function truncate(text: string, maxChars: number): string {
  const chars = Array.from(text);
  return chars.length <= maxChars ? text : `${chars.slice(0, Math.max(1, maxChars - 1)).join('')}…`;
}

/**
 * A canvas dimension from a spec: the fallback when absent or not a finite number, and otherwise
 * kept between 100 and 20 000 pixels, so a typo cannot make a layout of negative or absurd size.
 */
export function canvasSizePx(value: number | undefined, fallback: number): number {
  if (value === undefined || !Number.isFinite(value)) return fallback;
  return Math.min(20_000, Math.max(100, value));
}

/** Font sizes, in one place so layouts that reserve room for text agree with the stylesheet. */
export const fontPx = { title: 16, label: 12, tick: 11, small: 10 } as const;

/** The class every chart's root element has; the shared rules below apply under it. */
const rootClass = 'lamport-chart';

const sharedRules: readonly string[] = [
  'text { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, ' +
    `sans-serif; font-size: ${fontPx.label}px; fill: #222; }`,
  `.title { font-size: ${fontPx.title}px; font-weight: 600; }`,
  `.tick-label { font-size: ${fontPx.tick}px; fill: #444; }`,
  `.small { font-size: ${fontPx.small}px; }`,
  '.axis { stroke: #444; stroke-width: 1; fill: none; }',
  '.grid { stroke: #e4e4e4; stroke-width: 1; }',
];

export interface SvgDocumentSpec {
  readonly title: string;
  /** The chart's kind as a class on the root ("line-chart"); its own rules apply under it. */
  readonly chartClass: string;
  readonly widthPx: number;
  readonly heightPx: number;
  /** Elements inside the document, already escaped. */
  readonly body: string;
  /** The chart's own CSS rules, one single-selector rule per entry. */
  readonly rules?: readonly string[];
}

/**
 * A standalone SVG document: it opens in a browser from disk, with no network and no script. The
 * <title> is the chart's accessible name; the white background keeps it readable in viewers with
 * a dark page. Every CSS rule is scoped under the root's classes, because an SVG inlined in an
 * HTML page shares one stylesheet with the page: unscoped, a heatmap's `.key` rule would restyle
 * the space-time diagram's legend next to it, and any `text` in the page.
 */
export function svgDocument(spec: SvgDocumentSpec): string {
  const width = px(Math.max(1, spec.widthPx));
  const height = px(Math.max(1, spec.heightPx));
  const style = [
    ...sharedRules.map((rule) => `.${rootClass} ${rule}`),
    ...(spec.rules ?? []).map((rule) => `.${rootClass}.${spec.chartClass} ${rule}`),
  ].join('\n');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="${rootClass} ${escapeXml(spec.chartClass)}" ` +
    `width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img">\n` +
    `<title>${escapeXml(spec.title)}</title>\n` +
    `<style>\n${style}\n</style>\n` +
    `<rect class="background" width="${width}" height="${height}" fill="#ffffff"/>\n` +
    `${spec.body}</svg>\n`
  );
}

export type TextAnchor = 'start' | 'middle' | 'end';

/** One <text>, escaped; `transform` is for rotated axis labels. */
export function svgText(
  x: number,
  y: number,
  text: string,
  options: { className?: string; anchor?: TextAnchor; rotate?: number } = {},
): string {
  const cls = options.className === undefined ? '' : ` class="${options.className}"`;
  const anchor = options.anchor === undefined ? '' : ` text-anchor="${options.anchor}"`;
  const rotate =
    options.rotate === undefined
      ? ''
      : ` transform="rotate(${formatFixed(options.rotate, 0)} ${px(x)} ${px(y)})"`;
  return `<text x="${px(x)}" y="${px(y)}"${cls}${anchor}${rotate}>${escapeXml(text)}</text>`;
}
