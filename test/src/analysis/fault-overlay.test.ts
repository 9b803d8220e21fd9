/**
 * Goal: the pictures show a run's faults at the right place: on the clock, queue and drift
 * charts a partition and a pause are shaded spans and crash, restart and rate step are marks at
 * their times; in the space-time diagram the partition shades every line over its window, the
 * pause and the down time shade their machine's line, crash and restart are marks on it, and a
 * dropped copy is an arrow from its send that ends in a cross (a stub for a copy lost when sent,
 * at the receiver's line at the drop time for a copy dropped at a crashed receiver). Without
 * faults.csv no chart holds any of it.
 * Method: the hand-made faults of fault-fixture.ts on a copied real run (trial4, 10 s: the time
 * axes have ticks every 2 s, so a span's edges can be held to the grid lines at 4 s and 6 s).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeRun } from '../../../src/analysis/analyze-run.js';
import { type RunChart, runCharts } from '../../../src/analysis/run-charts.js';
import { useCopiedRun } from '../../helpers/copied-run.js';
import { addFixtureFaults } from '../../helpers/fault-fixture.js';
import {
  attribute,
  elementsNamed,
  hasClass,
  parseChart,
  type XmlElement,
} from '../charts/well-formed-xml.js';

const workDir = useCopiedRun('fault-overlay');
const window = { fromMs: null, toMs: null };

function charts(withFaults: boolean): Map<string, XmlElement> {
  const runDir = join(workDir(), 'run');
  if (withFaults) addFixtureFaults(runDir);
  const drawn: RunChart[] = runCharts(runDir, analyzeRun(runDir), window);
  return new Map(drawn.map((chart) => [chart.fileName, parseChart(chart.svg)]));
}

function withClass(root: XmlElement, name: string, ...classes: string[]): XmlElement[] {
  return elementsNamed(root, name).filter((element) =>
    classes.every((one) => hasClass(element, one)),
  );
}

/** The x of the vertical grid line at a tick labelled `label`. */
function gridX(root: XmlElement, label: string): number {
  const texts = elementsNamed(root, 'text').filter(
    (text) => hasClass(text, 'tick-label') && text.children.join('') === label,
  );
  expect(texts.length).toBeGreaterThan(0);
  return Number(attribute(texts[0] as XmlElement, 'x'));
}

const num = (element: XmlElement, name: string) => Number(attribute(element, name));

describe('the time charts of a run with faults', () => {
  it.each(['clock.svg', 'queue.svg', 'drift.svg'])('%s shades spans and marks instants', (file) => {
    const chart = charts(true).get(file) as XmlElement;
    const [partition] = withClass(chart, 'rect', 'fault-span', 'partition');
    expect(partition).toBeDefined();
    if (partition === undefined) return;
    expect(attribute(partition, 'data-from')).toBe('4');
    expect(attribute(partition, 'data-until')).toBe('6');
    expect(num(partition, 'x')).toBeCloseTo(gridX(chart, '4'), 0);
    expect(num(partition, 'x') + num(partition, 'width')).toBeCloseTo(gridX(chart, '6'), 0);
    expect(
      withClass(chart, 'rect', 'fault-span', 'pause').map((r) => attribute(r, 'data-from')),
    ).toEqual(['2.5']);
    expect(
      withClass(chart, 'rect', 'fault-span', 'down').map((r) => attribute(r, 'data-until')),
    ).toEqual(['7.2']);
    const marks = (kind: string) =>
      withClass(chart, 'line', 'fault-mark', kind).map((line) => attribute(line, 'data-at'));
    expect(marks('crash')).toEqual(['5.2']);
    expect(marks('restart')).toEqual(['7.2']);
    expect(marks('rate')).toEqual(['9']);
    // The tooltip names the machine in words: "crash 1" read as the first crash.
    const titles = (kind: string) =>
      withClass(chart, 'line', 'fault-mark', kind).map((line) =>
        elementsNamed(line, 'title').map((title) => title.children.join('')),
      );
    expect(titles('crash')).toEqual([['machine 1 crashes']]);
    expect(titles('restart')[0]?.[0]).toMatch(/^machine 1 restarts: clock \d+→\d+$/);
    expect(titles('rate')[0]?.[0]).toMatch(/^machine \d: \d+(\.\d+)?→\d+(\.\d+)? Hz$/);
    const [crash] = withClass(chart, 'line', 'fault-mark', 'crash');
    const x4 = gridX(chart, '4');
    const x6 = gridX(chart, '6');
    expect(num(crash as XmlElement, 'x1')).toBeCloseTo(x4 + ((5.2 - 4) / 2) * (x6 - x4), 0);
  });
});

