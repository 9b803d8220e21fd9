/**
 * Lamport's space-time diagram: one horizontal line per machine, its events as marks placed by
 * time along it, each labelled with its Lamport clock, and every message as an arrow from its send
 * to each of its receives (a broadcast, one send event, has an arrow per receiver). The shape and
 * colour of a mark say what the event was: a hollow grey circle is internal, a blue square a send,
 * an orange-red diamond a receive. This is the picture in which "happened before" is a path along
 * lines and arrows, and clock jumps at receives show up where an arrow lands.
 */

import {
  type FaultPlace,
  faultMarksSvg,
  faultSpansSvg,
  type SpaceTimeFaults,
  spaceTimeFaultRules,
} from './space-time-faults.js';
import {
  canvasSizePx,
  escapeXml,
  fontPx,
  formatFixed,
  formatValue,
  niceTicks,
  px,
  svgDocument,
  svgText,
  type Ticks,
  textWidthPx,
  truncate,
} from './svg.js';

export interface SpaceTimeMachine {
  readonly id: number;
  readonly label: string;
}

/** `restart`: a crashed machine's restart (a fault, issue 18), drawn like an internal event. */
export type SpaceTimeEventKind = 'internal' | 'send' | 'receive' | 'restart';

export interface SpaceTimeEvent {
  /** A machine id from `machines`. */
  readonly machine: number;
  readonly seq: number;
  readonly kind: SpaceTimeEventKind;
  readonly timeMs: number;
  /** The Lamport clock after the event. */
  readonly clock: number;
  /** Joins a send to its receives; a broadcast's one send has several receives with its id. */
  readonly msgId?: string;
}

export interface SpaceTimeSpec {
  readonly title: string;
  /** One line each, top to bottom in this order. */
  readonly machines: readonly SpaceTimeMachine[];
  readonly events: readonly SpaceTimeEvent[];
  /** Injected faults to draw (space-time-faults.ts); absent: the diagram is as before. */
  readonly faults?: SpaceTimeFaults;
}

/** Per event on the busiest machine: room for a clock label of three digits and a gap. */
const perEventPx = 28;
const minPlotWidthPx = 480;
/** Past this the diagram stops growing and events move closer; labels that would collide go. */
const maxPlotWidthPx = 2400;
const rowGapPx = 64;
const firstRowPx = 96;
const axisGapPx = 36;
const bottomPx = 48;
const rightPx = 32;
const markRadiusPx = 5;

const colours = { internal: '#777777', send: '#0072B2', receive: '#D55E00', message: '#555555' };
/** Stable within a document; charts inlined in one page define the same arrowhead identically. */
const arrowheadId = 'lamport-arrowhead';

const diagramRules: readonly string[] = [
  '.machine-line { stroke: #222; stroke-width: 1.5; }',
  `.message { stroke: ${colours.message}; stroke-width: 1; }`,
  `.internal { fill: #ffffff; stroke: ${colours.internal}; stroke-width: 1.5; }`,
  `.send { fill: ${colours.send}; stroke: none; }`,
  `.receive { fill: ${colours.receive}; stroke: none; }`,
  '.clock { fill: #222; }',
];

/**
 * The diagram as a standalone SVG document. Its width grows with the events of the busiest
 * machine (28 px each, from 480 to 2400 px of plot), so 60 events over a few machines keep a clock
 * label's width between neighbours. Events on a machine that is not listed, or with a non-finite
 * time, are not drawn; a receive whose send is not among the events gets no arrow.
 */
export function spaceTimeSvg(spec: SpaceTimeSpec): string {
  const rowOf = new Map<number, number>();
  spec.machines.forEach((machine, row) => {
    if (!rowOf.has(machine.id)) rowOf.set(machine.id, row);
  });
  const events = spec.events.filter(
    (event) => rowOf.has(event.machine) && Number.isFinite(event.timeMs),
  );
  const layout = diagramLayout(spec, events);
  const { left, plotWidth, ticks } = layout;
  const toX = (timeMs: number): number =>
    left + ((timeMs - ticks.min) / (ticks.max - ticks.min)) * plotWidth;
  const diagram: Diagram = {
    spec,
    events,
    rowOf,
    at: (event) => ({ x: toX(event.timeMs), y: rowY(rowOf.get(event.machine) ?? 0) }),
  };

  const place = spec.faults === undefined ? null : faultPlace(diagram, toX, ticks);
  const parts: string[] = [
    svgText(layout.widthPx / 2, 24, spec.title, { className: 'title', anchor: 'middle' }),
    legend(left),
    timeAxis(ticks, toX, { top: firstRowPx - 20, axisY: layout.axisY, left, plotWidth }),
    ...(spec.faults === undefined || place === null ? [] : [faultSpansSvg(spec.faults, place)]),
    ...machineLinesSvg(spec, layout),
  ];
  if (events.length === 0) {
    parts.push(
      svgText(left + plotWidth / 2, firstRowPx - 28, 'no events', {
        className: 'tick-label',
        anchor: 'middle',
      }),
    );
  }
  // Arrows under the marks, so a mark is never hidden by a line through it.
  const messages = messagesSvg(diagram);
  parts.push(messages.svg);
  if (spec.faults !== undefined && place !== null) parts.push(faultMarksSvg(spec.faults, place));
  parts.push(...eventsSvg(diagram, messages.labelBelow));

  return svgDocument({
    title: spec.title,
    widthPx: layout.widthPx,
    heightPx: layout.heightPx,
    body: `${arrowheadDefs()}\n${parts.join('\n')}\n`,
    chartClass: 'space-time',
    rules: spec.faults === undefined ? diagramRules : [...diagramRules, ...spaceTimeFaultRules],
  });
}

