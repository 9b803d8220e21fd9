/**
 * The `view` case of the bench (issue 20), one fresh process: `node dist/bench/view-case.js
 * <opens> [events-per-big-run]` prints one JSON line (ViewCaseResult) last.
 *
 * A run of ~100 000 events (10 machines, rates drawn from 1..6 Hz: 30 events a second of model
 * time) and one of ~1 000 000 are made and `view`ed with the built CLI, then opened from disk in
 * Debian's Chromium (playwright-core, the same flags as the browser tests: no network, no
 * profile). Measured as a user meets them:
 * - open time: navigation start to the page's test hook saying `ready` (its first frame drawn),
 *   read in the page as performance.now() (whose origin is the navigation start) by a check
 *   made at every animation frame, so it is late by at most one frame; a fresh page each time;
 * - frames per second while zooming in, panning and zooming out: each animation frame asks the
 *   viewer for a new window (hook.zoomTo), as a wheel or a drag would; frames drawn (the hook's
 *   frameStats) over the wall time of the phase. Chromium paces frames at 60 Hz, so 60 is the
 *   ceiling; the median time the viewer spent drawing one frame is kept beside it;
 * - view.html's size.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type Browser, chromium } from 'playwright-core';
import { chromiumArgs } from './chromium-launch.js';
import { median } from './marginal.js';
import { chromiumPath } from './view-bench.js';

const here = dirname(fileURLToPath(import.meta.url));
const cliPath = join(here, '..', 'src', 'cli.js');
/** 10 machines at 2, 2, 4, 5, 6, 1, 1, 4, 1, 4 Hz (seed 1): 30 events per second of model time. */
const runArgs = ['--machines', '10', '--rate-range', '1-6', '--seed', '1'];
const eventsPerModelSec = 30;
const viewport = { width: 1400, height: 900 };
/** Frames asked for in each phase of the pan/zoom measurement. */
const framesPerPhase = 90;

export interface PhaseFrames {
  readonly phase: 'zoom in' | 'pan' | 'zoom out';
  readonly frames: number;
  readonly wallMs: number;
  readonly framesPerSec: number;
  /** Median of the viewer's own drawing time per frame (frameStats().lastFrameMs). */
  readonly drawMsMedian: number;
}

export interface OpenedRun {
  readonly events: number;
  readonly htmlBytes: number;
  readonly viewCommandSec: number;
  /** The `view` command's stderr: where it says it kept a window only. */
  readonly viewStderr: string;
  readonly openMs: readonly number[];
  readonly openMsMedian: number;
}

export interface ViewCaseResult {
  readonly run100k: OpenedRun;
  readonly phases: readonly PhaseFrames[];
  /** The slowest phase's frames per second: the figure held to the >= 30 target. */
  readonly framesPerSecMin: number;
  readonly run1m: OpenedRun;
}

/** A run of about `events` events and its view.html, with the built CLI. */
function makeViewedRun(
  workDir: string,
  events: number,
): Omit<OpenedRun, 'openMs' | 'openMsMedian'> {
  const runDir = join(workDir, `run-${events}`);
  const durationSec = Math.ceil(events / eventsPerModelSec);
  const runOutput = execFileSync(
    process.execPath,
    [cliPath, 'run', ...runArgs, '--duration', String(durationSec), '--out', runDir, '--json'],
    { encoding: 'utf8', maxBuffer: 1 << 26, stdio: ['ignore', 'pipe', 'ignore'] },
  );
  const made = (JSON.parse(runOutput) as { events: number }).events;
  const startMs = performance.now();
  const viewed = spawnSync(process.execPath, [cliPath, 'view', runDir], { encoding: 'utf8' });
  const viewCommandSec = (performance.now() - startMs) / 1000;
  if (viewed.status !== 0)
    throw new Error(`view ${runDir}: exit ${viewed.status}: ${viewed.stderr}`);
  const stderr = viewed.stderr;
  const htmlBytes = statSync(join(runDir, 'view.html')).size;
  return { events: made, htmlBytes, viewCommandSec, viewStderr: stderr.trim() };
}

/** Navigation start to hook.ready, in a fresh page, in ms; and the events the page holds. */
async function openOnce(
  browser: Browser,
  htmlPath: string,
): Promise<{ openMs: number; eventCount: number }> {
  const context = await browser.newContext({ viewport });
  try {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(pathToFileURL(htmlPath).href, { waitUntil: 'commit', timeout: 120_000 });
    const ready = await page.waitForFunction(
      'globalThis.lamportView?.ready === true && performance.now()',
      undefined,
      { polling: 'raf', timeout: 120_000 },
    );
    if (errors.length > 0) throw new Error(`view.html: page error: ${errors.join('; ')}`);
    const openMs = (await ready.jsonValue()) as number;
    const eventCount = (await page.evaluate('globalThis.lamportView.eventCount')) as number;
    return { openMs, eventCount };
  } finally {
    await context.close();
  }
}

