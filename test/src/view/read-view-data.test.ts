/**
 * readViewData turns a run directory into the viewer's data: every row of every log comes back
 * cell for cell, faults.csv becomes spans and marks, the check result is the checker's, and a
 * run larger than the bound keeps a window and says so. Bad input is one InputError line naming
 * the file. Real runs are made with executeRunSync into a temp dir; each bad-input case edits a
 * copy.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../../src/common/errors.js';
import { runCliInProcess } from '../../helpers/cli-process.js';
import { executeRunSync } from '../../../src/run/virtual-run.js';
import { loadScenario } from '../../../src/scenario/load.js';
import { resolveScenario } from '../../../src/scenario/resolve.js';
import { RunView } from '../../../src/view/model/run-view.js';
import { type ViewData, viewDataJson } from '../../../src/view/model/view-data.js';
import { readViewData, viewEventsMax } from '../../../src/view/read-view-data.js';

let workDir: string;
let plainDir: string;
let faultDir: string;
let copies = 0;

function makeRun(scenario: string, seed: number, durationSec: number, outDir: string): void {
  const loaded = loadScenario(scenario, { values: { durationSec }, flags: {} });
  executeRunSync({ scenario: resolveScenario(loaded, seed), outDir, force: false });
}

beforeAll(() => {
  workDir = mkdtempSync(join(tmpdir(), 'lamport-view-data-'));
  plainDir = join(workDir, 'plain');
  faultDir = join(workDir, 'faulted');
  makeRun('default', 42, 30, plainDir);
  makeRun('every-fault', 3, 60, faultDir);
});
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

function copyOf(runDir: string): string {
  copies += 1;
  const dir = join(workDir, `copy-${copies}`);
  cpSync(runDir, dir, { recursive: true });
  return dir;
}

/** Every data row of every log, machine by machine, as cells. */
function csvRows(runDir: string): string[][] {
  const logs = readdirSync(runDir)
    .filter((name) => /^machine-\d+\.csv$/.test(name))
    .sort((a, b) => Number(a.match(/\d+/)?.[0]) - Number(b.match(/\d+/)?.[0]));
  return logs.flatMap((name) =>
    readFileSync(join(runDir, name), 'latin1')
      .split('\n')
      .slice(1)
      .filter((line) => line !== '')
      .map((line) => line.split(',')),
  );
}

function decoded(data: ViewData): RunView {
  return RunView.fromData(JSON.parse(viewDataJson(data)) as ViewData);
}

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    const message = (error as Error).message;
    expect(message).not.toContain('\n');
    return message;
  }
  throw new Error('expected an InputError');
}

