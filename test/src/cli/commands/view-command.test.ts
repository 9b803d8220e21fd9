/**
 * Goal: `view` behaves as its help promises: it writes <run-dir>/view.html (or --out) with the
 * run and the built viewer script inlined, says where and how big in one line, keeps a window
 * and says so when asked for part of the run, refuses a file of the user's (at --out unless
 * --force; at the default place always), and
 * every bad flag or run is one line with exit code 2.
 * Method: the whole program in-process (runCliInProcess) on a real run made with executeRun;
 * the viewer script comes from dist/ (npm test builds first).
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executeRun } from '../../../../src/run/virtual-run.js';
import { loadScenario } from '../../../../src/scenario/load.js';
import { resolveScenario } from '../../../../src/scenario/resolve.js';
import type { ViewData } from '../../../../src/view/model/view-data.js';
import { viewDataElementId } from '../../../../src/view/page/page-ids.js';
import { readViewerPageScript } from '../../../../src/view/viewer-page-asset.js';
import { runCliInProcess } from '../../../helpers/cli-process.js';

let workDir: string;
let runDir: string;

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'lamport-view-command-'));
  runDir = join(workDir, 'run');
  const loaded = loadScenario('trial4', { values: { durationSec: 20 }, flags: {} });
  await executeRun({ scenario: resolveScenario(loaded, 1004), outDir: runDir, force: false });
});
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

const view = (...args: string[]) => runCliInProcess(workDir, ['view', ...args]);

function inlinedData(html: string): ViewData {
  const match = new RegExp(`id="${viewDataElementId}">(.*?)</script>`, 's').exec(html);
  return JSON.parse((match as RegExpExecArray)[1] as string) as ViewData;
}

function eventsOfManifest(): number {
  return (JSON.parse(readFileSync(join(runDir, 'manifest.json'), 'utf8')) as { events: number })
    .events;
}

describe('lamport-lab view', () => {
  it('writes <run-dir>/view.html with the whole run and the viewer, and says so in one line', async () => {
    const result = await view(runDir);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const path = join(runDir, 'view.html');
    expect(result.stdout).toMatch(
      new RegExp(
        `^wrote ${path} \\(\\d+ kB, ${eventsOfManifest()} events; open it in a browser, it needs no network\\)\\n$`,
      ),
    );
    const html = readFileSync(path, 'utf8');
    const data = inlinedData(html);
    expect(data.events.count).toBe(eventsOfManifest());
    expect(data.window).toBeNull();
    expect(data.check?.ok).toBe(true);
    expect(html).toContain(readViewerPageScript().slice(0, 200));
    expect(html).not.toMatch(/https?:\/\//);
    // Its own earlier output is replaced without --force.
    expect((await view(runDir)).status).toBe(0);
  });

  it('keeps the part --from/--to name, and says so on stderr', async () => {
    const out = join(workDir, 'part.html');
    const result = await view(runDir, '--from', '5', '--to', '10', '--out', out);
    expect(result.status).toBe(0);
    const data = inlinedData(readFileSync(out, 'utf8'));
    expect(data.window).toEqual({
      fromUs: 5_000_000,
      untilUs: 10_000_000,
      totalEvents: eventsOfManifest(),
    });
    expect(data.events.count).toBeLessThan(eventsOfManifest());
    expect(result.stderr).toMatch(
      /^note: .*part\.html shows 5 s to 10 s of the run: [\d,]+ of its [\d,]+ events \(choose the window with --from and --to, in seconds\)\n$/,
    );
  });

  it("refuses a file of the user's at --out unless --force", async () => {
    const out = join(workDir, 'mine.html');
    writeFileSync(out, 'my notes\n');
    const refused = await view(runDir, '--out', out);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(
      /^lamport-lab: --out .*mine\.html: expected nothing there or a file lamport-lab wrote, got .*; pass --force to replace it, or choose another --out\n$/,
    );
    expect(readFileSync(out, 'utf8')).toBe('my notes\n');
    const forced = await view(runDir, '--out', out, '--force');
    expect(forced.status).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('<!doctype html>');
  });

  it("refuses a file of the user's at the default place, --force or not: they never named it", async () => {
    const dir = join(workDir, 'default-place');
    cpSync(runDir, dir, { recursive: true });
    const theirs = join(dir, 'view.html');
    writeFileSync(theirs, 'my own view\n');
    for (const args of [[], ['--force']]) {
      const refused = await view(dir, ...args);
      expect(refused.status).toBe(2);
      // Named as the path it is: no --out was typed.
      expect(refused.stderr).toMatch(
        /^lamport-lab: \S*default-place\/view\.html: expected nothing there or a file lamport-lab wrote, got .*; lamport-lab replaces only files it wrote: move it away, or choose another --out\n$/,
      );
      expect(readFileSync(theirs, 'utf8')).toBe('my own view\n');
    }
  });

  it.each([
    [
      ['--from', 'abc'],
      /^lamport-lab: --from: expected a finite time in seconds >= 0, got "abc"\n$/,
    ],
    [['--to', '-1'], /^lamport-lab: --to: expected a finite time in seconds >= 0, got "-1"\n$/],
    [
      ['--from', '8', '--to', '2'],
      /^lamport-lab: --from, --to: expected --from before --to, got --from 8 and --to 2\n$/,
    ],
    [
      ['--from', '1000', '--to', '2000'],
      /^lamport-lab: --from, --to: expected a window that holds some of the run's \d+ events \(it runs from 0 s to [\d.]+ s\), got 1000 s to 2000 s\n$/,
    ],
    [
      ['--out', 'RUN/machine-0.csv'],
      /^lamport-lab: --out .*machine-0\.csv: expected a new file, got the run's own machine-0\.csv/,
    ],
  ])('refuses %j in one line with exit code 2', async (flags, message) => {
    const args = flags.map((flag) => flag.replace('RUN', runDir));
    const result = await view(runDir, ...args);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.split('\n')).toHaveLength(2);
  });

  it('refuses a directory that is not a run in one line with exit code 2', async () => {
    const result = await view(join(workDir, 'no-such-run'));
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^lamport-lab: .*no-such-run.*\n$/);
  });

  it('shows examples and exit codes in --help', async () => {
    const result = await view('--help');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('$ lamport-lab view logs/default-seed42');
    expect(result.stdout).toContain('--from <sec>');
    expect(result.stdout).toMatch(/Exit codes: 0 written, 2 bad input/);
  });
});
