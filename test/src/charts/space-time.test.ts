/**
 * Goal: the space-time diagram of a run shows the run: one line per machine, one mark per event
 * (circle, square or diamond by kind) labelled with its Lamport clock, and one arrow per
 * send→receive pair, so a broadcast has an arrow per receiver. It stays readable at 60 events
 * (every clock label shown), grows with the events up to a cap, escapes its text, gives the same
 * bytes every time and no NaN for odd input.
 * Method: a real 60-event run of the virtual simulator (test/helpers/memory-run.ts), converted to
 * the diagram's events and compared with what the SVG holds; random event lists with fast-check;
 * examples for the edge cases.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { messageId } from '../../../core/index.js';
import {
  type SpaceTimeEvent,
  type SpaceTimeSpec,
  spaceTimeSvg,
} from '../../../src/charts/space-time.js';
import { makeConfig, runInMemory } from '../../helpers/memory-run.js';
import {
  attribute,
  elementsNamed,
  parseChart,
  textOf,
  titleOf,
  type XmlElement,
} from './well-formed-xml.js';

/** Rates 1, 2 and 3 Hz for 10 s: 10 + 20 + 30 = 60 events. */
function sixtyEventRun(): SpaceTimeSpec {
  const run = runInMemory(makeConfig({ seed: 7, ratesHz: [1, 2, 3], durationSec: 10 }));
  const events: SpaceTimeEvent[] = run.events.map(({ machineId, timeUs, event }) => {
    const base = {
      machine: machineId,
      seq: event.seq,
      kind: event.kind,
      timeMs: timeUs / 1000,
      clock: event.clock,
    };
    return event.kind === 'internal'
      ? base
      : { ...base, msgId: messageId(event.senderId, event.sendSeq) };
  });
  return {
    title: 'seed 7, rates 1/2/3 Hz',
    machines: [0, 1, 2].map((id) => ({ id, label: `machine ${id} (${id + 1} Hz)` })),
    events,
  };
}

const inGroup = (root: XmlElement, group: string, name: string): XmlElement[] =>
  elementsNamed(root, 'g', group).flatMap((g) => elementsNamed(g, name));

const marks = (root: XmlElement): XmlElement[] =>
  elementsNamed(elementsNamed(root, 'g', 'events')[0] ?? root, 'circle').concat(
    elementsNamed(elementsNamed(root, 'g', 'events')[0] ?? root, 'path'),
  );

