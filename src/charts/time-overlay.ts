/**
 * What happened to a run besides its events, drawn over a chart whose x axis is time: shaded
 * spans (a partition, a pause, a machine down) behind the data, and marks (a crash, a restart, a
 * rate step) as labelled vertical lines. Given in the chart's own x units; clipped to its axis.
 * A chart without an overlay is drawn exactly as before (no element, no CSS rule is added).
 */
import { escapeXml, formatValue, px, svgText } from './svg.js';

export type OverlaySpanKind = 'partition' | 'pause' | 'down';
export type OverlayMarkKind = 'crash' | 'restart' | 'rate';

export interface OverlaySpan {
  readonly kind: OverlaySpanKind;
  readonly fromX: number;
  readonly untilX: number;
  /** Short, shown at the span's top: "partition 0|1+2", "machine 1 down". */
  readonly label: string;
}

export interface OverlayMark {
  readonly kind: OverlayMarkKind;
  readonly x: number;
  /** Short, shown beside the line: "crash 1", "restart 1: 14→0". */
  readonly label: string;
}

export interface TimeOverlay {
  readonly spans: readonly OverlaySpan[];
  readonly marks: readonly OverlayMark[];
}

/** The rules an overlay needs; a chart adds them only when it draws one. */
export const overlayRules: readonly string[] = [
  '.fault-span { stroke: none; }',
  '.fault-span.partition { fill: #E69F00; fill-opacity: 0.16; }',
  '.fault-span.pause { fill: #56B4E9; fill-opacity: 0.22; }',
  '.fault-span.down { fill: #777777; fill-opacity: 0.22; }',
  '.fault-mark { stroke-width: 1.5; stroke-dasharray: 4 2; }',
  '.fault-mark.crash { stroke: #B00020; }',
  '.fault-mark.restart { stroke: #009E73; }',
  '.fault-mark.rate { stroke: #332288; }',
  '.fault-label { font-size: 10px; fill: #444; }',
];

/** The vertical extent to shade, and the x range of the axis. */
export interface OverlayPlace {
  readonly top: number;
  readonly bottom: number;
  readonly xMin: number;
  readonly xMax: number;
  readonly toX: (x: number) => number;
}

/**
 * Spans as <rect class="fault-span KIND"> and marks as <line class="fault-mark KIND">, each with
 * its label as a tooltip and a small text; `data-from`/`data-until`/`data-at` hold the times in
 * the chart's x units, for readers of the SVG (and its tests). Out-of-axis parts are cut off.
 */
export function overlaySvg(overlay: TimeOverlay, place: OverlayPlace): string {
  const { top, bottom, xMin, xMax, toX } = place;
  const parts: string[] = [];
  overlay.spans.forEach((span, index) => {
    const from = Math.max(xMin, span.fromX);
    const until = Math.min(xMax, span.untilX);
    if (!(until >= from) || span.untilX < xMin || span.fromX > xMax) return;
    const x = toX(from);
    const width = Math.max(1, toX(until) - x);
    parts.push(
      `<rect class="fault-span ${span.kind}" x="${px(x)}" y="${px(top)}" width="${px(width)}" ` +
        `height="${px(bottom - top)}" data-from="${formatValue(span.fromX)}" ` +
        `data-until="${formatValue(span.untilX)}"><title>${escapeXml(span.label)}</title></rect>`,
      svgText(x + 2, top + 10 + (index % 3) * 11, span.label, { className: 'fault-label' }),
    );
  });
  overlay.marks.forEach((mark, index) => {
    if (mark.x < xMin || mark.x > xMax) return;
    const x = toX(mark.x);
    parts.push(
      `<line class="fault-mark ${mark.kind}" x1="${px(x)}" y1="${px(top)}" x2="${px(x)}" ` +
        `y2="${px(bottom)}" data-at="${formatValue(mark.x)}"><title>${escapeXml(mark.label)}</title></line>`,
      svgText(x + 3, bottom - 6 - (index % 3) * 11, mark.label, { className: 'fault-label' }),
    );
  });
  return `<g class="faults">${parts.join('\n')}</g>`;
}
