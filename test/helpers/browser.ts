/**
 * Pages in a real browser for the `*.browser.test.ts` files: Debian's Chromium (which .ci/run
 * installs) driven by playwright-core through `executablePath`, so nothing is downloaded.
 *
 * - `chromiumPath` is the binary, or null; then `skipReason` says why in one line and
 *   `browserTestsSkipped(import.meta.url)` prints it once and tells the file to skip. .ci/run
 *   fails when a browser test skipped, so a CI host without Chromium cannot pass by skipping.
 * - `startBrowser()` launches one Chromium per test file (it costs ~0.3-1 s; pages are cheap).
 *   Playwright gives it a fresh temporary profile (its own --user-data-dir, removed on close) and
 *   the flags below keep it off the network.
 * - `openPage(fileOrUrl)` opens a page in a context of its own and records what a page must not
 *   do: console messages, uncaught errors, and every request that would leave the machine (any
 *   URL but file:, data: and blob:), which is aborted, not served.
 * - `close()` ends the browser and then checks that none of its processes (the browser, its
 *   renderers, GPU and utility processes) is still alive: a test run leaves no process behind.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { chromiumArgs } from '../../bench/chromium-launch.js';

/** The launch flags (bench/chromium-launch.ts, shared with the viewer's bench). */
export { chromiumArgs };

const candidatePaths = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

/** The Chromium binary the browser tests drive, or null where there is none. */
export const chromiumPath: string | null = candidatePaths.find((path) => existsSync(path)) ?? null;

/** Why the browser tests skip here, in one line; null when they run. */
export const skipReason: string | null =
  chromiumPath === null
    ? `no chromium at ${candidatePaths.join(' or ')} (.ci/run installs it: apt-get install chromium)`
    : null;

/** True (after printing the one-line reason) when the browser tests of this file must skip. */
export function browserTestsSkipped(testFileUrl: string): boolean {
  if (skipReason === null) return false;
  process.stderr.write(`${basename(fileURLToPath(testFileUrl))}: skipped: ${skipReason}\n`);
  return true;
}

export interface ConsoleEntry {
  readonly type: string;
  readonly text: string;
}

/** A page and what it did that a test will want to refuse. */
export interface OpenedPage {
  readonly page: Page;
  /** Every console message, any type (a clean page logs none). */
  readonly consoleMessages: ConsoleEntry[];
  /** Uncaught exceptions and unhandled rejections, by message. */
  readonly pageErrors: string[];
  /** URLs the page tried to reach off the machine (aborted), web sockets included. */
  readonly offMachineRequests: string[];
  /** Closes the page's context (the browser stays up for the next page). */
  close(): Promise<void>;
}

export interface OpenPageOptions {
  /** CSS pixels; default 1280 x 800. */
  readonly viewport?: { readonly width: number; readonly height: number };
  /** Waits for this `window` expression to be truthy after the load, e.g. 'window.x?.ready'. */
  readonly readyExpression?: string;
  /** For the ready expression; default 30 s. */
  readonly timeoutMs?: number;
}

export interface BrowserSession {
  readonly browser: Browser;
  /** A path on disk (made absolute) or a URL (file:, data:, about:). */
  openPage(fileOrUrl: string, options?: OpenPageOptions): Promise<OpenedPage>;
  /** Ends Chromium; throws if any of its processes outlived it. */
  close(): Promise<void>;
}

const onMachine = /^(file|data|blob|about):/;

function pageUrl(fileOrUrl: string): string {
  return /^[a-z]+:/.test(fileOrUrl) ? fileOrUrl : pathToFileURL(resolve(fileOrUrl)).href;
}

async function recordedContext(
  browser: Browser,
  options: OpenPageOptions,
  offMachineRequests: string[],
): Promise<BrowserContext> {
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 1280, height: 800 },
    serviceWorkers: 'block',
  });
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    if (onMachine.test(url)) return route.continue();
    offMachineRequests.push(url);
    return route.abort('blockedbyclient');
  });
  return context;
}