describe('spaceTimeSvg on a real run', () => {
  const spec = sixtyEventRun();
  const source = spaceTimeSvg(spec);
  const root = parseChart(source);

  it('has 60 events, among them sends, receives and a broadcast', () => {
    expect(spec.events).toHaveLength(60);
    const kinds = new Set(spec.events.map((event) => event.kind));
    expect(kinds).toEqual(new Set(['internal', 'send', 'receive']));
    const receivesPerMessage = new Map<string, number>();
    for (const event of spec.events) {
      if (event.kind === 'receive' && event.msgId !== undefined) {
        receivesPerMessage.set(event.msgId, (receivesPerMessage.get(event.msgId) ?? 0) + 1);
      }
    }
    expect(Math.max(...receivesPerMessage.values())).toBe(2);
  });

  it('draws one labelled line per machine', () => {
    expect(elementsNamed(root, 'line', 'machine-line')).toHaveLength(3);
    const labels = elementsNamed(root, 'text', 'machine-label').map(textOf);
    expect(labels).toEqual(['machine 0 (1 Hz)', 'machine 1 (2 Hz)', 'machine 2 (3 Hz)']);
  });

  it('draws one mark per event, its shape and class by kind', () => {
    const all = marks(root);
    expect(all).toHaveLength(60);
    const shapeOf = { internal: 'circle', send: 'path', receive: 'path' } as const;
    for (const kind of ['internal', 'send', 'receive'] as const) {
      const ofKind = all.filter((mark) => attribute(mark, 'class') === `event ${kind}`);
      expect(ofKind).toHaveLength(spec.events.filter((event) => event.kind === kind).length);
      expect(ofKind.every((mark) => mark.name === shapeOf[kind])).toBe(true);
    }
  });

  it('draws one arrow per send→receive pair, a broadcast included', () => {
    const arrows = inGroup(root, 'messages', 'line');
    const receives = spec.events.filter((event) => event.kind === 'receive');
    expect(arrows).toHaveLength(receives.length);
    expect(
      arrows.every((arrow) => attribute(arrow, 'marker-end') === 'url(#lamport-arrowhead)'),
    ).toBe(true);
    // Arrows per message id: as many as that message's receives.
    const perMessage = new Map<string, number>();
    for (const arrow of arrows) {
      const id = /^message (\S+),/.exec(titleOf(arrow) ?? '')?.[1] ?? '?';
      perMessage.set(id, (perMessage.get(id) ?? 0) + 1);
    }
    for (const receive of receives) {
      const expected = receives.filter((other) => other.msgId === receive.msgId).length;
      expect(perMessage.get(receive.msgId ?? '')).toBe(expected);
    }
    expect(elementsNamed(root, 'marker')).toHaveLength(1);
  });

  it('shows every clock label at 60 events', () => {
    const labels = inGroup(root, 'clocks', 'text').map(textOf).sort();
    expect(labels).toEqual(spec.events.map((event) => String(event.clock)).sort());
  });

  it('has a legend naming the three kinds and the arrow', () => {
    const legend = elementsNamed(root, 'g', 'legend')[0];
    const texts = legend === undefined ? [] : elementsNamed(legend, 'text').map(textOf);
    expect(texts.slice(0, 3)).toEqual(['internal', 'send', 'receive']);
    expect(texts[3]).toContain('message');
  });

  it('gives the same bytes every time', () => {
    expect(spaceTimeSvg(sixtyEventRun())).toBe(source);
  });
});

describe('spaceTimeSvg layout', () => {
  const widthFor = (events: number): number => {
    const root = parseChart(
      spaceTimeSvg({
        title: 't',
        machines: [{ id: 0, label: 'm0' }],
        events: Array.from({ length: events }, (_, index) => ({
          machine: 0,
          seq: index + 1,
          kind: 'internal' as const,
          timeMs: index * 100,
          clock: index + 1,
        })),
      }),
    );
    return Number(attribute(root, 'width'));
  };

  it('grows with the number of events, up to a cap', () => {
    expect(widthFor(60)).toBeGreaterThan(widthFor(20));
    expect(widthFor(80)).toBeGreaterThan(widthFor(60));
    expect(widthFor(5000)).toBe(widthFor(1000));
    expect(widthFor(5000)).toBeLessThan(3000);
  });

  it('drops clock labels that would collide when capped, keeping every mark', () => {
    const events = Array.from({ length: 1000 }, (_, index) => ({
      machine: 0,
      seq: index + 1,
      kind: 'internal' as const,
      timeMs: index,
      clock: index + 1,
    }));
    const root = parseChart(
      spaceTimeSvg({ title: 't', machines: [{ id: 0, label: 'm' }], events }),
    );
    expect(marks(root)).toHaveLength(1000);
    const labels = inGroup(root, 'clocks', 'text');
    expect(labels.length).toBeGreaterThan(10);
    expect(labels.length).toBeLessThan(1000);
  });
});

