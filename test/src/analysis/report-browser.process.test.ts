/**
 * report.html in a real browser: headless Chromium (Debian's `chromium`; .ci/run installs it)
 * opens the page from disk with the network cut off, logs no console message, finds every chart
 * in the DOM, and its screenshot is far from blank (a blank page of the same size compresses to a
 * small fraction of it). Where Chromium is not installed the test is skipped and says so.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliPath } from '../../helpers/cli-process.js';

const chromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path) =>
  existsSync(path),
);
const workDir = mkdtempSync(join(tmpdir(), 'lamport-report-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

if (chromium === undefined) {
  process.stderr.write(
    'report-browser.test.ts: skipped: no chromium at /usr/bin/chromium (.ci/run installs it)\n',
  );
}

/** Flags that keep Chromium from reaching any network (this machine has none) or profile. */
function chromiumArgs(profile: string): string[] {
  return [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    `--user-data-dir=${join(workDir, profile)}`,
  ];
}

function runChromium(args: string[]) {
  return spawnSync(chromium as string, args, { encoding: 'utf8', timeout: 60_000 });
}

describe.skipIf(chromium === undefined)('report.html in Chromium', () => {
  it('opens with no console messages, shows every chart, and is not blank', () => {
    // Arrange: a run and its report.
    const runDir = join(workDir, 'run');
    expect(
      spawnSync(process.execPath, [cliPath, 'run', 'A2', '--out', runDir, '--quiet']).status,
    ).toBe(0);
    const report = spawnSync(process.execPath, [cliPath, 'report', runDir], { encoding: 'utf8' });
    expect(report.status, report.stderr).toBe(0);
    const page = join(runDir, 'report.html');
    const html = readFileSync(page, 'utf8');
    expect(html).not.toMatch(/(src|href)="https?:/);

    // Act: load it, dump the DOM, take screenshots of it and of a blank page.
    const dom = runChromium([
      ...chromiumArgs('dom'),
      '--enable-logging=stderr',
      '--v=0',
      '--dump-dom',
      `file://${page}`,
    ]);
    const shot = join(workDir, 'report.png');
    const blankShot = join(workDir, 'blank.png');
    const size = '--window-size=1200,4000';
    runChromium([...chromiumArgs('shot'), size, `--screenshot=${shot}`, `file://${page}`]);
    runChromium([...chromiumArgs('blank'), size, `--screenshot=${blankShot}`, 'about:blank']);

    // Assert
    expect(dom.status).toBe(0);
    expect(dom.stderr).not.toMatch(/CONSOLE|Uncaught/);
    expect(dom.stdout.match(/<svg\b/g)).toHaveLength(5);
    expect(dom.stdout.match(/<figure\b/g)).toHaveLength(5);
    expect(dom.stdout).toContain('Queue growth: measured vs predicted');
    // A blank page of this size compresses to ~22 KB; the report with its charts to ~10x that.
    expect(statSync(shot).size).toBeGreaterThan(5 * statSync(blankShot).size);
  });
});
