/**
 * A TCP run (real processes on loopback, made by the built CLI) reads into the viewer's data like
 * a virtual one: every row cell for cell, mode tcp, its check verdict, and every receive finds its
 * send, so its cones are whole.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { causalCone } from '../../../src/view/model/cone.js';
import { RunView } from '../../../src/view/model/run-view.js';
import { readViewData } from '../../../src/view/read-view-data.js';
import { runBuiltCli } from '../../helpers/cli-process.js';

let workDir: string;
let runDir: string;

beforeAll(() => {
  workDir = mkdtempSync(join(tmpdir(), 'lamport-view-tcp-'));
  runDir = join(workDir, 'tcp-run');
  const result = runBuiltCli(workDir, [
    'run',
    'default',
    '--mode',
    'tcp',
    '--duration',
    '3',
    '--out',
    runDir,
  ]);
  expect(result.status, result.stderr).toBe(0);
}, 60_000);
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

describe('readViewData of a TCP run', () => {
  it('holds every row, the mode and the check verdict; receives find their sends', () => {
    const data = readViewData(runDir);
    const view = RunView.fromData(data);
    const rows = readdirSync(runDir)
      .filter((name) => /^machine-\d\.csv$/.test(name))
      .sort()
      .flatMap((name) =>
        readFileSync(join(runDir, name), 'latin1')
          .split('\n')
          .slice(1)
          .filter((line) => line !== '')
          .map((line) => line.split(',')),
      );
    expect(rows.length).toBeGreaterThan(10);
    expect(rows.map((_, i) => view.rowCells(i))).toEqual(rows);
    expect(data.mode).toBe('tcp');
    expect(data.window).toBeNull();
    expect(data.check?.ok).toBe(true);
    for (let i = 0; i < view.eventCount; i += 1) {
      if (view.kind(i) === 'receive') expect(view.sendOf[i]).toBeGreaterThanOrEqual(0);
    }
    const last = view.eventCount - 1;
    expect(causalCone(view, last, 'past', 'cone').length).toBeGreaterThan(0);
  });
});