/**
 * Opens the page `opens` times. The page must hold every event of the run, unless `view` said it
 * kept a window only (its stderr); a page that shows less in silence would open fast for nothing.
 */
async function openTimes(
  browser: Browser,
  made: Omit<OpenedRun, 'openMs' | 'openMsMedian'>,
  htmlPath: string,
  opens: number,
): Promise<number[]> {
  const times: number[] = [];
  for (let open = 0; open < opens; open += 1) {
    const { openMs, eventCount } = await openOnce(browser, htmlPath);
    if (eventCount !== made.events && made.viewStderr === '') {
      throw new Error(`${htmlPath}: the page holds ${eventCount} of ${made.events} events`);
    }
    times.push(openMs);
  }
  return times;
}

/**
 * Runs in the page: each phase asks for a new window at every animation frame and counts the
 * frames the viewer drew. Zoom in: from the whole extent to 1/1000 of it about the middle,
 * geometrically; pan: a window of 1/50 of the extent moved by 1/4 of its width a frame; zoom out:
 * back to the whole extent.
 */
const pageFrameLoop = `async (framesPerPhase) => {
  const hook = globalThis.lamportView;
  const whole = hook.visibleWindow();
  const extent = whole.to - whole.from;
  const middle = whole.from + extent / 2;
  const nextFrame = () => new Promise((done) => requestAnimationFrame(() => done()));
  const windowAt = (center, width) => [center - width / 2, center + width / 2];
  const zoomIn = [], pan = [], zoomOut = [];
  for (let k = 0; k < framesPerPhase; k += 1) {
    const width = extent * Math.pow(1 / 1000, (k + 1) / framesPerPhase);
    zoomIn.push(windowAt(middle, width));
    zoomOut.push(windowAt(middle, extent * Math.pow(1 / 1000, 1 - (k + 1) / framesPerPhase)));
    const panWidth = extent / 50;
    const start = whole.from + panWidth / 2;
    pan.push(windowAt(start + ((k * panWidth) / 4) % (extent - panWidth), panWidth));
  }
  const phases = [['zoom in', zoomIn], ['pan', pan], ['zoom out', zoomOut]];
  const results = [];
  for (const [phase, windows] of phases) {
    await nextFrame();
    const framesBefore = hook.frameStats().frames;
    const drawMs = [];
    const startMs = performance.now();
    for (const [from, to] of windows) {
      hook.zoomTo(from, to);
      await nextFrame();
      drawMs.push(hook.frameStats().lastFrameMs);
    }
    await nextFrame();
    const wallMs = performance.now() - startMs;
    const frames = hook.frameStats().frames - framesBefore;
    drawMs.sort((a, b) => a - b);
    results.push({ phase, frames, wallMs, framesPerSec: (1000 * frames) / wallMs,
      drawMsMedian: drawMs[Math.floor(drawMs.length / 2)] });
  }
  return results;
}`;

async function measureFrames(browser: Browser, htmlPath: string): Promise<PhaseFrames[]> {
  const context = await browser.newContext({ viewport });
  try {
    const page = await context.newPage();
    await page.goto(pathToFileURL(htmlPath).href, { timeout: 120_000 });
    await page.waitForFunction('globalThis.lamportView?.ready === true', undefined, {
      timeout: 120_000,
    });
    return (await page.evaluate(`(${pageFrameLoop})(${framesPerPhase})`)) as PhaseFrames[];
  } finally {
    await context.close();
  }
}

async function main(): Promise<void> {
  const opens = Number(process.argv[2] ?? '5');
  const bigEvents = Number(process.argv[3] ?? '1000000');
  const workDir = mkdtempSync(join(tmpdir(), 'lamport-bench-view-'));
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [...chromiumArgs],
  });
  try {
    const small = makeViewedRun(workDir, 100_000);
    const smallHtml = join(workDir, 'run-100000', 'view.html');
    const smallOpens = await openTimes(browser, small, smallHtml, opens);
    const phases = await measureFrames(browser, smallHtml);
    const big = makeViewedRun(workDir, bigEvents);
    const bigOpens = await openTimes(
      browser,
      big,
      join(workDir, `run-${bigEvents}`, 'view.html'),
      Math.min(opens, 3),
    );
    const result: ViewCaseResult = {
      run100k: { ...small, openMs: smallOpens, openMsMedian: median(smallOpens) },
      phases,
      framesPerSecMin: Math.min(...phases.map((phase) => phase.framesPerSec)),
      run1m: { ...big, openMs: bigOpens, openMsMedian: median(bigOpens) },
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    await browser.close();
    rmSync(workDir, { recursive: true, force: true });
  }
}

const isMain = process.argv[1]?.endsWith('view-case.js') === true;
if (isMain) await main();
