/**
 * The viewer's own controls in a real browser (Debian's Chromium, test/helpers/browser.ts): what
 * a user does with the mouse and the keyboard, read back through the page's test hook.
 * - keys: Left/Right step along the selected event's machine, Up along its critical chain and
 *   Down back, Esc clears;
 * - the wheel zooms about the pointer (the value under it stays there), a drag pans by as much
 *   as the pointer moved, the whole-run button shows the run again;
 * - the switches: the axis, and direct messages vs the full cone;
 * - the machines bar: a hidden machine's events are not drawn, and "those that talk with M0"
 *   keeps exactly M0 and the machines that exchanged a message with it.
 * The run's truths (rows, messages) come from its CSV logs, read here.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BrowserSession,
  browserTestsSkipped,
  livingChromiumPids,
  type OpenedPage,
  startBrowser,
} from '../../../helpers/browser.js';
import { runCliInProcess } from '../../../helpers/cli-process.js';

const workDir = mkdtempSync(join(tmpdir(), 'lamport-viewer-input-'));
let session: BrowserSession | undefined;
let runDir = '';

interface Row {
  readonly machine: number;
  readonly kind: string;
  readonly timeUs: number;
  readonly clock: number;
  readonly msgId: string;
}

/** Every row in the page's order: by machine, then log order. */
function readRows(machineCount: number): Row[] {
  const rows: Row[] = [];
  for (let machine = 0; machine < machineCount; machine += 1) {
    const lines = readFileSync(join(runDir, `machine-${machine}.csv`), 'utf8')
      .trim()
      .split('\n');
    for (const line of lines.slice(1)) {
      const cells = line.split(',');
      rows.push({
        machine,
        kind: cells[2] as string,
        timeUs: Math.round(Number(cells[3]) * 1000),
        clock: Number(cells[4]),
        msgId: cells[7] as string,
      });
    }
  }
  return rows;
}

function evaluate<T>(page: Page, expression: string): Promise<T> {
  return page.evaluate(`globalThis.lamportView.${expression}`) as Promise<T>;
}

async function open(): Promise<OpenedPage> {
  return (session as BrowserSession).openPage(join(runDir, 'view.html'), {
    viewport: { width: 1400, height: 900 },
    readyExpression: 'globalThis.lamportView?.ready === true',
  });
}

async function settled(page: Page): Promise<void> {
  await page.waitForFunction('globalThis.lamportView.coneDone() === true');
  // Two frames: the one the last change asked for has been drawn.
  await page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))');
}

async function expectClean(opened: OpenedPage): Promise<void> {
  expect(await evaluate<string[]>(opened.page, 'errors')).toEqual([]);
  expect(opened.pageErrors).toEqual([]);
  expect(opened.consoleMessages).toEqual([]);
  expect(opened.offMachineRequests).toEqual([]);
}