describe('spaceTimeSvg on odd input', () => {
  it('escapes machine labels, titles and message ids', () => {
    const hostile = '<m & "0">';
    const source = spaceTimeSvg({
      title: hostile,
      machines: [
        { id: 0, label: hostile },
        { id: 1, label: 'b' },
      ],
      events: [
        { machine: 0, seq: 1, kind: 'send', timeMs: 0, clock: 1, msgId: hostile },
        { machine: 1, seq: 1, kind: 'receive', timeMs: 5, clock: 2, msgId: hostile },
      ],
    });
    expect(source).not.toContain(hostile);
    const root = parseChart(source);
    expect(elementsNamed(root, 'text', 'machine-label').map(textOf)).toContain(hostile);
    expect(titleOf(root)).toBe(hostile);
    expect(inGroup(root, 'messages', 'line')).toHaveLength(1);
  });

  it('skips events of unknown machines or with no time, and receives without their send', () => {
    const root = parseChart(
      spaceTimeSvg({
        title: 't',
        machines: [{ id: 3, label: 'three' }],
        events: [
          { machine: 3, seq: 1, kind: 'receive', timeMs: 1, clock: 9, msgId: 'sent-before' },
          { machine: 4, seq: 1, kind: 'send', timeMs: 1, clock: 1, msgId: 'm' },
          { machine: 3, seq: 2, kind: 'receive', timeMs: 2, clock: 10, msgId: 'm' },
          { machine: 3, seq: 3, kind: 'internal', timeMs: Number.NaN, clock: 11 },
        ],
      }),
    );
    expect(marks(root)).toHaveLength(2);
    expect(inGroup(root, 'messages', 'line')).toHaveLength(0);
  });

  it('renders no machines or no events as a valid chart', () => {
    const none = parseChart(spaceTimeSvg({ title: 't', machines: [], events: [] }));
    expect(elementsNamed(none, 'line', 'machine-line')).toHaveLength(0);
    const idle = parseChart(
      spaceTimeSvg({ title: 't', machines: [{ id: 0, label: 'a' }], events: [] }),
    );
    expect(elementsNamed(idle, 'text').map(textOf)).toContain('no events');
    const instant = parseChart(
      spaceTimeSvg({
        title: 't',
        machines: [{ id: 0, label: 'a' }],
        events: [{ machine: 0, seq: 1, kind: 'internal', timeMs: 7, clock: 1 }],
      }),
    );
    expect(marks(instant)).toHaveLength(1);
  });

  it('is well-formed, NaN-free and counts arrows right for random events', () => {
    const event = fc.record({
      machine: fc.integer({ min: 0, max: 4 }),
      seq: fc.nat({ max: 1000 }),
      kind: fc.constantFrom('internal' as const, 'send' as const, 'receive' as const),
      timeMs: fc.oneof(
        { weight: 9, arbitrary: fc.double({ min: 0, max: 1e6, noNaN: true }) },
        { weight: 1, arbitrary: fc.constantFrom(Number.NaN, Infinity) },
      ),
      clock: fc.nat({ max: 10_000 }),
      msgId: fc.option(fc.constantFrom('a', 'b', 'c', 'd'), { nil: undefined }),
    });
    fc.assert(
      fc.property(
        fc.array(event, { maxLength: 80 }),
        fc.integer({ min: 0, max: 4 }),
        (raw, machineCount) => {
          const events: SpaceTimeEvent[] = raw.map(({ msgId, ...rest }) =>
            msgId === undefined ? rest : { ...rest, msgId },
          );
          const machines = Array.from({ length: machineCount }, (_, id) => ({
            id,
            label: `m${id}`,
          }));
          const spec = { title: 'random', machines, events };
          const source = spaceTimeSvg(spec);
          expect(spaceTimeSvg(spec)).toBe(source);
          const root = parseChart(source);
          expect(elementsNamed(root, 'line', 'machine-line')).toHaveLength(machineCount);
          const drawn = events.filter((e) => e.machine < machineCount && Number.isFinite(e.timeMs));
          expect(marks(root)).toHaveLength(drawn.length);
          const sent = new Set(drawn.filter((e) => e.kind === 'send').map((e) => e.msgId));
          const pairs = drawn.filter(
            (e) => e.kind === 'receive' && e.msgId !== undefined && sent.has(e.msgId),
          );
          expect(inGroup(root, 'messages', 'line')).toHaveLength(pairs.length);
        },
      ),
    );
  });
});
