/** `check` and `analyze` in the caller's process, their findings returned as data. */
import { analyzeRunInput } from '../analysis/analyze-run.js';
import type { RunAnalysis } from '../analysis/run-analyzer.js';
import { checkMaxErrorsDefault, checkRunInput } from '../check/check-run.js';
import { consequenceCauseText } from '../check/report-text.js';
import type { RunEvent } from './events.js';
import { isEventList, readingRunSource, runInputOf } from './run-source.js';
import type { RunSourceError } from './run-source-error.js';
import type { SimulateResult } from './simulate.js';

/** A run directory's path, or a run made by `simulate`. */
export type RunSource = string | SimulateResult;

/** How {@link checkRun} checks: `lamport-lab check`'s `--max-errors` and `--strict`. */
export interface CheckOptions {
  /** Findings kept in the result (all are counted); default 20, as `--max-errors`. */
  readonly maxFindings?: number | undefined;
  /** A run with faults fails on their consequences too (as `check --strict`). */
  readonly strict?: boolean | undefined;
}

/** A broken rule. */
export interface Finding {
  /** The rule's name, as `lamport-lab check --help` lists it. */
  readonly rule: string;
  /** `machine-1.csv:57`, or the file for run-wide rules. */
  readonly where: string;
  /** What the rule expected there. */
  readonly expected: string;
  /** What the run has instead. */
  readonly found: string;
  /** What is broken, in words. */
  readonly message: string;
}

/**
 * What a fault broke, by the name `check --help` lists, `check --json` prints and
 * `explore --expect` takes: `clockReset` (a reset restart set a clock back to 0),
 * `clockCorrupted`, `clockInflated`, `clockDeflated`, `fifoBroken`.
 */
export type FaultEffect =
  | 'clockReset'
  | 'clockCorrupted'
  | 'clockInflated'
  | 'clockDeflated'
  | 'fifoBroken';

/** A rule a fault broke, as expected, with its cause. */
export interface FaultConsequence {
  /** What the fault did: `clockReset`, as `check --json` and `explore --expect` name it. */
  readonly effect: FaultEffect;
  /** The rule that would otherwise report it, as `check --help` lists it. */
  readonly rule: string;
  /** The first place it shows: `machine-1.csv:41`. */
  readonly where: string;
  /** The fault behind it, as `check` prints it: `restart of machine 1 at 30000 ms (fault 0, faults.csv:3)`. */
  readonly cause: string;
  /** What broke, how far. */
  readonly message: string;
  /** How many events (or sends, or receives) it reached. */
  readonly count: number;
}

/** What {@link checkRun} found: `lamport-lab check --json`'s report as data. */
export interface CheckResult {
  /** Every rule holds (with `strict`, and no fault had consequences): `check`'s exit code 0. */
  readonly ok: boolean;
  /** Events (log rows) checked. */
  readonly events: number;
  /** Rule checks made. */
  readonly checks: number;
  /** The broken rules, the first `maxFindings` of them, in the order found. */
  readonly findings: readonly Finding[];
  /** Per rule, how many findings (all of them, kept or not). */
  readonly findingCounts: Readonly<Record<string, number>>;
  /** What the run's injected faults broke, as expected: not findings unless `strict`. */
  readonly consequences: readonly FaultConsequence[];
  /** What could not be checked, and why (and whether the scenario was re-run). */
  readonly notes: readonly string[];
}

/** What `lamport-lab analyze --json` prints (a run's summary.json holds the same without `runDir`). */
export type Analysis = RunAnalysis;

/**
 * Checks a run against Lamport's rules, as `lamport-lab check` does, and returns what it finds
 * as data.
 *
 * - A run directory: exactly `lamport-lab check <dir>` (the same verdict, findings and notes).
 * - A SimulateResult: checked in memory, no file written: its events are the logs the run would
 *   write (byte for byte), its manifest is manifest.json, so the findings are those the CLI finds
 *   in the run written to disk, named as it names them (`machine-1.csv:57`). A run with faults
 *   costs one more run in memory: its faults.csv, which the result does not carry, is made again
 *   from the manifest's scenario and seed.
 * - Bare events (no manifest): the rules the events alone allow (per machine, receives, each
 *   message received at most once by its addressee, the clock condition, total order); `notes`
 *   lists those that need a manifest and were not applied.
 *
 * A virtual run's scenario is re-run in memory up to 1,000,000 events, as `check` does by default.
 * A run that cannot be read (no such directory, a log row that is not the format, an
 * inconsistent manifest, an event without a field it needs) throws a {@link RunSourceError}
 * whose message is the CLI's line without its `lamport-lab: ` prefix.
 *
 * @example
 * ```ts
 * import { bundledScenario, checkRun, simulate } from 'lamport-lab';
 *
 * const result = checkRun(simulate(bundledScenario('A1'), { seed: 1 }));
 * if (!result.ok) for (const f of result.findings) console.log(`${f.where}: ${f.rule}: ${f.message}`);
 * ```
 */
export function checkRun(
  source: RunSource | readonly RunEvent[],
  options: CheckOptions = {},
): CheckResult {
  const maxFindings = options.maxFindings ?? checkMaxErrorsDefault;
  if (!Number.isSafeInteger(maxFindings) || maxFindings < 1) {
    throw new RangeError(
      `maxFindings: expected an integer 1 or more, got ${String(options.maxFindings)}`,
    );
  }
  const report = readingRunSource(source, (checked) =>
    checkRunInput(runInputOf(checked), {
      maxErrors: maxFindings,
      rerun: 'auto',
      strict: options.strict === true,
    }),
  );
  return {
    ok: report.ok,
    events: report.events,
    checks: report.checks,
    findings: report.violations.map(({ rule, where, expected, found, message }) => ({
      rule,
      where,
      expected,
      found,
      message,
    })),
    findingCounts: { ...report.violationCounts },
    consequences: (report.faults?.consequences ?? []).map((consequence) => ({
      // Typed apart from check's ConsequenceEffect so the public types reach no checker file;
      // a new effect there fails to compile here until it is named above.
      effect: consequence.effect,
      rule: consequence.rule,
      where: consequence.where,
      cause: consequenceCauseText(consequence.cause),
      message: consequence.message,
      count: consequence.count,
    })),
    notes: isEventList(source) ? eventsAloneNotes : report.notes,
  };
}

/** What a check of events alone cannot apply, and why (in place of a run directory's notes). */
const eventsAloneNotes: readonly string[] = [
  'events alone (no manifest): rule 0 manifest not applied: no rows, sha256 or figures to compare the events with, no scenario to re-run',
  "events alone: the tick schedule (row times against the machines' rates) is not checked: the rates are not known",
  'events alone: rule 4 fifo not applied: whether the network promised FIFO channels is not known',
  'events alone: rule 3 conservation checks only that each message is received at most once, by an addressee: copies never received cannot be held to what was queued or in flight at the end',
  'events alone: there is no fault list: what faults do (a restart row, a copy received twice, a clock that goes down) is a finding, as in a run without faults, and rules 9 partition and 10 faultEvidence are not applied',
];

/**
 * Analyses a run as `lamport-lab analyze --json` does and returns that object: a run directory
 * (nothing is written into it, unlike the CLI's summary.json), or a SimulateResult analysed in
 * memory, which gives the same object but for `runDir` (`(in memory)`).
 *
 * @throws {@link RunSourceError} when the run cannot be read, as {@link checkRun}.
 */
export function analyzeRun(source: RunSource): Analysis {
  return readingRunSource(
    source,
    (checked) => analyzeRunInput(runInputOf(checked), { rerun: 'auto' }).summary,
  );
}