describe.skipIf(browserTestsSkipped(import.meta.url))("the viewer's controls in Chromium", () => {
  beforeAll(async () => {
    session = await startBrowser();
    runDir = join(workDir, 'run');
    const args = ['run', 'trial4', '--duration', '20', '--out', runDir, '--quiet'];
    expect((await runCliInProcess(workDir, args)).status).toBe(0);
    expect((await runCliInProcess(workDir, ['view', runDir])).status).toBe(0);
  });
  afterAll(async () => {
    await session?.close();
    rmSync(workDir, { recursive: true, force: true });
    expect(livingChromiumPids()).toEqual([]);
  });

  it('steps with the arrow keys along the machine and the critical chain; Esc clears', async () => {
    const opened = await open();
    const { page } = opened;
    const rows = readRows(3);
    // A receive of machine 1 that has a machine neighbour on both sides.
    const receive = rows.findIndex(
      (row, i) =>
        row.kind === 'receive' &&
        row.machine === 1 &&
        rows[i - 1]?.machine === 1 &&
        rows[i + 1]?.machine === 1,
    );
    await evaluate(page, `select(${receive})`);
    await settled(page);
    await page.keyboard.press('ArrowRight');
    expect(await evaluate<number>(page, 'selected()')).toBe(receive + 1);
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    expect(await evaluate<number>(page, 'selected()')).toBe(receive - 1);
    await evaluate(page, `select(${receive})`);
    const chain = await evaluate<number[]>(page, 'chain()');
    await page.keyboard.press('ArrowUp');
    expect(await evaluate<number>(page, 'selected()')).toBe(chain[1]);
    await page.keyboard.press('ArrowUp');
    expect(await evaluate<number>(page, 'selected()')).toBe(chain[2]);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await evaluate<number>(page, 'selected()')).toBe(receive);
    await page.keyboard.press('Escape');
    expect(await evaluate<number>(page, 'selected()')).toBe(-1);
    await expectClean(opened);
    await opened.close();
  });

  it('zooms with the wheel and a double-click about the pointer, pans with a drag and Shift + wheel, shows the whole run again', async () => {
    const opened = await open();
    const { page } = opened;
    const whole = await evaluate<{ from: number; to: number }>(page, 'visibleWindow()');
    const box = (await page.locator('canvas.lv-diagram').boundingBox()) as {
      x: number;
      y: number;
      width: number;
    };
    const plotLeft = box.x + 46;
    const plotWidth = box.width - 46 - 10;
    const pointerX = plotLeft + plotWidth * 0.25;
    const valueAt = (window: { from: number; to: number }, x: number) =>
      window.from + ((x - plotLeft) / plotWidth) * (window.to - window.from);
    await page.mouse.move(pointerX, box.y + 40);
    await page.mouse.wheel(0, -300);
    await settled(page);
    const zoomed = await evaluate<{ from: number; to: number }>(page, 'visibleWindow()');
    expect(zoomed.to - zoomed.from).toBeLessThan((whole.to - whole.from) * 0.9);
    // The value under the pointer stays there, to within a pixel.
    const wholePerPx = (whole.to - whole.from) / plotWidth;
    expect(Math.abs(valueAt(zoomed, pointerX) - valueAt(whole, pointerX))).toBeLessThan(wholePerPx);
    // Drag the content 100 px to the right: the window moves 100 px' worth to the left.
    await page.mouse.move(pointerX, box.y + 40);
    await page.mouse.down();
    await page.mouse.move(pointerX + 50, box.y + 40);
    await page.mouse.move(pointerX + 100, box.y + 40);
    await page.mouse.up();
    await settled(page);
    const panned = await evaluate<{ from: number; to: number }>(page, 'visibleWindow()');
    const perPx = (zoomed.to - zoomed.from) / plotWidth;
    expect(panned.to - panned.from).toBeCloseTo(zoomed.to - zoomed.from, 3);
    expect((zoomed.from - panned.from) / perPx).toBeCloseTo(100, 0);
    expect(await evaluate<number>(page, 'selected()')).toBe(-1);
    await page.getByRole('button', { name: 'whole run' }).click();
    expect(await evaluate<{ from: number; to: number }>(page, 'visibleWindow()')).toEqual({
      axis: 'time',
      ...whole,
    });
    // A double-click zooms in by 2 about the pointer; Shift + wheel pans, keeping the zoom.
    await page.mouse.dblclick(pointerX, box.y + 40);
    await settled(page);
    const doubled = await evaluate<{ from: number; to: number }>(page, 'visibleWindow()');
    expect((doubled.to - doubled.from) / (whole.to - whole.from)).toBeCloseTo(0.5, 6);
    await page.keyboard.down('Shift');
    await page.mouse.wheel(0, 200);
    await page.keyboard.up('Shift');
    await settled(page);
    const shifted = await evaluate<{ from: number; to: number }>(page, 'visibleWindow()');
    expect(shifted.to - shifted.from).toBeCloseTo(doubled.to - doubled.from, 3);
    expect(shifted.from).not.toBeCloseTo(doubled.from, 0);
    await expectClean(opened);
    await opened.close();
  });

  it('switches the axis and the cone mode from the toolbar', async () => {
    const opened = await open();
    const { page } = opened;
    const rows = readRows(3);
    const last = rows.length - 1;
    await evaluate(page, `select(${last})`);
    await settled(page);
    const cone = await evaluate<number[]>(page, 'past()');
    await page.getByRole('radio', { name: 'direct messages' }).check();
    const direct = await evaluate<number[]>(page, 'past()');
    expect(direct.length).toBeGreaterThan(0);
    expect(direct.length).toBeLessThanOrEqual(2);
    expect(cone.length).toBeGreaterThan(direct.length);
    expect(cone).toEqual(expect.arrayContaining(direct));
    // Switching the axis keeps the events in view; switching straight back restores the window.
    const timeWindow = { axis: 'time', from: 5_000_000, to: 8_000_000 };
    await evaluate(page, `zoomTo(${timeWindow.from}, ${timeWindow.to})`);
    await page.getByRole('radio', { name: 'Lamport clock' }).check();
    const clockWindow = await evaluate<{ axis: string; from: number; to: number }>(
      page,
      'visibleWindow()',
    );
    expect(clockWindow.axis).toBe('lamport');
    const clocks = rows
      .filter((row) => row.timeUs >= timeWindow.from && row.timeUs <= timeWindow.to)
      .map((row) => row.clock);
    expect(clockWindow.from).toBeLessThanOrEqual(Math.min(...clocks));
    expect(clockWindow.to).toBeGreaterThanOrEqual(Math.max(...clocks));
    expect(clockWindow.to - clockWindow.from).toBeLessThan(
      (Math.max(...clocks) - Math.min(...clocks)) * 1.2,
    );
    await page.getByRole('radio', { name: 'time' }).check();
    expect(await evaluate(page, 'visibleWindow()')).toEqual(timeWindow);
    await expectClean(opened);
    await opened.close();
  });

  it('hides a machine, and keeps only the machines that talk with one', async () => {
    const opened = await open();
    const { page } = opened;
    const rows = readRows(3);
    const ofMachine1 = rows.findIndex((row) => row.machine === 1);
    expect(await evaluate(page, `eventScreenPoint(${ofMachine1})`)).not.toBeNull();
    await page.locator('input[data-machine="1"]').uncheck();
    await settled(page);
    expect(await evaluate(page, `eventScreenPoint(${ofMachine1})`)).toBeNull();
    await page.locator('input[data-machine="1"]').check();
    await settled(page);
    expect(await evaluate(page, `eventScreenPoint(${ofMachine1})`)).not.toBeNull();
    // Who talked with machine 2, from the receive rows' msg_ids.
    const talkers = new Set([2]);
    for (const row of rows) {
      if (row.kind !== 'receive') continue;
      const sender = Number(row.msgId.split('-')[0]);
      if (row.machine === 2) talkers.add(sender);
      if (sender === 2) talkers.add(row.machine);
    }
    await page.getByLabel('only the machines that talk with').selectOption('2');
    await settled(page);
    // An expression, not a function: the test transform may rewrite a function's source.
    const shown = (await page.evaluate(
      "[...document.querySelectorAll('input[data-machine]')].filter((box) => box.checked).map((box) => Number(box.dataset.machine))",
    )) as number[];
    expect(shown).toEqual([...talkers].sort((a, b) => a - b));
    await expectClean(opened);
    await opened.close();
  });
});