describe('readViewData', () => {
  it('holds a fault-free run whole: every row, the manifest facts and the check verdict', () => {
    const data = readViewData(plainDir);
    const manifest = JSON.parse(readFileSync(join(plainDir, 'manifest.json'), 'utf8'));
    const view = decoded(data);
    const rows = csvRows(plainDir);
    expect(view.eventCount).toBe(rows.length);
    expect(rows.map((_, i) => view.rowCells(i))).toEqual(rows);
    expect(data.window).toBeNull();
    expect(data.faults).toEqual([]);
    expect(data.mode).toBe('virtual');
    expect(data.seed).toBe(42);
    expect(data.durationUs).toBe(30_000_000);
    expect(data.ratesHz).toEqual(manifest.scenario.rates);
    expect(data.title).toBe('plain (default)');
    expect(data.check?.ok).toBe(true);
    expect(data.check?.lines[0]).toMatch(/^OK/);
    expect(viewEventsMax).toBe(2_000_000);
  });

  it("reads a run imported from another program's logs (issue 21's import) as mode imported", async () => {
    const fixtures = join(dirname(fileURLToPath(import.meta.url)), '..', 'import', 'fixtures');
    const importedDir = join(workDir, 'imported');
    const imported = await runCliInProcess(workDir, [
      'import',
      join(fixtures, 'python-logging'),
      '--format',
      'python-logging',
      '--out',
      importedDir,
    ]);
    expect(imported.status, imported.stderr).toBe(0);
    const data = readViewData(importedDir);
    const view = decoded(data);
    expect(data.mode).toBe('imported');
    expect(view.mode).toBe('imported');
    const rows = csvRows(importedDir);
    expect(rows.map((_, i) => view.rowCells(i))).toEqual(rows);
    // The fixture has a defect planted (a phantom event beside a send): the check names its line.
    expect(data.check?.ok).toBe(false);
    expect(data.check?.lines.join('\n')).toMatch(/run\.log:\d+/);
  });

  it("says when the check fails, in the checker's words", () => {
    const dir = copyOf(plainDir);
    const path = join(dir, 'machine-1.csv');
    const lines = readFileSync(path, 'latin1').split('\n');
    const cells = (lines[5] as string).split(',');
    cells[4] = String(Number(cells[4]) + 5);
    lines[5] = cells.join(',');
    writeFileSync(path, lines.join('\n'));
    const data = readViewData(dir, { rerun: 'never' });
    expect(data.check?.ok).toBe(false);
    expect(data.check?.lines.some((line) => line.includes('machine-1.csv:6'))).toBe(true);
    expect(readViewData(dir, { check: false }).check).toBeNull();
  });

  it('turns faults.csv into spans and marks, and keeps every row of a faulted run', () => {
    const data = readViewData(faultDir);
    const view = decoded(data);
    const rows = csvRows(faultDir);
    expect(rows.map((_, i) => view.rowCells(i))).toEqual(rows);
    const faultRows = readFileSync(join(faultDir, 'faults.csv'), 'latin1').split('\n').slice(1);
    const actions = new Set(faultRows.filter((l) => l !== '').map((line) => line.split(',')[1]));
    const whats = new Set(data.faults.map((fault) => fault.what));
    if (actions.has('crash')) expect(whats).toContain('down');
    if (actions.has('partition-start')) expect(whats).toContain('partition');
    for (const action of ['drop', 'duplicate', 'delay', 'corrupt', 'crash', 'restart', 'rate']) {
      expect(whats.has(action)).toBe(actions.has(action));
    }
    for (const fault of data.faults) expect(fault.label).not.toBe('');
    expect(data.check?.ok).toBe(true);
  });

  it("keeps the window asked for, and the run's total", () => {
    const whole = decoded(readViewData(plainDir, { check: false }));
    const data = readViewData(plainDir, { fromUs: 10_000_000, untilUs: 20_000_000, check: false });
    const view = decoded(data);
    const inWindow = Array.from(whole.timeUs).filter((t) => t >= 10_000_000 && t < 20_000_000);
    expect(view.eventCount).toBe(inWindow.length);
    expect(data.window).toEqual({
      fromUs: 10_000_000,
      untilUs: 20_000_000,
      totalEvents: whole.eventCount,
    });
    // A receive of a message sent before the window has no send in the data.
    const orphans = Array.from(view.kindCode.keys()).filter(
      (i) => view.kind(i) === 'receive' && view.sendOf[i] === -1,
    );
    expect(orphans.length).toBeGreaterThan(0);
    for (const i of orphans) expect(view.msgClock(i)).toBeLessThan(view.clock[i] as number);
  });

  it('keeps a window of about eventsMax events from the start of a larger run, and says so', () => {
    const whole = decoded(readViewData(plainDir, { check: false }));
    const data = readViewData(plainDir, { eventsMax: 100, check: false });
    expect(data.events.count).toBeLessThanOrEqual(100);
    expect(data.events.count).toBeGreaterThan(50);
    expect(data.window?.fromUs).toBe(0);
    expect(data.window?.totalEvents).toBe(whole.eventCount);
    const untilUs = data.window?.untilUs as number;
    const expected = Array.from(whole.timeUs).filter((t) => t < untilUs).length;
    expect(data.events.count).toBe(expected);
  });

  it('reads a run without a manifest from its logs alone', () => {
    const dir = copyOf(plainDir);
    rmSync(join(dir, 'manifest.json'));
    const data = readViewData(dir, { eventsMax: 100, check: false });
    expect(data.seed).toBeNull();
    expect(data.events.count).toBeLessThanOrEqual(100);
    expect(data.window?.totalEvents).toBe(csvRows(plainDir).length);
  });

  it('refuses what is not a run, naming the file', () => {
    expect(refusal(() => readViewData(join(workDir, 'nowhere')))).toMatch(
      /nowhere: no such run directory/,
    );
    const file = join(workDir, 'a-file');
    writeFileSync(file, 'x');
    expect(refusal(() => readViewData(file))).toMatch(/a-file: expected a run directory/);
    const missing = copyOf(plainDir);
    rmSync(join(missing, 'machine-2.csv'));
    expect(refusal(() => readViewData(missing))).toMatch(/machine-2\.csv/);
    const bad = copyOf(plainDir);
    writeFileSync(
      join(bad, 'machine-0.csv'),
      `${readFileSync(join(bad, 'machine-0.csv'), 'latin1')}1,x\n`,
    );
    expect(refusal(() => readViewData(bad))).toMatch(
      /machine-0\.csv:\d+: expected 9 columns, got 2/,
    );
    const moved = copyOf(plainDir);
    const path = join(moved, 'machine-0.csv');
    writeFileSync(path, readFileSync(path, 'latin1').replace(/\n0,1,/, '\n1,1,'));
    expect(refusal(() => readViewData(moved, { check: false }))).toMatch(
      /machine-0\.csv:2: machine: expected 0/,
    );
    const faults = copyOf(faultDir);
    writeFileSync(
      join(faults, 'faults.csv'),
      `${readFileSync(join(faults, 'faults.csv'), 'latin1')}oops\n`,
    );
    expect(refusal(() => readViewData(faults, { check: false }))).toMatch(/faults\.csv:\d+: /);
    const summary = copyOf(plainDir);
    writeFileSync(join(summary, 'summary.json'), '{ nope');
    expect(refusal(() => readViewData(summary))).toMatch(/summary\.json: invalid JSON/);
    expect(refusal(() => readViewData(plainDir, { fromUs: 5, untilUs: 5 }))).toMatch(
      /^window: expected/,
    );
  });

  it('inlines summary.json as it is', () => {
    const dir = copyOf(plainDir);
    writeFileSync(join(dir, 'summary.json'), '{"machines":[1,2],"note":"</script>"}');
    expect(readViewData(dir, { check: false }).summary).toEqual({
      machines: [1, 2],
      note: '</script>',
    });
  });
});
