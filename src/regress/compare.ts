/**
 * Comparing two runs (or a run and a baseline): every log hash must be equal, every metric within
 * the relative tolerance. The result lists what changed, so a failure says where to look.
 */
import type { RunMetrics } from './metrics.js';

export interface MetricChange {
  readonly metric: string;
  readonly before: number | string | null;
  readonly after: number | string | null;
  /** Relative change, or null when it does not apply (a hash, a missing metric). */
  readonly change: number | null;
  readonly beyondTolerance: boolean;
}

export interface Comparison {
  readonly before: string;
  readonly after: string;
  readonly tolerance: number;
  readonly same: boolean;
  readonly changes: readonly MetricChange[];
}

export function compareMetrics(
  before: RunMetrics,
  after: RunMetrics,
  tolerance: number,
): Comparison {
  const changes: MetricChange[] = [];
  const files = [...new Set([...Object.keys(before.hashes), ...Object.keys(after.hashes)])].sort();
  for (const file of files) {
    const left = before.hashes[file] ?? null;
    const right = after.hashes[file] ?? null;
    if (left !== right) {
      changes.push({
        metric: `sha256 ${file}`,
        before: left,
        after: right,
        change: null,
        beyondTolerance: true,
      });
    }
  }
  const names = [...new Set([...Object.keys(before.metrics), ...Object.keys(after.metrics)])];
  for (const metric of names) {
    const left = before.metrics[metric];
    const right = after.metrics[metric];
    if (left === undefined || right === undefined) {
      changes.push({
        metric,
        before: left ?? null,
        after: right ?? null,
        change: null,
        beyondTolerance: true,
      });
      continue;
    }
    if (left === right) continue;
    const change = left === 0 ? Number.POSITIVE_INFINITY : (right - left) / Math.abs(left);
    changes.push({
      metric,
      before: left,
      after: right,
      change,
      beyondTolerance: Math.abs(change) > tolerance,
    });
  }
  return {
    before: before.label,
    after: after.label,
    tolerance,
    same: changes.every((change) => !change.beyondTolerance),
    changes,
  };
}
