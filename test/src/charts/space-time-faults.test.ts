/**
 * Goal: the space-time diagram draws a dropped copy only from a send it draws, as a stub that
 * points at the receiver's line when the copy was lost at its send (or when the receiver's line is
 * not drawn), and to the receiver's line at the drop's time when a crashed receiver dropped it;
 * spans and marks outside the time axis, or of machines not drawn, are left out.
 * Method: small diagrams drawn with spaceTimeSvg, parsed, positions compared with the lines'.
 */
import { describe, expect, it } from 'vitest';
import { spaceTimeSvg } from '../../../src/charts/space-time.js';
import type { SpaceTimeFaults } from '../../../src/charts/space-time-faults.js';
import {
  attribute,
  elementsNamed,
  hasClass,
  parseChart,
  type XmlElement,
} from './well-formed-xml.js';

const machines = [
  { id: 0, label: 'machine 0' },
  { id: 1, label: 'machine 1' },
];
const events = [
  { machine: 0, seq: 1, kind: 'send' as const, timeMs: 1000, clock: 1, msgId: '0-1' },
  { machine: 1, seq: 1, kind: 'internal' as const, timeMs: 1000, clock: 1 },
  { machine: 0, seq: 2, kind: 'internal' as const, timeMs: 2000, clock: 2 },
  { machine: 1, seq: 2, kind: 'internal' as const, timeMs: 3000, clock: 2 },
];

function drawn(faults: SpaceTimeFaults): XmlElement {
  return parseChart(spaceTimeSvg({ title: 't', machines, events, faults }));
}

const number = (element: XmlElement, name: string) => Number(attribute(element, name));
const lineYs = (chart: XmlElement) =>
  elementsNamed(chart, 'line')
    .filter((line) => hasClass(line, 'machine-line'))
    .map((line) => number(line, 'y1'));
const crosses = (chart: XmlElement) =>
  elementsNamed(chart, 'path').filter((path) => hasClass(path, 'drop-cross'));

const drop = { msgId: '0-1', timeMs: 1000, label: 'd' };

describe('dropped copies in the space-time diagram', () => {
  it('a copy lost at its send: a stub towards the receiver, short of its line', () => {
    const chart = drawn({
      spans: [],
      marks: [],
      drops: [{ ...drop, receiver: 1, atReceiver: false }],
    });
    const [y0, y1] = lineYs(chart) as [number, number];
    const [cross] = crosses(chart);
    expect(number(cross as XmlElement, 'data-y')).toBeGreaterThan(y0);
    expect(number(cross as XmlElement, 'data-y')).toBeLessThan(y1);
  });

  it('a copy dropped at a crashed receiver: to its line at the drop time', () => {
    const chart = drawn({
      spans: [],
      marks: [],
      drops: [{ ...drop, receiver: 1, timeMs: 3000, atReceiver: true }],
    });
    const [, y1] = lineYs(chart) as [number, number];
    const [cross] = crosses(chart);
    expect(number(cross as XmlElement, 'data-y')).toBeCloseTo(y1, 5);
    // At 3000 ms: where machine 1's event at 3000 ms is drawn.
    const [, internal3000] = elementsNamed(chart, 'circle').filter(
      (circle) =>
        hasClass(circle, 'internal') && hasClass(circle, 'event') && number(circle, 'cy') === y1,
    );
    expect(number(cross as XmlElement, 'data-x')).toBeCloseTo(
      number(internal3000 as XmlElement, 'cx'),
      5,
    );
  });

  it('a copy to a machine not drawn: a stub downwards; a send not drawn: nothing', () => {
    const chart = drawn({
      spans: [],
      marks: [],
      drops: [
        { ...drop, receiver: 7, atReceiver: true },
        { ...drop, msgId: '0-9', receiver: 1, atReceiver: false },
      ],
    });
    const [y0] = lineYs(chart) as [number];
    expect(crosses(chart)).toHaveLength(1);
    expect(number(crosses(chart)[0] as XmlElement, 'data-y')).toBeGreaterThan(y0);
  });
});

describe('spans and marks in the space-time diagram', () => {
  it('leaves out those outside the time axis or of machines not drawn', () => {
    const chart = drawn({
      spans: [
        { kind: 'pause', machine: 1, fromMs: 1500, untilMs: 2500, label: 'in' },
        { kind: 'pause', machine: 5, fromMs: 1500, untilMs: 2500, label: 'not drawn' },
        { kind: 'partition', machine: null, fromMs: 90_000, untilMs: 99_000, label: 'after' },
      ],
      marks: [
        { kind: 'crash', machine: 1, timeMs: 2000, label: 'in' },
        { kind: 'crash', machine: 1, timeMs: 90_000, label: 'after' },
      ],
      drops: [],
    });
    const spans = elementsNamed(chart, 'rect').filter((rect) => hasClass(rect, 'fault-span'));
    expect(spans.map((rect) => attribute(rect, 'data-machine'))).toEqual(['1']);
    const marks = elementsNamed(chart, 'line').filter((line) => hasClass(line, 'fault-mark'));
    expect(marks.map((line) => attribute(line, 'data-at'))).toEqual(['2000']);
  });
});
