/**
 * view.html in a real browser (Debian's Chromium through test/helpers/browser.ts), held to truths
 * computed here in Node from the run's CSV logs with core's vector clocks, never from the page's
 * own model:
 * - a mouse click on a receive selects it and highlights exactly its causal past (and future);
 * - its critical chain, on a fault-free run, has L(e) steps, each the previous event of the same
 *   machine or the send of a receive, the clock falling by one at every step;
 * - its concurrent-earlier list is exactly the events of smaller clock outside its past;
 * - a run with faults shows its fault marks;
 * - no console message, no page error, no request off the machine, and a screenshot that is not
 *   blank (a blank page of the same size compresses to a small fraction of it).
 * State is read through the page's test hook, `window.lamportView` (docs: view-design).
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
} from '../../helpers/browser.js';
import { runCliInProcess } from '../../helpers/cli-process.js';
import {
  causalFuture,
  causalPast,
  runVectorClocks,
  type VectorRun,
} from '../../helpers/run-vector-clocks.js';

/** The page's test hook, as far as these tests use it. */
interface ViewHook {
  ready: boolean;
  eventCount: number;
  select(index: number): void;
  selected(): number;
  past(): number[];
  future(): number[];
  coneDone(): boolean;
  chain(): number[];
  concurrentEarlier(): number[];
  setAxis(axis: 'time' | 'lamport'): void;
  setConeMode(mode: 'direct' | 'cone'): void;
  visibleWindow(): { axis: string; from: number; to: number };
  zoomTo(from: number, to: number): void;
  eventScreenPoint(index: number): { x: number; y: number } | null;
  errors: string[];
}

const readyExpression = 'globalThis.lamportView?.ready === true';
const workDir = mkdtempSync(join(tmpdir(), 'lamport-view-browser-'));
let session: BrowserSession | undefined;

/** Makes a run and its view.html with the CLI; returns the run directory. */
async function viewedRun(name: string, args: readonly string[]): Promise<string> {
  const runDir = join(workDir, name);
  const run = await runCliInProcess(workDir, ['run', ...args, '--out', runDir, '--quiet']);
  expect(run.status, run.stderr).toBe(0);
  const view = await runCliInProcess(workDir, ['view', runDir]);
  expect(view.status, view.stderr).toBe(0);
  return runDir;
}

async function openView(runDir: string): Promise<OpenedPage> {
  return (session as BrowserSession).openPage(join(runDir, 'view.html'), {
    viewport: { width: 1400, height: 900 },
    readyExpression,
  });
}

/**
 * `hook<number[]>(page, 'past()')`: evaluates `globalThis.lamportView.past()` in the page. An expression,
 * not a function: a function is sent as its source text, which the test transform may rewrite.
 */
function hook<T>(page: Page, expression: `${keyof ViewHook}${string}`): Promise<T> {
  return page.evaluate(`globalThis.lamportView.${expression}`) as Promise<T>;
}

/** The receive with the largest causal past on machine 1 (a chain through several machines). */
function deepReceive(run: VectorRun): number {
  let best = -1;
  run.rows.forEach((row, index) => {
    if (row.kind !== 'receive' || row.machine !== 1) return;
    if (best < 0 || row.clock > (run.rows[best]?.clock ?? 0)) best = index;
  });
  expect(best).toBeGreaterThanOrEqual(0);
  return best;
}

/** Zooms the Lamport axis around the event so that it is drawn as itself, then clicks it. */
async function clickEvent(page: Page, index: number, clock: number): Promise<void> {
  await hook<void>(page, "setConeMode('cone')");
  await hook<void>(page, "setAxis('lamport')");
  await hook<void>(page, `zoomTo(${clock - 6}, ${clock + 6})`);
  const point = await hook<{ x: number; y: number } | null>(page, `eventScreenPoint(${index})`);
  expect(point, `event ${index} is not on screen`).not.toBeNull();
  await page.mouse.click(point?.x ?? 0, point?.y ?? 0);
  await page.waitForFunction('globalThis.lamportView.coneDone() === true', undefined, {
    timeout: 20_000,
  });
}

