/**
 * No text output prints "NaN" or "Infinity": a statistic without a value reads "-". The text and
 * HTML renderings of an analysis and of a comparison are fed summaries whose numbers may be any
 * double, including NaN and ±Infinity.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatAnalysis } from '../../../src/analysis/analysis-text.js';
import type { MachineAnalysis, RunAnalysis } from '../../../src/analysis/analyze-run.js';
import { reportHtml } from '../../../src/analysis/report-html.js';
import { formatComparison } from '../../../src/cli/commands/regress-action.js';
import {
  fixedText,
  numberText,
  percentText,
  secondsText,
} from '../../../src/common/number-text.js';

const anyNumber = fc.oneof(
  fc.double(),
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY),
);

function machineWith(id: number, value: number): MachineAnalysis {
  return {
    id,
    rateHz: value,
    events: { internal: value, send: value, receive: value, total: value },
    ticksPerSec: value,
    finalClock: value,
    clockUnitsPerSec: value,
    jumps: {
      count: value,
      max: value,
      mean: value,
      p50: value,
      p90: value,
      p99: value,
      histogram: [],
    },
    drift: { max: value, final: value, growthPerSec: value },
    queue: { max: value, mean: value, final: value, growthPerSec: value, verdict: 'stable' },
    delayMs: { count: value, mean: value, p99: value, max: value },
    predicted: {
      id,
      rateHz: value,
      arrivalsPerSec: value,
      actionsPerSec: value,
      busyFraction: value,
      verdict: 'growing',
      queueGrowthPerSec: value,
    },
    growthRelativeDifference: value,
    secondsToJudgeGrowth: value,
  };
}

function summaryWith(value: number): RunAnalysis {
  return {
    runDir: 'logs/x',
    mode: 'virtual',
    durationSec: value,
    internalProbability: value,
    machines: [machineWith(0, value), machineWith(1, value)],
  };
}

describe('numbers as text', () => {
  it('prints "-" for a number without a finite value', () => {
    for (const value of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      expect(fixedText(value, 2)).toBe('-');
      expect(numberText(value)).toBe('-');
      expect(percentText(value, 1)).toBe('-');
    }
    expect(fixedText(1.005, 1)).toBe('1.0');
    expect(percentText(0.25, 1)).toBe('+25.0 %');
  });

  it('rounds seconds to the millisecond without trailing zeros', () => {
    expect(secondsText(4.400435)).toBe('4.4');
    expect(secondsText(60)).toBe('60');
    expect(secondsText(2.0005)).toBe('2.001');
  });

  it('never lets NaN or Infinity into analyze, report or compare output', () => {
    fc.assert(
      fc.property(anyNumber, (value) => {
        const summary = summaryWith(value);
        const texts = [
          formatAnalysis(summary),
          reportHtml({ title: 'r', facts: [], summary, charts: [] }),
          formatComparison({
            before: 'a',
            after: 'b',
            tolerance: 0,
            same: false,
            changes: [
              { metric: 'm', before: value, after: value, change: value, beyondTolerance: true },
            ],
          }),
        ];
        for (const text of texts) expect(text).not.toMatch(/NaN|Infinity/);
      }),
      {
        numRuns: 50,
        examples: [[Number.NaN], [Number.POSITIVE_INFINITY], [Number.NEGATIVE_INFINITY], [1e308]],
      },
    );
  });
});
