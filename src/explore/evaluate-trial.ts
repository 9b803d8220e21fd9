/**
 * One run of `explore` (issue 19): a trial scenario run in virtual time, exactly as `run` would
 * run it (scenario validation, resolution, the virtual driver, the logs, faults.csv and the
 * manifest), its files made in memory (trial-run.ts), then checked by the real checker.
 * The verdict says whether it is a counterexample, and what coverage it adds.
 */
import { accessSync, constants } from 'node:fs';
import { tmpdir } from 'node:os';
import { sep } from 'node:path';
import type { CausalityStats } from '../../core/index.js';
import type { FaultConfig, FaultKind } from '../../transports/fault-config.js';
import type { RunConfig } from '../../transports/run-config.js';
import type { MachineStep } from '../../transports/virtual/simulation.js';
import { type CheckReport, checkRunInput } from '../check/check-run.js';
import type { Violation } from '../check/rules.js';
import { InputError } from '../common/errors.js';
import { type Manifest, manifestFileName } from '../logs/manifest.js';
import { type RunInput, runInputInMemory, runInputOfDir } from '../logs/run-input.js';
import { resolveScenario, type ResolvedScenario } from '../scenario/resolve.js';
import { type ExploreSettings, type ExpectTarget, expectTargetName } from './explore-settings.js';
import { SituationWatch } from './situation-watch.js';
import type { SituationId } from './situations.js';
import type { TrialScenario } from './trial-arbitrary.js';
import { trialRunInMemory, trialRunLabel } from './trial-run.js';

export interface TrialVerdict {
  readonly index: number;
  readonly events: number;
  readonly machines: number;
  /** Entries in the scenario's fault list. */
  readonly faults: number;
  /**
   * The counterexample's rule: the first must-hold RuleId broken, or with --expect the target's
   * name when it shows. null: the run is no counterexample.
   */
  readonly found: string | null;
  /** Where `found` first shows (file:line), for the message; null when nothing was found. */
  readonly where: string | null;
  /**
   * The first must-hold rule broken, whatever --expect says (null: every rule held): with
   * --expect a run may break another rule, which is a bug worth telling too.
   */
  readonly violation: string | null;
  /** What `found` (or else `violation`) says in words: the violation's or the check's message. */
  readonly detail: string | null;
  /** Coverage: the actions (faults.csv rows) of the faults of each kind that fired. */
  readonly fired: Partial<Record<FaultKind, number>>;
  /** Coverage: the notable situations the run reached, in situationIds order. */
  readonly situations: readonly SituationId[];
}

export interface TrialDeps {
  /** A broken machine step (tests: test/helpers/broken-step.ts); default the core's tick. */
  readonly step?: MachineStep;
  /**
   * Tests: the fault list the DRIVER runs instead of the scenario's, while the manifest,
   * faults.csv's names and check keep the scenario's: a broken driver. A driver that delivers
   * across partitions is the scenario's partitions with every machine in one group.
   */
  readonly driverFaults?: (faults: readonly FaultConfig[]) => readonly FaultConfig[];
}

/**
 * Where `explore --impl`'s runs go (the harness writes its files): memory-backed /dev/shm where
 * there is one (Linux), else the system's temporary directory. On a disk the file system calls
 * were a third of a trial's time.
 */
export function trialTempRoot(): string {
  try {
    accessSync(shmDir, constants.W_OK);
    return shmDir;
  } catch {
    return tmpdir();
  }
}

const shmDir = '/dev/shm';

/** Violations kept per run: enough to find the first of an --expect rule behind others. */
const violationsKept = 50;

export function evaluateTrial(
  scenario: TrialScenario,
  index: number,
  settings: ExploreSettings,
  deps: TrialDeps = {},
): TrialVerdict {
  const resolved = resolveTrial(scenario, index);
  const durationUs = Math.round(resolved.durationSec * 1e6);
  const watch = new SituationWatch(resolved.machines, durationUs, resolved.faults ?? []);
  const trial = trialRunInMemory(
    resolved,
    {
      ...(deps.step === undefined ? {} : { step: deps.step }),
      observer: watch.events,
      faultObserver: watch.faultActions,
      ...(deps.driverFaults === undefined ? {} : { driverConfig: driverConfigOf(deps) }),
    },
    'unhashed',
  );
  const report = checkTrialInput(() => runInputInMemory(trialRunLabel, trial.memory));
  watch.addConsequences(report.faults?.consequences ?? []);
  const first = report.violations[0];
  const found = foundIn(report, settings.expect);
  return {
    index,
    events: trial.manifest.events,
    machines: resolved.machines,
    faults: resolved.faults?.length ?? 0,
    found: found.found,
    where: found.where,
    violation: first?.rule ?? null,
    detail: found.detail ?? (first === undefined ? null : violationText(first)),
    fired: firedByKind(trial.manifest),
    situations: watch.reached(),
  };
}