describe.skipIf(browserTestsSkipped(import.meta.url))('view.html in Chromium', () => {
  beforeAll(async () => {
    session = await startBrowser();
  });
  afterAll(async () => {
    await session?.close();
    rmSync(workDir, { recursive: true, force: true });
    expect(livingChromiumPids()).toEqual([]);
  });

  it('a click on a receive highlights its causal past and future, its chain explains L(e)', async () => {
    // Arrange: a fault-free run, its view, and the truth from its CSVs.
    const runDir = await viewedRun('clean', ['default', '--duration', '30', '--seed', '7']);
    const run = runVectorClocks(runDir);
    const receive = deepReceive(run);
    const row = run.rows[receive] as (typeof run.rows)[number];
    const opened = await openView(runDir);
    const { page } = opened;
    expect(await hook<number>(page, 'eventCount')).toBe(run.rows.length);

    expect(await hook<number>(page, 'selected()')).toBe(-1);

    // Act
    await clickEvent(page, receive, row.clock);

    // Assert: the selection and its cones.
    expect(await hook<number>(page, 'selected()')).toBe(receive);
    const past = await hook<number[]>(page, 'past()');
    expect(past.length).toBeGreaterThan(10);
    expect(past).toEqual(causalPast(run, receive));
    expect(await hook<number[]>(page, 'future()')).toEqual(causalFuture(run, receive));
    // The chain: L(e) steps down to the first event, each one clock lower, along a machine or a message.
    const chain = await hook<number[]>(page, 'chain()');
    expect(chain).toHaveLength(row.clock);
    expect(chain[0]).toBe(receive);
    expect(chain.map((index) => run.rows[index]?.clock)).toEqual(
      Array.from({ length: row.clock }, (_, step) => row.clock - step),
    );
    for (let step = 1; step < chain.length; step += 1) {
      expect(isChainStep(run, chain[step - 1] as number, chain[step] as number)).toBe(true);
    }
    // Concurrent yet ranked earlier by Lamport: smaller clock, not in the past.
    const inPast = new Set(past);
    const earlier = run.rows.flatMap((other, index) =>
      other.clock < row.clock && !inPast.has(index) ? [index] : [],
    );
    expect(await hook<number[]>(page, 'concurrentEarlier()')).toEqual(earlier);
    await expectCleanPage(opened);
    // With the cone drawn the diagram is far from blank.
    await expectNotBlank(opened);
    await opened.close();
  });

  it('lists every fault of a run with faults, as faults.csv has them', async () => {
    // Arrange: every fault kind at once (a loss, duplicates, delays, a partition, a crash and
    // its restart, a pause, a rate step, corrupted clocks).
    const runDir = await viewedRun('faults', ['every-fault', '--duration', '60']);
    const expected = expectedFaultRows(readFileSync(join(runDir, 'faults.csv'), 'utf8'));

    // Act
    const opened = await openView(runDir);
    const rows = await opened.page.evaluate(`[...document.querySelectorAll(
      '[data-testid=faults] tbody tr')].map((row) => [...row.cells].map((cell) => cell.textContent))`);
    const heading = await opened.page.textContent('[data-testid=faults] h3');

    // Assert
    const shown = (rows as string[][]).map(([what, , , label]) => faultKey(what, label));
    expect(shown.sort()).toEqual(expected.sort());
    expect(heading).toBe(`Faults (${expected.length})`);
    await expectCleanPage(opened);
    await opened.close();
  });
});

/** A shown fault as `kind` or, for a fault of one message copy, `kind msg-id`. */
function faultKey(what: string | undefined, label: string | undefined): string {
  const messageId = /\b(\d+-\d+)\b/.exec(label ?? '')?.[1];
  return copyFaults.has(what ?? '') ? `${what} ${messageId}` : `${what}`;
}

const copyFaults = new Set(['drop', 'duplicate', 'delay', 'corrupt']);

/**
 * What the page must list, from faults.csv alone: a mark per copy fault (with its message), per
 * crash, restart and rate step; a span per partition (start to heal), per pause (to its
 * resume) and per crash (the machine's down time, to its restart or the end).
 */
function expectedFaultRows(faultsCsv: string): string[] {
  const rows = faultsCsv
    .trimEnd()
    .split('\n')
    .slice(1)
    .map((line) => line.split(','));
  return rows.flatMap(([, fault, , , messageId]) => {
    if (fault === undefined) return [];
    if (copyFaults.has(fault)) return [`${fault} ${messageId}`];
    if (fault === 'crash') return ['crash', 'down'];
    if (fault === 'partition-start') return ['partition'];
    if (fault === 'pause' || fault === 'restart' || fault === 'rate') return [fault];
    return []; // partition-heal and resume end a span counted at its start
  });
}

/**
 * The diagram's canvas, screenshot, compresses to several times a blank page's of the same size:
 * lanes, events and the highlighted cone are drawn (a canvas the page forgot to draw on would
 * pass a whole-page comparison on its text alone).
 */
async function expectNotBlank(opened: OpenedPage): Promise<void> {
  const diagram = opened.page.locator('canvas.lv-diagram');
  const box = await diagram.boundingBox();
  expect(box).not.toBeNull();
  const { width, height } = box ?? { width: 0, height: 0 };
  const shot = await diagram.screenshot();
  const blank = await (session as BrowserSession).openPage('about:blank', {
    viewport: { width: Math.ceil(width), height: Math.ceil(height) },
  });
  const blankShot = await blank.page.screenshot({ clip: { x: 0, y: 0, width, height } });
  await blank.close();
  expect(shot.length).toBeGreaterThan(5 * blankShot.length);
}

/** `later` → `earlier` is one step back: the same machine's previous event, or a receive's send. */
function isChainStep(run: VectorRun, later: number, earlier: number): boolean {
  const from = run.rows[later];
  const to = run.rows[earlier];
  if (from === undefined || to === undefined) return false;
  if (from.machine === to.machine && earlier === later - 1) return true;
  return (
    from.kind === 'receive' &&
    to.kind === 'send' &&
    to.machine === from.msgSender &&
    to.seq === from.msgSeq
  );
}

async function expectCleanPage(opened: OpenedPage): Promise<void> {
  expect(opened.consoleMessages).toEqual([]);
  expect(opened.pageErrors).toEqual([]);
  expect(opened.offMachineRequests).toEqual([]);
  expect(await hook<string[]>(opened.page, 'errors')).toEqual([]);
}
