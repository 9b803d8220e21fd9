/** `check` and `analyze` in the caller's process, their findings returned as data. */
import type { AnalysisResult } from '../analysis/run-analyzer.js';
import type { RunEvent } from './events.js';
import { notBuiltYet } from './not-built.js';
import type { SimulateResult } from './simulate.js';

/** A run directory's path, or a run made by `simulate`. */
export type RunSource = string | SimulateResult;

export interface CheckOptions {
  /** Findings kept in the result (all are counted). */
  readonly maxFindings?: number;
  /** A run with faults fails on their consequences too (as `check --strict`). */
  readonly strict?: boolean;
}

/** A broken rule. */
export interface Finding {
  /** The rule's name, as `lamport-lab check --help` lists it. */
  readonly rule: string;
  /** `machine-1.csv:57`, or the file for run-wide rules. */
  readonly where: string;
  readonly expected: string;
  readonly found: string;
  readonly message: string;
}

/** A rule a fault broke, as expected, with its cause. */
export interface FaultConsequence {
  readonly rule: string;
  readonly where: string;
  /** The fault that broke it. */
  readonly cause: string;
  readonly message: string;
}

export interface CheckResult {
  readonly ok: boolean;
  readonly events: number;
  readonly checks: number;
  readonly findings: readonly Finding[];
  readonly findingCounts: Readonly<Record<string, number>>;
  readonly consequences: readonly FaultConsequence[];
  readonly notes: readonly string[];
}

/** What `lamport-lab analyze --json` prints. */
export type Analysis = AnalysisResult;

/** Checks a run against Lamport's rules, as `lamport-lab check` does. */
export function checkRun(
  _source: RunSource | readonly RunEvent[],
  _options: CheckOptions = {},
): CheckResult {
  return notBuiltYet('checkRun');
}

/** Analyses a run, as `lamport-lab analyze` does. */
export function analyzeRun(_source: RunSource): Analysis {
  return notBuiltYet('analyzeRun');
}