/** Where the faults go: the diagram's scale, its lines and its sends. */
function faultPlace(diagram: Diagram, toX: (timeMs: number) => number, ticks: Ticks): FaultPlace {
  const sends = new Map<string, SpaceTimeEvent>();
  for (const event of diagram.events) {
    if (event.kind === 'send' && event.msgId !== undefined && !sends.has(event.msgId)) {
      sends.set(event.msgId, event);
    }
  }
  const rows = Math.max(1, diagram.spec.machines.length);
  return {
    toX,
    minMs: ticks.min,
    maxMs: ticks.max,
    lineY: (machine) => {
      const row = diagram.rowOf.get(machine);
      return row === undefined ? undefined : rowY(row);
    },
    top: rowY(0) - 20,
    bottom: rowY(rows - 1) + 20,
    sendAt: (msgId) => {
      const send = sends.get(msgId);
      return send === undefined ? undefined : diagram.at(send);
    },
  };
}

function rowY(row: number): number {
  return firstRowPx + row * rowGapPx;
}

/** The events to draw, where each machine's line is, and where an event goes on it. */
interface Diagram {
  readonly spec: SpaceTimeSpec;
  /** On a listed machine, at a finite time. */
  readonly events: readonly SpaceTimeEvent[];
  /** Machine id → its row (the first row listing it). */
  readonly rowOf: ReadonlyMap<number, number>;
  readonly at: (event: SpaceTimeEvent) => Point;
}

interface DiagramLayout {
  readonly ticks: Ticks;
  /** Cut to 40 characters. */
  readonly machineLabels: readonly string[];
  readonly left: number;
  readonly plotWidth: number;
  readonly axisY: number;
  readonly widthPx: number;
  readonly heightPx: number;
}

function diagramLayout(spec: SpaceTimeSpec, events: readonly SpaceTimeEvent[]): DiagramLayout {
  const perMachine = new Map<number, number>();
  let timeMin = Infinity;
  let timeMax = -Infinity;
  for (const event of events) {
    perMachine.set(event.machine, (perMachine.get(event.machine) ?? 0) + 1);
    timeMin = Math.min(timeMin, event.timeMs);
    timeMax = Math.max(timeMax, event.timeMs);
  }
  const busiest = Math.max(0, ...perMachine.values());
  const ticks = events.length === 0 ? niceTicks(0, 1) : niceTicks(timeMin, timeMax);

  // Machine labels are cut to 40 characters so one long label cannot squeeze the diagram; the
  // full label is in the tooltip of each of its events.
  const machineLabels = spec.machines.map((machine) => truncate(machine.label, 40));
  const labelWidthPx = Math.max(
    40,
    ...machineLabels.map((label) => textWidthPx(label, fontPx.label)),
  );
  const left = 16 + labelWidthPx + 16;
  const plotWidth = Math.min(maxPlotWidthPx, Math.max(minPlotWidthPx, busiest * perEventPx));
  const widthPx = canvasSizePx(left + plotWidth + rightPx, minPlotWidthPx);
  const rows = Math.max(1, spec.machines.length);
  const axisY = firstRowPx + (rows - 1) * rowGapPx + axisGapPx;
  const heightPx = canvasSizePx(axisY + bottomPx, 200);
  return { ticks, machineLabels, left, plotWidth, axisY, widthPx, heightPx };
}

