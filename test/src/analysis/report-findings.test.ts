/**
 * What report.html tells a student: a "what this run shows" section written from the run's own
 * numbers, a caveat (with the seconds that would do) when the run is too short to judge a
 * predicted growth, and a header that summarizes many rates instead of listing them all.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunAnalysis } from '../../../src/analysis/analyze-run.js';
import { secondsToJudgeGrowth } from '../../../src/analysis/growth-judge.js';
import { predictQueues } from '../../../src/analysis/predict.js';
import { runCliInProcess } from '../../helpers/cli-process.js';

const workDir = mkdtempSync(join(tmpdir(), 'lamport-report-findings-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&apos;/g, "'");

describe('secondsToJudgeGrowth', () => {
  it('is the time for the predicted growth to stand out of the queue noise', () => {
    // Default rates 5, 4, 1 Hz, p = 0.7: machine 2 gets 1.5 messages/s on a 1 Hz clock, +0.5/s.
    const [fast, , slow] = predictQueues([5, 4, 1], 0.7);
    // Half-run W with 0.5·W >= 2·sqrt((1.5 + 1)·W): W >= 40 s, so 80 s in all.
    expect(secondsToJudgeGrowth(slow as never, 5)).toBe(80);
    expect(secondsToJudgeGrowth(fast as never, 5)).toBeNull();
  });
});

describe('report.html of the default 60 s run', () => {
  it('says what the run shows, from its numbers, and that 60 s is too short to judge growth', async () => {
    expect(
      (await runCliInProcess(workDir, ['run', 'default', '--out', 'd', '--quiet'])).status,
    ).toBe(0);
    const report = await runCliInProcess(workDir, ['report', 'd']);
    expect(report.status, report.stderr).toBe(0);
    const html = readFileSync(join(workDir, 'd', 'report.html'), 'utf8');
    const summary = JSON.parse(
      readFileSync(join(workDir, 'd', 'summary.json'), 'utf8'),
    ) as RunAnalysis;
    const start = html.indexOf('What this run shows');
    expect(start).toBeGreaterThan(0);
    const findings = text(html.slice(start, html.indexOf('<h2>Per machine')));
    const mostJumps = summary.machines.reduce((a, b) => (b.jumps.mean > a.jumps.mean ? b : a));
    expect(findings).toContain(
      `machine ${mostJumps.id} (${mostJumps.rateHz} Hz) jumps the most, ${mostJumps.jumps.mean.toFixed(2)} on average and up to ${mostJumps.jumps.max}`,
    );
    const behind = summary.machines.reduce((a, b) => (b.drift.max > a.drift.max ? b : a));
    expect(findings).toContain(`up to ${behind.drift.max} units`);
    // Machine 2 is predicted to grow 0.5/s; 60 s cannot show it: the report says so, and how long.
    expect(summary.machines[2]?.predicted?.verdict).toBe('growing');
    expect(text(html)).toMatch(
      /60 s is too short to judge a predicted growth of 0\.50\/s.*about 80 s/,
    );
    expect(html).toContain('(run too short to judge)');
    const analyze = await runCliInProcess(workDir, ['analyze', 'd']);
    expect(analyze.stdout).toContain('note: machine 2: 60 s is too short to judge');
  });

  it('is not given for a run long enough to judge', async () => {
    const args = ['run', 'default', '--duration', '80', '--out', 'long', '--quiet'];
    expect((await runCliInProcess(workDir, args)).status).toBe(0);
    expect((await runCliInProcess(workDir, ['analyze', 'long'])).stdout).not.toContain('too short');
  });
});

describe('the report header', () => {
  it('summarizes the rates of many machines instead of listing each', async () => {
    const args = ['run', '--machines', '40', '--duration', '2', '--out', 'many', '--quiet'];
    expect((await runCliInProcess(workDir, args)).status).toBe(0);
    expect((await runCliInProcess(workDir, ['report', 'many'])).status).toBe(0);
    const html = readFileSync(join(workDir, 'many', 'report.html'), 'utf8');
    const header = /<li>40 machines, ([^<]*)<\/li>/.exec(html)?.[1] ?? '';
    expect(header).toMatch(/^40 rates: min \d+ Hz, median [\d.]+ Hz, max \d+ Hz$/);
  });
});
