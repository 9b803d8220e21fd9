/**
 * Sim vs real: a TCP run and a virtual run of the same scenario cannot match byte for byte, but
 * their distributions should. This puts the clock-jump distributions side by side with a
 * two-sample Kolmogorov-Smirnov test, and queue growth and drift per machine next to each other.
 */
import { assert } from '../../core/index.js';
import type { RunAnalysis } from '../analysis/analyze-run.js';

export interface KsTest {
  readonly samplesBefore: number;
  readonly samplesAfter: number;
  /** Largest gap between the two empirical distribution functions. */
  readonly statistic: number;
  /** Asymptotic p-value (conservative for integer data such as jumps). */
  readonly pValue: number;
}

export interface Conformance {
  readonly jumps: KsTest;
  readonly machines: readonly {
    readonly id: number;
    readonly jumpMean: readonly [number, number];
    readonly queueGrowthPerSec: readonly [number, number];
    readonly driftMax: readonly [number, number];
  }[];
  /** The jump distributions differ at the 1 % level. */
  readonly differs: boolean;
}

type Histogram = readonly { readonly jump: number; readonly count: number }[];

function mergedJumps(analysis: RunAnalysis): Map<number, number> {
  const counts = new Map<number, number>();
  for (const machine of analysis.machines) {
    for (const { jump, count } of machine.jumps.histogram as Histogram)
      counts.set(jump, (counts.get(jump) ?? 0) + count);
  }
  return counts;
}

export function ksTwoSample(before: Map<number, number>, after: Map<number, number>): KsTest {
  const total = (counts: Map<number, number>) =>
    [...counts.values()].reduce((sum, value) => sum + value, 0);
  const n = total(before);
  const m = total(after);
  const values = [...new Set([...before.keys(), ...after.keys()])].sort((a, b) => a - b);
  let cumulativeBefore = 0;
  let cumulativeAfter = 0;
  let statistic = 0;
  for (const value of values) {
    cumulativeBefore += before.get(value) ?? 0;
    cumulativeAfter += after.get(value) ?? 0;
    const gap = Math.abs(
      (n === 0 ? 0 : cumulativeBefore / n) - (m === 0 ? 0 : cumulativeAfter / m),
    );
    statistic = Math.max(statistic, gap);
  }
  if (n === 0 || m === 0) return { samplesBefore: n, samplesAfter: m, statistic, pValue: 1 };
  const effective = Math.sqrt((n * m) / (n + m));
  const lambda = (effective + 0.12 + 0.11 / effective) * statistic;
  return { samplesBefore: n, samplesAfter: m, statistic, pValue: kolmogorovTail(lambda) };
}

/** Q(λ) = 2 Σ_{k>=1} (-1)^{k-1} e^{-2k²λ²}, the tail of the Kolmogorov distribution. */
function kolmogorovTail(lambda: number): number {
  if (lambda < 0.2) return 1;
  let sum = 0;
  for (let k = 1; k <= 100; k += 1) {
    const term = 2 * (-1) ** (k - 1) * Math.exp(-2 * k * k * lambda * lambda);
    sum += term;
    if (Math.abs(term) < 1e-12) break;
  }
  return Math.min(1, Math.max(0, sum));
}

/** The two runs must have the same machines (compare refuses others first, naming both counts). */
export function conformance(before: RunAnalysis, after: RunAnalysis): Conformance {
  assert(
    before.machines.length === after.machines.length,
    'conformance of runs with different machine counts',
  );
  const jumps = ksTwoSample(mergedJumps(before), mergedJumps(after));
  const machines = before.machines.map((machine, index) => {
    const other = after.machines[index] as RunAnalysis['machines'][number];
    return {
      id: machine.id,
      jumpMean: [machine.jumps.mean, other.jumps.mean] as const,
      queueGrowthPerSec: [machine.queue.growthPerSec, other.queue.growthPerSec] as const,
      driftMax: [machine.drift.max, other.drift.max] as const,
    };
  });
  return { jumps, machines, differs: jumps.pValue < 0.01 };
}
