/**
 * report.html in a real browser: headless Chromium (Debian's `chromium`; .ci/run installs it)
 * opens the page from disk with the network cut off, logs no console message, asks for nothing
 * off the machine, finds every chart in the DOM, and its screenshot is far from blank (a blank
 * page of the same size compresses to a small fraction of it). Where Chromium is not installed
 * the test is skipped and says so in one line.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BrowserSession,
  browserTestsSkipped,
  livingChromiumPids,
  startBrowser,
} from '../../helpers/browser.js';
import { runCliInProcess } from '../../helpers/cli-process.js';

const workDir = mkdtempSync(join(tmpdir(), 'lamport-report-'));
let session: BrowserSession | undefined;

describe.skipIf(browserTestsSkipped(import.meta.url))('report.html in Chromium', () => {
  beforeAll(async () => {
    session = await startBrowser();
  });
  afterAll(async () => {
    await session?.close();
    rmSync(workDir, { recursive: true, force: true });
    expect(livingChromiumPids()).toEqual([]);
  });

  it('records what a page must not do (planted: a log, an error, a fetch and an image off the machine)', async () => {
    const planted = join(workDir, 'planted.html');
    writeFileSync(
      planted,
      '<img src="http://example.invalid/a.png"><script>console.log("planted");' +
        'fetch("https://example.invalid/b").catch(() => {});' +
        'setTimeout(() => { throw new Error("planted error"); });</script>',
    );
    const opened = await (session as BrowserSession).openPage(planted);
    await opened.page.waitForTimeout(200);
    expect(opened.consoleMessages).toContainEqual({ type: 'log', text: 'planted' });
    expect(opened.pageErrors).toEqual(['planted error']);
    expect([...opened.offMachineRequests].sort()).toEqual([
      'http://example.invalid/a.png',
      'https://example.invalid/b',
    ]);
    await opened.close();
  });

  it('opens with no console messages, shows every chart, and is not blank', async () => {
    // Arrange: a run and its report.
    const runDir = join(workDir, 'run');
    const run = await runCliInProcess(workDir, ['run', 'A2', '--out', runDir, '--quiet']);
    expect(run.status, run.stderr).toBe(0);
    const report = await runCliInProcess(workDir, ['report', runDir]);
    expect(report.status, report.stderr).toBe(0);
    const pagePath = join(runDir, 'report.html');
    const html = readFileSync(pagePath, 'utf8');
    expect(html).not.toMatch(/(src|href)="https?:/);
    const viewport = { width: 1200, height: 4000 };

    // Act: load it, read the DOM, take screenshots of it and of a blank page of the same size.
    const browser = session as BrowserSession;
    const opened = await browser.openPage(pagePath, { viewport });
    const dom = await opened.page.content();
    const shot = await opened.page.screenshot();
    const blank = await browser.openPage('about:blank', { viewport });
    const blankShot = await blank.page.screenshot();

    // Assert
    expect(opened.consoleMessages).toEqual([]);
    expect(opened.pageErrors).toEqual([]);
    expect(opened.offMachineRequests).toEqual([]);
    expect(dom.match(/<svg\b/g)).toHaveLength(5);
    expect(dom.match(/<figure\b/g)).toHaveLength(5);
    expect(dom).toContain('Queue growth: measured vs predicted');
    // A blank page of this size compresses to ~22 KB; the report with its charts to ~10x that.
    expect(shot.length).toBeGreaterThan(5 * blankShot.length);
    await opened.close();
    await blank.close();
  });
});