/** Each machine's line across the plot, with its label on the left. */
function machineLinesSvg(spec: SpaceTimeSpec, layout: DiagramLayout): string[] {
  const { left, plotWidth } = layout;
  return spec.machines.flatMap((machine, row) => {
    const y = rowY(row);
    return [
      `<line class="machine-line" x1="${px(left)}" y1="${px(y)}" x2="${px(left + plotWidth)}" ` +
        `y2="${px(y)}"/>`,
      svgText(left - 12, y + 4, layout.machineLabels[row] ?? machine.label, {
        className: 'machine-label',
        anchor: 'end',
      }),
    ];
  });
}

/**
 * An arrow per receive whose send is drawn, and the events with an arrow arriving from, or
 * leaving towards, a line above: their clock label goes under the mark, where the arrow is not.
 */
function messagesSvg(diagram: Diagram): {
  readonly svg: string;
  readonly labelBelow: ReadonlySet<SpaceTimeEvent>;
} {
  const { events, rowOf, at } = diagram;
  const sendOf = new Map<string, SpaceTimeEvent>();
  for (const event of events) {
    if (event.kind === 'send' && event.msgId !== undefined && !sendOf.has(event.msgId)) {
      sendOf.set(event.msgId, event);
    }
  }
  const arrows: string[] = [];
  const labelBelow = new Set<SpaceTimeEvent>();
  for (const event of events) {
    if (event.kind !== 'receive' || event.msgId === undefined) continue;
    const send = sendOf.get(event.msgId);
    if (send === undefined) continue;
    const sendRow = rowOf.get(send.machine) ?? 0;
    const receiveRow = rowOf.get(event.machine) ?? 0;
    if (sendRow < receiveRow) labelBelow.add(event);
    if (sendRow > receiveRow) labelBelow.add(send);
    arrows.push(
      arrow(at(send), at(event), `message ${event.msgId}, clock ${formatValue(send.clock)}`),
    );
  }
  return { svg: `<g class="messages">${arrows.join('\n')}</g>`, labelBelow };
}

/** The events' marks with their tooltips, and their clock labels where there is room. */
function eventsSvg(diagram: Diagram, labelBelow: ReadonlySet<SpaceTimeEvent>): string[] {
  const { spec, rowOf, at } = diagram;
  const marks: string[] = [];
  const labels: string[] = [];
  for (const machineEvents of byMachineInTime(diagram.events).values()) {
    // A clock label is left out when it would touch the previous one on its side of the line;
    // the clock is still in the mark's tooltip. Below the width cap this never happens.
    const lastLabelEnd = { above: -Infinity, below: -Infinity };
    for (const event of machineEvents) {
      const { x, y } = at(event);
      const machine = spec.machines[rowOf.get(event.machine) ?? 0]?.label ?? String(event.machine);
      const tooltip =
        `${machine}, event ${formatValue(event.seq)} (${event.kind}), ` +
        `t = ${formatFixed(event.timeMs, 3)} ms, clock ${formatValue(event.clock)}` +
        (event.msgId === undefined ? '' : `, message ${event.msgId}`);
      marks.push(mark(event.kind, x, y, tooltip));
      const text = formatValue(event.clock);
      const halfWidth = textWidthPx(text, fontPx.small) / 2;
      const side = labelBelow.has(event) ? 'below' : 'above';
      if (x - halfWidth >= lastLabelEnd[side] + 2) {
        const labelY = side === 'above' ? y - 9 : y + 17;
        labels.push(svgText(x, labelY, text, { className: 'clock small', anchor: 'middle' }));
        lastLabelEnd[side] = x + halfWidth;
      }
    }
  }
  return [
    `<g class="events">${marks.join('\n')}</g>`,
    `<g class="clocks">${labels.join('\n')}</g>`,
  ];
}

/** Events grouped by machine, each group in time order (then seq): the order along the line. */
function byMachineInTime(events: readonly SpaceTimeEvent[]): Map<number, SpaceTimeEvent[]> {
  const groups = new Map<number, SpaceTimeEvent[]>();
  for (const event of events) {
    const group = groups.get(event.machine);
    if (group === undefined) groups.set(event.machine, [event]);
    else group.push(event);
  }
  for (const group of groups.values()) {
    group.sort((a, b) => a.timeMs - b.timeMs || a.seq - b.seq);
  }
  return groups;
}

function arrowheadDefs(): string {
  return (
    `<defs><marker id="${arrowheadId}" viewBox="0 0 10 10" refX="10" refY="5" ` +
    'markerWidth="7" markerHeight="7" markerUnits="userSpaceOnUse" orient="auto">' +
    `<path d="M0,0 L10,5 L0,10 z" fill="${colours.message}"/></marker></defs>`
  );
}

interface Point {
  readonly x: number;
  readonly y: number;
}