describe('the space-time diagram of a run with faults', () => {
  const lineY = (chart: XmlElement, row: number) =>
    num(withClass(chart, 'line', 'machine-line')[row] as XmlElement, 'y1');

  it('shades the partition over every line and the pause and down time on their own', () => {
    const chart = charts(true).get('spacetime.svg') as XmlElement;
    const [partition] = withClass(chart, 'rect', 'fault-span', 'partition');
    expect(partition).toBeDefined();
    if (partition === undefined) return;
    expect(num(partition, 'x')).toBeCloseTo(gridX(chart, '4000'), 0);
    expect(num(partition, 'x') + num(partition, 'width')).toBeCloseTo(gridX(chart, '6000'), 0);
    expect(num(partition, 'y')).toBeLessThan(lineY(chart, 0));
    expect(num(partition, 'y') + num(partition, 'height')).toBeGreaterThan(lineY(chart, 2));
    const [pause] = withClass(chart, 'rect', 'fault-span', 'pause');
    expect(attribute(pause as XmlElement, 'data-machine')).toBe('2');
    const pauseMiddle = num(pause as XmlElement, 'y') + num(pause as XmlElement, 'height') / 2;
    expect(pauseMiddle).toBeCloseTo(lineY(chart, 2), 5);
    const [down] = withClass(chart, 'rect', 'fault-span', 'down');
    expect(attribute(down as XmlElement, 'data-machine')).toBe('1');
    expect(attribute(down as XmlElement, 'data-from')).toBe('5200');
  });

  it('marks the crash and the restart on the machine’s line', () => {
    const chart = charts(true).get('spacetime.svg') as XmlElement;
    for (const [kind, at] of [
      ['crash', '5200'],
      ['restart', '7200'],
    ]) {
      const [mark] = withClass(chart, 'line', 'fault-mark', kind as string);
      expect(mark).toBeDefined();
      expect(attribute(mark as XmlElement, 'data-machine')).toBe('1');
      expect(attribute(mark as XmlElement, 'data-at')).toBe(at);
      const middle = (num(mark as XmlElement, 'y1') + num(mark as XmlElement, 'y2')) / 2;
      expect(middle).toBeCloseTo(lineY(chart, 1), 5);
    }
  });

  it('draws each dropped copy from its send to a cross', () => {
    const chart = charts(true).get('spacetime.svg') as XmlElement;
    const dropped = withClass(chart, 'g', 'dropped');
    expect(dropped.map((group) => attribute(group, 'data-msg-id'))).toEqual(['0-9', '0-18']);
    const cross = (group: XmlElement) => withClass(group, 'path', 'drop-cross')[0] as XmlElement;
    const line = (group: XmlElement) => withClass(group, 'line', 'drop')[0] as XmlElement;
    const [lost, atCrash] = dropped as [XmlElement, XmlElement];
    // 0-9, lost when sent at 3000 ms to machine 2: a stub from the send, towards machine 2.
    expect(num(line(lost), 'x1')).toBeCloseTo(
      gridX(chart, '2000') + (gridX(chart, '4000') - gridX(chart, '2000')) / 2,
      0,
    );
    expect(num(line(lost), 'y1')).toBeCloseTo(lineY(chart, 0), 5);
    expect(num(cross(lost), 'data-y')).toBeGreaterThan(lineY(chart, 0));
    expect(num(cross(lost), 'data-y')).toBeLessThan(lineY(chart, 2));
    // 0-18, dropped at machine 1 (down) at 6000 ms: its cross is on machine 1's line at 6 s.
    expect(num(cross(atCrash), 'data-x')).toBeCloseTo(gridX(chart, '6000'), 0);
    expect(num(cross(atCrash), 'data-y')).toBeCloseTo(lineY(chart, 1), 5);
  });
});

describe('the pictures of a run without faults', () => {
  it('hold no fault span, mark or dropped copy, nor their style rules', () => {
    const runDir = join(workDir(), 'run');
    for (const chart of runCharts(runDir, analyzeRun(runDir), window)) {
      expect(chart.svg).not.toMatch(/fault|drop/);
    }
  });
});
