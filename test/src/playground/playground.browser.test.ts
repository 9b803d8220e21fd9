/**
 * The playground in a real browser: headless Chromium (Debian's `chromium`; .ci/run installs it)
 * opens docs/playground.html from disk with the network cut off. For three bundled scenarios and
 * seeds (one with faults) and one scenario edited in the form, the files the page offers equal,
 * byte for byte, what `lamport-lab run <scenario> --seed S --out D` writes; each download link
 * gives those bytes; a link with the state in its hash reproduces the run; a refusal is the
 * CLI's one line; nothing is logged to the console and nothing is asked of the network. Where
 * Chromium is not installed the test is skipped and says so in one line.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../../src/common/paths.js';
import {
  type BrowserSession,
  browserTestsSkipped,
  livingChromiumPids,
  type OpenedPage,
} from '../../helpers/browser.js';
import { startBrowser } from '../../helpers/browser.js';
import { runCliInProcess } from '../../helpers/cli-process.js';

/** What the tests read of the page's globals (the test tree has no DOM types). */
interface PageGlobals {
  readonly lamportPlayground?: {
    run(hash?: string): Promise<void>;
    files(): Promise<Record<string, string>>;
    readonly errors: string[];
  };
  readonly lamportView?: { readonly eventCount: number };
  readonly location: { readonly hash: string };
  readonly document: {
    querySelector(selector: string): { readonly textContent: string | null } | null;
    querySelectorAll(
      selector: string,
    ): ArrayLike<{ readonly download: string; readonly href: string }>;
  };
}

const workDir = mkdtempSync(join(tmpdir(), 'lamport-playground-browser-'));
const pagePath = join(packageRoot, 'docs', 'playground.html');
let session: BrowserSession | undefined;
let opened: OpenedPage | undefined;

/** The run files the CLI wrote (its ownership record left out: not a run file). */
function cliFiles(outDir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of readdirSync(outDir).sort()) {
    if (!name.startsWith('.')) files[name] = readFileSync(join(outDir, name), 'utf8');
  }
  return files;
}

async function cliRun(
  scenario: string,
  seed: number,
  name: string,
): Promise<Record<string, string>> {
  const outDir = join(workDir, name);
  const args = ['run', scenario, '--seed', String(seed), '--out', outDir, '--quiet'];
  const result = await runCliInProcess(workDir, args);
  expect(result.status, result.stderr).toBe(0);
  return cliFiles(outDir);
}

function page(): OpenedPage {
  return opened as OpenedPage;
}

/** Runs the page on `hash` and returns its files, sorted by name. */
async function pageFiles(hash: string): Promise<Record<string, string>> {
  const files = await page().page.evaluate(async (asked) => {
    const hook = (globalThis as unknown as PageGlobals).lamportPlayground;
    if (hook === undefined) throw new Error('no playground hook');
    await hook.run(asked);
    return hook.files();
  }, hash);
  const sorted = Object.entries(files).sort(([a], [b]) => (a < b ? -1 : 1));
  return Object.fromEntries(sorted) as Record<string, string>;
}

/** What each download link of the page serves, fetched as the browser would save it. */
async function linkFiles(): Promise<Record<string, string>> {
  return page().page.evaluate(async () => {
    const page = globalThis as unknown as PageGlobals;
    const links = Array.from(page.document.querySelectorAll('a[download]'));
    const entries = await Promise.all(
      links.map(async (link) => [link.download, await (await fetch(link.href)).text()] as const),
    );
    return Object.fromEntries(entries);
  });
}

function status(): Promise<string> {
  return page().page.evaluate(
    () =>
      (globalThis as unknown as PageGlobals).document.querySelector('.pg-status')?.textContent ??
      '',
  );
}