/**
 * A message arrow from the send's mark to the receive's, cut short at both ends so it starts
 * at the edge of the send's mark and the arrowhead's tip touches the edge of the receive's.
 */
function arrow(from: Point, to: Point, tooltip: string): string {
  const dx = to.x - from.x;
  const dy = to.y - from.y;
  const length = Math.hypot(dx, dy);
  const cut = markRadiusPx + 1;
  const [start, end] =
    length > 2 * cut
      ? [
          { x: from.x + (dx / length) * cut, y: from.y + (dy / length) * cut },
          { x: to.x - (dx / length) * cut, y: to.y - (dy / length) * cut },
        ]
      : [from, to];
  return (
    `<line class="message" x1="${px(start.x)}" y1="${px(start.y)}" x2="${px(end.x)}" ` +
    `y2="${px(end.y)}" marker-end="url(#${arrowheadId})"><title>${escapeXml(tooltip)}</title></line>`
  );
}

/**
 * An event's mark: circle (internal), square (send) or diamond (receive), with its tooltip. The
 * legend's samples have the role "key" instead of "event", so only events count as events.
 */
function mark(
  kind: SpaceTimeEventKind,
  x: number,
  y: number,
  tooltip: string,
  role: 'event' | 'key' = 'event',
): string {
  const title = `<title>${escapeXml(tooltip)}</title>`;
  const r = markRadiusPx;
  switch (kind) {
    case 'internal':
      return `<circle class="${role} internal" cx="${px(x)}" cy="${px(y)}" r="${px(r - 1)}">${title}</circle>`;
    case 'send':
      return (
        `<path class="${role} send" d="M${px(x - r + 1)},${px(y - r + 1)} h${px(2 * r - 2)} ` +
        `v${px(2 * r - 2)} h${px(-(2 * r - 2))} z">${title}</path>`
      );
    case 'receive':
      return (
        `<path class="${role} receive" d="M${px(x)},${px(y - r)} l${px(r)},${px(r)} ` +
        `l${px(-r)},${px(r)} l${px(-r)},${px(-r)} z">${title}</path>`
      );
    case 'restart':
      // A ring, larger than an internal event's dot: the machine came back from a crash.
      return `<circle class="${role} restart" cx="${px(x)}" cy="${px(y)}" r="${px(r + 1)}" fill="none">${title}</circle>`;
    default: {
      // charts/ may not import core/'s assertNever (test/architecture.test.ts); same check.
      const unknown: never = kind;
      throw new Error(`unknown event kind ${String(unknown)}`);
    }
  }
}

/** The key to the marks and arrows, in a row under the title. */
function legend(left: number): string {
  const y = 52;
  const entries: string[] = [];
  let x = left;
  for (const kind of ['internal', 'send', 'receive'] as const) {
    entries.push(mark(kind, x + markRadiusPx, y - 4, kind, 'key'), svgText(x + 14, y, kind));
    x += 14 + textWidthPx(kind, fontPx.label) + 20;
  }
  entries.push(
    `<line class="key message" x1="${px(x)}" y1="${px(y - 4)}" x2="${px(x + 24)}" y2="${px(y - 4)}" ` +
      `marker-end="url(#${arrowheadId})"/>`,
    svgText(x + 30, y, 'message (send → receive)'),
  );
  return `<g class="legend">${entries.join('\n')}</g>`;
}

/** Time ticks under the last machine, with faint vertical lines up through every machine. */
function timeAxis(
  ticks: Ticks,
  toX: (timeMs: number) => number,
  place: {
    /** Where the grid lines start: above the first machine's line. */
    readonly top: number;
    readonly axisY: number;
    readonly left: number;
    readonly plotWidth: number;
  },
): string {
  const { top, axisY, left, plotWidth } = place;
  const parts: string[] = [];
  for (const value of ticks.values) {
    const x = px(toX(value));
    parts.push(
      `<line class="grid" x1="${x}" y1="${px(top)}" x2="${x}" y2="${px(axisY)}"/>`,
      `<line class="axis" x1="${x}" y1="${px(axisY)}" x2="${x}" y2="${px(axisY + 4)}"/>`,
      svgText(toX(value), axisY + 16, formatFixed(value, ticks.decimals), {
        className: 'tick-label',
        anchor: 'middle',
      }),
    );
  }
  parts.push(
    `<path class="axis" d="M${px(left)},${px(axisY)} H${px(left + plotWidth)}"/>`,
    svgText(left + plotWidth / 2, axisY + 38, 'time (ms)', { anchor: 'middle' }),
  );
  return `<g class="axes">${parts.join('\n')}</g>`;
}
