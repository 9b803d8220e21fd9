/**
 * "What this run shows" and the per-machine tables say only what the numbers hold: no "pulls
 * forward" when nothing jumped, no queue talk when nothing was sent, counts in the right number,
 * the machines named when a list is cut, and "-" (not 0) for a machine that never received.
 */
import { describe, expect, it } from 'vitest';
import { formatAnalysis } from '../../../src/analysis/analysis-text.js';
import type { MachineAnalysis, RunAnalysis } from '../../../src/analysis/analyze-run.js';
import { reportHtml } from '../../../src/analysis/report-html.js';
import { machinesText, runFindings } from '../../../src/analysis/run-findings.js';

interface Shape {
  readonly id: number;
  readonly receives?: number;
  readonly jumpMax?: number;
  readonly queueMax?: number;
  readonly growing?: boolean;
  readonly predictedGrowing?: boolean;
}

function machine(shape: Shape): MachineAnalysis {
  const receives = shape.receives ?? 0;
  const jumpMax = shape.jumpMax ?? 0;
  return {
    id: shape.id,
    rateHz: 6,
    events: { internal: 360 - receives, send: 0, receive: receives, total: 360 },
    ticksPerSec: 6,
    finalClock: 360,
    clockUnitsPerSec: jumpMax > 0 ? 7 : 6,
    jumps: {
      count: receives,
      max: jumpMax,
      mean: jumpMax / 2,
      p50: 0,
      p90: jumpMax,
      p99: jumpMax,
      histogram: [],
    },
    drift: { max: 1, final: 0, growthPerSec: 0 },
    queue: {
      max: shape.queueMax ?? 0,
      mean: 0,
      final: shape.growing ? 9 : 0,
      growthPerSec: shape.growing ? 0.5 : 0,
      verdict: shape.growing ? 'growing' : 'stable',
    },
    delayMs: { count: receives, mean: receives === 0 ? 0 : 12.5, p99: 0, max: 0 },
    predicted:
      shape.predictedGrowing === undefined
        ? null
        : ({
            verdict: shape.predictedGrowing ? 'growing' : 'stable',
            queueGrowthPerSec: shape.predictedGrowing ? 0.5 : 0,
          } as never),
    growthRelativeDifference: null,
    secondsToJudgeGrowth: null,
  };
}

function run(machines: readonly MachineAnalysis[]): RunAnalysis {
  return { runDir: 'r', mode: 'virtual', durationSec: 600, internalProbability: 0.5, machines };
}

describe('runFindings', () => {
  it('says clocks stay in step with the ticks when messages arrive but none jumps', () => {
    const findings = runFindings(
      run([0, 1, 2].map((id) => machine({ id, receives: 100, queueMax: 1 }))),
    ).join('\n');
    expect(findings).not.toMatch(/pulls/);
    expect(findings).toContain('one unit per event: no received message pulled a clock forward.');
    expect(findings).toContain('Jumps: no clock jumped: all 300 messages received');
    expect(findings).not.toMatch(/jumps the most/);
    expect(findings).toContain("the fullest is machine 0 (6 Hz)'s, 1 message at most.");
  });

  it('says no message was received when none was, and that the queues stayed empty', () => {
    const findings = runFindings(run([0, 1].map((id) => machine({ id })))).join('\n');
    expect(findings).toContain('no message was received, so nothing pulled a clock forward.');
    expect(findings).toContain('Queues: no message was received, so every queue stayed empty.');
    expect(findings).not.toMatch(/0 messages at most/);
  });

  it('explains the faster clocks only when a receive did jump', () => {
    const findings = runFindings(
      run([machine({ id: 0, receives: 10, jumpMax: 4 }), machine({ id: 1, receives: 10 })]),
    ).join('\n');
    expect(findings).toMatch(/pulls that clock forward/);
    expect(findings).toContain('machine 0 (6 Hz) jumps the most, 2.00 on average and up to 4');
  });

  it('names the growing queues beyond the first three, in the right number', () => {
    const four = runFindings(run([0, 1, 2, 3].map((id) => machine({ id, growing: true }))));
    expect(four).toContain("Queues: machine 3 (6 Hz)'s queue grows too.");
    const many = runFindings(
      run(Array.from({ length: 20 }, (_, id) => machine({ id, growing: true }))),
    );
    expect(many).toContain('Queues: the queues of machines 3, 4, 5, 6, 7 and 12 more grow too.');
  });

  it('says how many more predicted-growing queues it did not list', () => {
    const machines = Array.from({ length: 10 }, (_, id) => machine({ id, predictedGrowing: true }));
    const findings = runFindings(run(machines));
    expect(findings.filter((line) => line.includes('predicts machine'))).toHaveLength(3);
    expect(findings).toContain(
      'Queues: the model predicts growth for machines 3, 4, 5, 6, 7 and 2 more too, yet this run measured them stable.',
    );
  });

  it('lists machines with "and"', () => {
    expect(machinesText([4])).toBe('machine 4');
    expect(machinesText([4, 5])).toBe('machines 4 and 5');
    expect(machinesText([1, 2, 3])).toBe('machines 1, 2 and 3');
  });
});

describe('a machine that never received', () => {
  const summary = run([machine({ id: 0 }), machine({ id: 1, receives: 10, jumpMax: 4 })]);

  it('shows "-" for its jumps and delay in analyze text', () => {
    const lines = formatAnalysis(summary).split('\n');
    const row0 = lines.find((line) => /^\s*0\s/.test(line)) ?? '';
    const row1 = lines.find((line) => /^\s*1\s/.test(line)) ?? '';
    // jump max, jump mean, p50/p90/p99, then drift 1, queue 0 0, delay mean.
    expect(row0.trim().split(/\s+/).slice(4)).toEqual(['-', '-', '-', '1', '0', '0', '-']);
    expect(row1.trim().split(/\s+/).slice(4)).toEqual([
      '4',
      '2.00',
      '0/4/4',
      '1',
      '0',
      '0',
      '12.5',
    ]);
  });

  it('shows "-" for its jumps and delay in report.html', () => {
    const html = reportHtml({ title: 't', facts: [], summary, charts: [] });
    const cells = (id: number) =>
      [
        ...(new RegExp(`<tr><td>${id}</td><td>6</td>.*?</tr>`).exec(html)?.[0] ?? '').matchAll(
          /<td>([^<]*)<\/td>/g,
        ),
      ].map((match) => match[1]);
    expect(cells(0).slice(7)).toEqual(['-', '-', '-', '1', '0', '0', '-']);
    expect(cells(1).slice(7)).toEqual(['4', '2.00', '0 / 4 / 4', '1', '0', '0', '12.5']);
  });
});