describe.skipIf(browserTestsSkipped(import.meta.url))('the playground in Chromium', () => {
  beforeAll(async () => {
    session = await startBrowser();
    opened = await session.openPage(pagePath, {
      readyExpression: 'window.lamportPlayground?.ready === true',
    });
  });
  afterAll(async () => {
    await opened?.close();
    await session?.close();
    rmSync(workDir, { recursive: true, force: true });
    expect(livingChromiumPids()).toEqual([]);
  });

  it.each([
    { scenario: 'default', seed: 5 },
    { scenario: 'every-fault', seed: 11 },
    { scenario: 'jittery-network', seed: 8 },
  ])('offers the CLI files of $scenario seed $seed, byte for byte', async ({ scenario, seed }) => {
    const expected = await cliRun(scenario, seed, `${scenario}-${seed}`);
    const made = await pageFiles(`#scenario=${scenario}&seed=${seed}`);
    expect(Object.keys(made)).toEqual(Object.keys(expected));
    for (const name of Object.keys(expected)) {
      expect(made[name] === expected[name], `${scenario} seed ${seed}: ${name}`).toBe(true);
    }
    expect(await linkFiles()).toEqual(expected);
    expect(await status()).toContain(`lamport-lab run ${scenario} --seed ${seed} --out D`);
    const events = JSON.parse(expected['manifest.json'] as string).events;
    expect(
      await page().page.evaluate(
        () => (globalThis as unknown as PageGlobals).lamportView?.eventCount,
      ),
    ).toBe(events);
  });

  it('runs an edited scenario as the CLI runs its playground.json, from the form', async () => {
    await pageFiles('#scenario=every-fault&seed=4');
    const form = page().page.locator('form.pg-form');
    await form.locator('input[name=machines]').fill('4');
    await form.locator('input[name=rates]').fill('2-7');
    await form.locator('input[name=durationSec]').fill('30');
    await form.locator('textarea[name=faults]').fill('[{"kind":"loss","p":0.2}]');
    await page().page.evaluate(() =>
      (globalThis as unknown as PageGlobals).lamportPlayground?.run(),
    );
    const links = await linkFiles();
    const scenarioText = links['playground.json'] as string;
    expect(JSON.parse(scenarioText)).toMatchObject({ machines: 4, rateRange: { min: 2, max: 7 } });
    writeFileSync(join(workDir, 'playground.json'), scenarioText);
    const expected = await cliRun('playground.json', 4, 'edited');
    const { 'playground.json': _scenario, ...runFiles } = links;
    expect(runFiles).toEqual(expected);
    expect(await status()).toContain('lamport-lab run playground.json --seed 4 --out D');

    // The address now holds the state: opened afresh, the page makes the same run.
    const address = await page().page.evaluate(
      () => (globalThis as unknown as PageGlobals).location.hash,
    );
    const again = await (session as BrowserSession).openPage(
      `${pathToFileURL(pagePath).href}${address}`,
      { readyExpression: 'window.lamportPlayground?.ready === true' },
    );
    const files = await again.page.evaluate(() =>
      (globalThis as unknown as PageGlobals).lamportPlayground?.files(),
    );
    expect(files).toEqual(expected);
    expect(again.consoleMessages).toEqual([]);
    await again.close();
  });

  it("runs a link's scenario exactly as the link holds it", async () => {
    const scenario = { machines: 4, durationSec: 20, latency: { kind: 'constant', ms: 3 } };
    const json = encodeURIComponent(JSON.stringify(scenario));
    await pageFiles(`#scenario=lossy&seed=6&json=${json}`);
    const links = await linkFiles();
    expect(JSON.parse(links['playground.json'] as string)).toEqual(scenario);
    writeFileSync(join(workDir, 'playground.json'), links['playground.json'] as string);
    const expected = await cliRun('playground.json', 6, 'linked');
    const { 'playground.json': _scenario, ...runFiles } = links;
    expect(runFiles).toEqual(expected);
  });

  it('shows a refusal in the CLI words, in one line', async () => {
    await pageFiles('#scenario=default&seed=1');
    const form = page().page.locator('form.pg-form');
    await form.locator('textarea[name=faults]').fill('[{"kind":"loss","p":2}]');
    await page().page.evaluate(() =>
      (globalThis as unknown as PageGlobals).lamportPlayground?.run(),
    );
    writeFileSync(
      join(workDir, 'bad.json'),
      JSON.stringify({
        ...JSON.parse(readFileSync(join(packageRoot, 'scenarios', 'default.json'), 'utf8')),
        faults: [{ kind: 'loss', p: 2 }],
      }),
    );
    const cli = await runCliInProcess(workDir, ['run', 'bad.json', '--seed', '1', '--no-logs']);
    expect(cli.status).toBe(2);
    const line = cli.stderr.trim().replace('bad.json', 'playground.json');
    expect(await status()).toBe(line);
    await form.locator('textarea[name=faults]').fill('[{kind');
    await page().page.evaluate(() =>
      (globalThis as unknown as PageGlobals).lamportPlayground?.run(),
    );
    expect(await status()).toBe('lamport-lab: faults: expected JSON, got "[{kind"');
  });

  it('logged nothing, asked nothing of the network and caught no error', async () => {
    expect(page().consoleMessages).toEqual([]);
    expect(page().pageErrors).toEqual([]);
    expect(page().offMachineRequests).toEqual([]);
    expect(
      await page().page.evaluate(
        () => (globalThis as unknown as PageGlobals).lamportPlayground?.errors,
      ),
    ).toEqual([]);
  });
});