/**
 * `check` of the trial's run directory. The re-run would only repeat the run just made: the logs
 * are checked rule by rule. A run whose own files `check` cannot read (a manifest the run wrote
 * wrong) breaks rule 0 (manifest): it is reported as that, not as the explorer failing.
 */
export function checkTrialRun(dir: string): CheckReport {
  return checkTrialInput(() => runInputOfDir(dir), dir);
}

/**
 * checkTrialRun of a run's files however they are held: a run directory or a trial's run in
 * memory, named `label`. The input is made inside the try: reading its manifest may refuse it.
 */
function checkTrialInput(inputOf: () => RunInput, label = trialRunLabel): CheckReport {
  try {
    return checkRunInput(inputOf(), {
      maxErrors: violationsKept,
      rerun: 'never',
    });
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    const violation: Violation = {
      rule: 'manifest',
      where: manifestFileName,
      message: `check cannot read the run's own files: ${error.message.replaceAll(`${label}${sep}`, '')}`,
      expected: 'files check reads',
      found: 'refused',
    };
    return unreadableReport(label, violation);
  }
}

function violationText(violation: Violation): string {
  return `${violation.where}: ${violation.message} (expected ${violation.expected}, found ${violation.found})`;
}

/**
 * The scenario resolved as `run` resolves it once its loader has validated it. Not validated
 * here: the arbitrary makes valid scenarios only (by construction; a property test runs them
 * through the validator), and the validator changes nothing in a valid one that resolving reads
 * (no defaults or transforms; the only difference is a new object, keys in the schema's order,
 * and a resolved trial is the same either way, key order included: trial-arbitrary.test.ts).
 * Validating each trial's scenario again was a twentieth of its time. The counterexample that is
 * written out is validated with the run made of it (explore-output.ts).
 */
export function resolveTrial(scenario: TrialScenario, index: number): ResolvedScenario {
  const loaded = { source: `explore run ${index}`, name: `explore-${index}`, file: scenario };
  return resolveScenario(loaded, scenario.seed ?? 0);
}

function driverConfigOf(deps: TrialDeps): (config: RunConfig) => RunConfig {
  return (config) => ({ ...config, faults: deps.driverFaults?.(config.faults) ?? config.faults });
}

/** The counterexample in a check's report: any must-hold violation, or the --expect target. */
function foundIn(
  report: CheckReport,
  expect: ExpectTarget | null,
): Pick<TrialVerdict, 'found' | 'where' | 'detail'> {
  if (expect === null) {
    const first = report.violations[0];
    return { found: first?.rule ?? null, where: first?.where ?? null, detail: null };
  }
  const consequences = report.faults?.consequences ?? [];
  const met =
    expect.kind === 'rule'
      ? (report.violations.find((violation) => violation.rule === expect.rule) ??
        consequences.find((consequence) => consequence.rule === expect.rule))
      : consequences.find((consequence) => consequence.effect === expect.effect);
  if (met !== undefined) {
    return { found: expectTargetName(expect), where: met.where, detail: met.message };
  }
  // A rule broken beyond the violations kept is still broken; its place is not known.
  const counted = expect.kind === 'rule' && (report.violationCounts[expect.rule] ?? 0) > 0;
  return counted
    ? {
        found: expectTargetName(expect),
        where: `beyond the first ${violationsKept} violations`,
        detail: null,
      }
    : { found: null, where: null, detail: null };
}

/** The manifest's fired count of each fault, summed by kind; kinds that never fired left out. */
function firedByKind(manifest: Manifest): Partial<Record<FaultKind, number>> {
  const fired: Partial<Record<FaultKind, number>> = {};
  for (const fault of manifest.faults ?? []) {
    if (fault.fired === 0) continue;
    fired[fault.kind] = (fired[fault.kind] ?? 0) + fault.fired;
  }
  return fired;
}

/** The report of a run `check` could not read: that one violation, nothing else counted. */
function unreadableReport(runDir: string, violation: Violation): CheckReport {
  return {
    runDir,
    ok: false,
    mode: 'virtual',
    events: 0,
    checks: 0,
    messages: {
      sent: 0,
      received: 0,
      notReceived: 0,
      queuedAtEnd: null,
      inFlightAtEnd: null,
      undeliverable: null,
      lostWithFailure: 0,
    },
    fifoChecked: false,
    violationCounts: { manifest: 1 },
    violations: [violation],
    causality: emptyCausality,
    notes: [],
  };
}

const emptyCausality: CausalityStats = {
  events: 0,
  longestChain: 0,
  orderedPairs: 0,
  concurrentPairs: 0,
  lamportOrderedConcurrentPairs: 0,
  equalClockPairs: 0,
  method: 'exact',
  vectorMachines: 0,
};
