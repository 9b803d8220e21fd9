/**
 * The figures of docs/VIEW.md, made again from scratch: `npm run build && node
 * dist/bench/screenshots.js` writes
 * - docs/figures/view.png: view.html of a five-machine run with messages in flight (latency
 *   50-400 ms), zoomed to a few seconds, a receive selected: its causal past (blue) and future
 *   (orange) cones, its critical chain (pink) and the details panel that explains L(e);
 * - docs/figures/playground.png: the playground (`view --playground`) after its first run, when
 *   this build has one; otherwise it says so and leaves the file alone.
 * `--cli <path>` makes both with another build's CLI (a branch not merged here yet).
 * Chromium is Debian's (/usr/bin/chromium), driven by playwright-core with the browser tests'
 * flags (no network, a fresh profile). The run is seeded, so the figure changes only when the
 * page does.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { chromiumArgs } from './chromium-launch.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
/** `--cli <path>`: another build's CLI (e.g. a branch's) instead of this tree's. */
const cliFlag = process.argv.indexOf('--cli');
const cliPath =
  cliFlag >= 0 ? resolve(process.argv[cliFlag + 1] ?? '') : join(here, '..', 'src', 'cli.js');
const figuresDir = join(root, 'docs', 'figures');
const viewport = { width: 1400, height: 900 };
const runArgs = [
  ...['--machines', '5', '--rate-range', '1-6', '--duration', '40', '--seed', '4'],
  ...['--latency', 'uniform:50-400'],
];
/** The selected event: machine 2's receive nearest this time, shown in [3 s, 17 s]. */
const selectedMachine = 2;
const selectedNearUs = 10_000_000;
const windowUs = { from: 3_000_000, to: 17_000_000 };

/** Run in `cwd` with relative paths, so the page shows `five-machines`, not a temporary path. */
function cli(cwd: string, args: readonly string[]): void {
  const result = spawnSync(process.execPath, [cliPath, ...args], { cwd, encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`lamport-lab ${args.join(' ')}: exit ${result.status}: ${result.stderr}`);
  }
}

/** The viewer's index of the chosen receive: rows of machines before it, then its position. */
function chosenEvent(runDir: string): number {
  let before = 0;
  for (let machine = 0; machine < selectedMachine; machine += 1) {
    before +=
      readFileSync(join(runDir, `machine-${machine}.csv`), 'utf8')
        .trimEnd()
        .split('\n').length - 1;
  }
  const rows = readFileSync(join(runDir, `machine-${selectedMachine}.csv`), 'utf8')
    .trimEnd()
    .split('\n')
    .slice(1)
    .map((line) => line.split(','));
  let best = -1;
  rows.forEach(([, , kind, timeMs], position) => {
    if (kind !== 'receive') return;
    const distance = Math.abs(Number(timeMs) * 1000 - selectedNearUs);
    const bestRow = rows[best];
    if (best < 0 || distance < Math.abs(Number(bestRow?.[3]) * 1000 - selectedNearUs)) {
      best = position;
    }
  });
  if (best < 0) throw new Error(`machine ${selectedMachine} received nothing`);
  return before + best;
}

async function openPage(browser: Browser, htmlPath: string, ready: string): Promise<Page> {
  const page = await browser.newPage({ viewport });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(pathToFileURL(htmlPath).href);
  await page.waitForFunction(ready, undefined, { timeout: 60_000 });
  if (errors.length > 0) throw new Error(`${htmlPath}: ${errors.join('; ')}`);
  return page;
}

async function viewFigure(browser: Browser, workDir: string): Promise<void> {
  const runDir = join(workDir, 'five-machines');
  cli(workDir, ['run', ...runArgs, '--out', 'five-machines', '--quiet']);
  cli(workDir, ['view', 'five-machines']);
  const page = await openPage(
    browser,
    join(runDir, 'view.html'),
    'globalThis.lamportView?.ready === true',
  );
  const event = chosenEvent(runDir);
  await page.evaluate(`(() => {
    const hook = globalThis.lamportView;
    hook.setConeMode('cone');
    hook.zoomTo(${windowUs.from}, ${windowUs.to});
    hook.select(${event});
  })()`);
  await page.waitForFunction('globalThis.lamportView.coneDone() === true');
  // Two frames: the selection's cone and chain are drawn after the cone is complete.
  await page.evaluate(
    'new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))',
  );
  await page.screenshot({ path: join(figuresDir, 'view.png') });
  process.stdout.write(`wrote ${join(figuresDir, 'view.png')} (event ${event} selected)\n`);
}

async function playgroundFigure(browser: Browser, workDir: string): Promise<void> {
  const htmlPath = join(workDir, 'playground.html');
  const made = spawnSync(process.execPath, [cliPath, 'view', '--playground', '--out', htmlPath], {
    encoding: 'utf8',
  });
  if (made.status !== 0) {
    process.stdout.write('playground: this build has no `view --playground`; figure not made\n');
    return;
  }
  const page = await openPage(browser, htmlPath, 'globalThis.lamportPlayground?.ready === true');
  await page.evaluate('globalThis.lamportPlayground.run()');
  await page.evaluate(
    'new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))',
  );
  await page.screenshot({ path: join(figuresDir, 'playground.png') });
  process.stdout.write(`wrote ${join(figuresDir, 'playground.png')}\n`);
}

async function main(): Promise<void> {
  mkdirSync(figuresDir, { recursive: true });
  const workDir = mkdtempSync(join(tmpdir(), 'lamport-screenshots-'));
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [...chromiumArgs],
  });
  try {
    await viewFigure(browser, workDir);
    await playgroundFigure(browser, workDir);
  } finally {
    await browser.close();
    rmSync(workDir, { recursive: true, force: true });
  }
}

await main();
