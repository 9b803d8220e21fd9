/**
 * Faults in the space-time diagram: a partition shades every line over its window, a pause or a
 * machine down shades its own line, a crash, restart or rate step is a bar across its line, and a
 * dropped copy is a red dashed arrow from its send that ends in a cross:
 * - a copy dropped when it was sent (loss, partition) ends in a short stub, a little past the send
 *   and part of the way to its receiver's line: it never travelled, and the stub says to whom;
 * - a copy dropped at a crashed receiver (reason crash, at its arrival or at the crash) travels to
 *   the receiver's line and ends there, at the time of the drop.
 * Everything is cut to the diagram's time axis; a drop whose send is not drawn is left out.
 */

import { escapeXml, formatValue, px, svgText } from './svg.js';
import type { OverlayMarkKind, OverlaySpanKind } from './time-overlay.js';

export interface SpaceTimeFaults {
  readonly spans: readonly {
    readonly kind: OverlaySpanKind;
    /** null: every line (a partition). */
    readonly machine: number | null;
    readonly fromMs: number;
    readonly untilMs: number;
    readonly label: string;
  }[];
  readonly marks: readonly {
    readonly kind: OverlayMarkKind;
    readonly machine: number;
    readonly timeMs: number;
    readonly label: string;
  }[];
  readonly drops: readonly {
    /** The send's msg_id. */
    readonly msgId: string;
    readonly receiver: number;
    readonly timeMs: number;
    /** Decided at the send (loss, partition): a stub; at the receiver (crash): to its line. */
    readonly atReceiver: boolean;
    readonly label: string;
  }[];
}

export const spaceTimeFaultRules: readonly string[] = [
  '.fault-span { stroke: none; }',
  '.fault-span.partition { fill: #E69F00; fill-opacity: 0.16; }',
  '.fault-span.pause { fill: #56B4E9; fill-opacity: 0.3; }',
  '.fault-span.down { fill: #777777; fill-opacity: 0.3; }',
  '.fault-mark { stroke-width: 3; }',
  '.fault-mark.crash { stroke: #B00020; }',
  '.fault-mark.restart { stroke: #009E73; }',
  '.fault-mark.rate { stroke: #332288; }',
  '.drop { stroke: #B00020; stroke-width: 1; stroke-dasharray: 3 2; }',
  '.drop-cross { stroke: #B00020; stroke-width: 2; fill: none; }',
  '.fault-label { font-size: 10px; fill: #444; }',
];

interface Point {
  readonly x: number;
  readonly y: number;
}

/** Where things are in the diagram, as space-time.ts laid it out. */
export interface FaultPlace {
  readonly toX: (timeMs: number) => number;
  readonly minMs: number;
  readonly maxMs: number;
  /** A machine's line's y, or undefined when the machine is not drawn. */
  readonly lineY: (machine: number) => number | undefined;
  /** The top of the first line's band and the bottom of the last's. */
  readonly top: number;
  readonly bottom: number;
  /** Where the send with this msg_id is drawn, when it is. */
  readonly sendAt: (msgId: string) => Point | undefined;
}

/** Half the height of a shaded line, and of a mark's bar. */
const laneHalfPx = 12;
const stubPx = 22;
const crossPx = 4;

/** Spans, drawn under the lines and the messages. */
export function faultSpansSvg(faults: SpaceTimeFaults, place: FaultPlace): string {
  const { toX, minMs, maxMs } = place;
  const parts: string[] = [];
  for (const span of faults.spans) {
    if (span.untilMs < minMs || span.fromMs > maxMs) continue;
    const lineY = span.machine === null ? null : place.lineY(span.machine);
    if (lineY === undefined) continue;
    const x = toX(Math.max(minMs, span.fromMs));
    const width = Math.max(1, toX(Math.min(maxMs, span.untilMs)) - x);
    const top = lineY === null ? place.top : lineY - laneHalfPx;
    const bottom = lineY === null ? place.bottom : lineY + laneHalfPx;
    const machine = span.machine === null ? '' : ` data-machine="${span.machine}"`;
    parts.push(
      `<rect class="fault-span ${span.kind}" x="${px(x)}" y="${px(top)}" width="${px(width)}" ` +
        `height="${px(bottom - top)}"${machine} data-from="${formatValue(span.fromMs)}" ` +
        `data-until="${formatValue(span.untilMs)}"><title>${escapeXml(span.label)}</title></rect>`,
    );
    if (lineY === null) {
      // At the band's foot: its top is where the clock labels of the first line are.
      parts.push(svgText(x + 2, bottom - 4, span.label, { className: 'fault-label' }));
    }
  }
  return `<g class="fault-spans">${parts.join('\n')}</g>`;
}

/** Marks and dropped copies, drawn over the messages and under the events' marks. */
export function faultMarksSvg(faults: SpaceTimeFaults, place: FaultPlace): string {
  const { toX, minMs, maxMs } = place;
  const parts: string[] = [];
  for (const mark of faults.marks) {
    const y = place.lineY(mark.machine);
    if (y === undefined || mark.timeMs < minMs || mark.timeMs > maxMs) continue;
    const x = toX(mark.timeMs);
    parts.push(
      `<line class="fault-mark ${mark.kind}" x1="${px(x)}" y1="${px(y - laneHalfPx)}" x2="${px(x)}" ` +
        `y2="${px(y + laneHalfPx)}" data-machine="${mark.machine}" data-at="${formatValue(mark.timeMs)}">` +
        `<title>${escapeXml(mark.label)}</title></line>`,
      svgText(x + 3, y + laneHalfPx + 10, mark.label, { className: 'fault-label' }),
    );
  }
  for (const drop of faults.drops) {
    const from = place.sendAt(drop.msgId);
    if (from === undefined) continue;
    const receiverY = place.lineY(drop.receiver);
    const end = dropEnd(drop, from, receiverY, place);
    parts.push(
      `<g class="dropped" data-msg-id="${escapeXml(drop.msgId)}" data-receiver="${drop.receiver}" ` +
        `data-at="${formatValue(drop.timeMs)}"><title>${escapeXml(drop.label)}</title>` +
        `<line class="drop" x1="${px(from.x)}" y1="${px(from.y)}" x2="${px(end.x)}" y2="${px(end.y)}"/>` +
        `<path class="drop-cross" d="M${px(end.x - crossPx)},${px(end.y - crossPx)} ` +
        `L${px(end.x + crossPx)},${px(end.y + crossPx)} M${px(end.x - crossPx)},${px(end.y + crossPx)} ` +
        `L${px(end.x + crossPx)},${px(end.y - crossPx)}" data-x="${px(end.x)}" data-y="${px(end.y)}"/></g>`,
    );
  }
  return `<g class="fault-marks">${parts.join('\n')}</g>`;
}

/** Where a dropped copy's arrow ends (its cross): see the file's comment. */
function dropEnd(
  drop: SpaceTimeFaults['drops'][number],
  from: Point,
  receiverY: number | undefined,
  place: FaultPlace,
): Point {
  if (drop.atReceiver && receiverY !== undefined && drop.timeMs <= place.maxMs) {
    return { x: place.toX(drop.timeMs), y: receiverY };
  }
  // Towards the receiver's line, or down when it is not drawn.
  const towards = receiverY === undefined ? from.y + 40 : receiverY;
  const direction = towards >= from.y ? 1 : -1;
  const rise = Math.max(stubPx / 2, Math.abs(towards - from.y) * 0.4);
  return { x: from.x + stubPx, y: from.y + direction * rise };
}