async function openPageIn(
  browser: Browser,
  fileOrUrl: string,
  options: OpenPageOptions,
): Promise<OpenedPage> {
  const consoleMessages: ConsoleEntry[] = [];
  const pageErrors: string[] = [];
  const offMachineRequests: string[] = [];
  const context = await recordedContext(browser, options, offMachineRequests);
  const page = await context.newPage();
  page.on('console', (message) =>
    consoleMessages.push({ type: message.type(), text: message.text() }),
  );
  page.on('pageerror', (error) => pageErrors.push(error.message));
  // Route does not see web sockets; a page that opens one is reaching off the machine too.
  page.on('websocket', (socket) => offMachineRequests.push(socket.url()));
  await page.goto(pageUrl(fileOrUrl), { waitUntil: 'load' });
  if (options.readyExpression !== undefined) {
    await page.waitForFunction(options.readyExpression, undefined, {
      timeout: options.timeoutMs ?? 30_000,
    });
  }
  return { page, consoleMessages, pageErrors, offMachineRequests, close: () => context.close() };
}

interface ProcessEntry {
  readonly pid: number;
  readonly parentPid: number;
  readonly command: string;
}

function processTable(): ProcessEntry[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .flatMap((name) => {
      try {
        // "pid (command) state ppid ...": the command may hold spaces and parentheses.
        const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
        const match = /^(\d+) \((.*)\) \S+ (\d+)/s.exec(stat);
        if (match === null) return [];
        return [{ pid: Number(match[1]), parentPid: Number(match[3]), command: match[2] ?? '' }];
      } catch {
        return []; // ended while we read the table
      }
    });
}

/** The processes below `rootPid` (itself excluded), whatever their names. */
export function descendantPids(rootPid: number): number[] {
  const table = processTable();
  const found: number[] = [];
  const frontier = [rootPid];
  while (frontier.length > 0) {
    const parent = frontier.pop() as number;
    for (const entry of table) {
      if (entry.parentPid !== parent) continue;
      found.push(entry.pid);
      frontier.push(entry.pid);
    }
  }
  return found.sort((a, b) => a - b);
}

/** Chromium processes this process started (directly or below them) that are still alive. */
export function livingChromiumPids(): number[] {
  const chromiumChildren = processTable().filter(
    (entry) => entry.parentPid === process.pid && /chrom/i.test(entry.command),
  );
  return chromiumChildren
    .flatMap((entry) => [entry.pid, ...descendantPids(entry.pid)])
    .filter(isAlive)
    .sort((a, b) => a - b);
}

function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\d+ \(.*\) Z/s.test(stat); // a zombie has ended; only its exit status is left
  } catch {
    return false;
  }
}

function killQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // it ended between the look and the kill
  }
}

async function waitForExit(pids: readonly number[], timeoutMs: number): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  let living = pids.filter(isAlive);
  while (living.length > 0 && Date.now() < deadline) {
    await new Promise((done) => setTimeout(done, 50));
    living = living.filter(isAlive);
  }
  return living;
}

/** Launches Chromium; call `close()` in afterAll. Only where `chromiumPath` is not null. */
export async function startBrowser(): Promise<BrowserSession> {
  if (chromiumPath === null) throw new Error(`startBrowser: ${skipReason}`);
  const before = new Set(livingChromiumPids());
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [...chromiumArgs],
    timeout: 60_000,
  });
  const ours = livingChromiumPids().filter((pid) => !before.has(pid));
  return {
    browser,
    openPage: (fileOrUrl, options = {}) => openPageIn(browser, fileOrUrl, options),
    close: async () => {
      // Renderers started since the launch are below the browser process: take them all now.
      const all = [...new Set([...ours, ...ours.flatMap(descendantPids)])];
      await browser.close();
      const left = await waitForExit(all, 10_000);
      if (left.length === 0) return;
      for (const pid of left) killQuietly(pid);
      throw new Error(`Chromium left processes behind after close (killed): ${left.join(', ')}`);
    },
  };
}
