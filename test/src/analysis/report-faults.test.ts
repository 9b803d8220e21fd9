/**
 * Goal: report.html of a run with faults has a faults table, one row per injected fault with its
 * kind, when, how often it fired and what it caused, and its pictures show the faults; a run
 * without faults gets a page with none of it (the `report` command on a fault-free run says
 * nothing of faults).
 * Method: the hand-made faults of fault-fixture.ts on a copied real run, the page made in this
 * process from its analysis and charts (the command would re-run the manifest's scenario, whose
 * faults the fixture's fault-free logs do not show); the command on the fault-free run.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeRun } from '../../../src/analysis/analyze-run.js';
import { reportHtml } from '../../../src/analysis/report-html.js';
import { runCharts } from '../../../src/analysis/run-charts.js';
import { cliIn } from '../../helpers/cli-process.js';
import { useCopiedRun } from '../../helpers/copied-run.js';
import { addFixtureFaults } from '../../helpers/fault-fixture.js';

const workDir = useCopiedRun('report-faults');
const cli = cliIn(workDir);

function page(runDir: string): string {
  const analysis = analyzeRun(runDir);
  const charts = runCharts(runDir, analysis, { fromMs: null, toMs: null });
  return reportHtml({ title: 'r', facts: [], summary: analysis.summary, charts });
}

/** The cells of the faults table's row for fault `index`, as text. */
function faultRow(html: string, index: number): string[] {
  const row = new RegExp(`<tr data-fault="${index}">(.*?)</tr>`).exec(html)?.[1] ?? '';
  return [...row.matchAll(/<td>(.*?)<\/td>/g)].map((match) => match[1] as string);
}

describe('report.html of a run with faults', () => {
  it('has a faults table: kind, when, fired, what it caused', () => {
    const runDir = join(workDir(), 'run');
    addFixtureFaults(runDir);
    const html = page(runDir);
    expect(html).toContain('<h2>Injected faults</h2>');
    expect(faultRow(html, 1)).toEqual([
      '1',
      'loss',
      '-',
      'whole run',
      'p 0.5, 0,1,2 → 0,1,2',
      '1',
      'dropped 1 copy',
    ]);
    expect(faultRow(html, 3)).toEqual([
      '3',
      'restart',
      '1',
      'at 7.2 s',
      'machine 1, clock reset',
      '1',
      'clock 14→0 on machine 1',
    ]);
    expect(faultRow(html, 9).at(-1)).toBe('nothing: it never fired');
    expect(html.match(/<tr data-fault=/g)).toHaveLength(10);
    expect(html).toContain('Copies: 2 dropped (loss 1, partition 0, crash 1), 1 duplicated');
    expect(html).toContain(
      '<li>Faults: 10 faults injected, 9 fired; 2 copies dropped, 1 duplicated, 1 delayed, 1 ' +
        'carried a corrupted clock; machine 1 restarted with clock 14→0 (the faults table says ' +
        'which did what).</li>',
    );
    // Its pictures carry the faults (fault-overlay.test.ts says where).
    expect(html).toContain('class="fault-span partition"');
    expect(html).toContain('class="drop-cross"');
  });
});

describe('report of a run without faults', () => {
  it('says nothing of faults', async () => {
    const result = await cli('report', 'run');
    expect(result.status).toBe(0);
    const html = readFileSync(join(workDir(), 'run', 'report.html'), 'utf8');
    expect(html).toContain('<h2>Pictures</h2>');
    expect(html).not.toMatch(/fault|drop-cross/i);
  });
});
