/**
 * `explore --impl -- <command>` (issue 21): explore's runs evaluated by the harness, with an
 * external implementation as the machines, instead of the built-in model; and the first failing
 * run shrunk by the same fast-check shrinker as shrink-trial.ts (an async property, since each run
 * waits for child processes). A run fails when the harness reports a finding about the child
 * (`harness:<kind>`: it crashed, hung, answered garbage, or did not do what its queue or the roll
 * said) or when `check` finds a rule broken in its logs (the rule's id).
 *
 * With faults when the settings name kinds: the harness injects them as `run` does.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { assert } from '../../core/index.js';
import { executeHarness } from '../harness/harness-run.js';
import { checkTrialRun, resolveTrial, trialTempRoot } from './evaluate-trial.js';
import type { ExploreSettings } from './explore-settings.js';
import { type TrialScenario, trialArbitrary, trialSeed } from './trial-arbitrary.js';

export interface ImplTarget {
  readonly command: readonly string[];
  readonly timeoutMs: number;
}

export interface ImplVerdict {
  readonly index: number;
  readonly events: number;
  readonly machines: number;
  /** `harness:<kind>` or a broken rule's id; null when the run passed. */
  readonly found: string | null;
  readonly detail: string | null;
  /** The failed machine's last stderr lines (empty when the run passed or check found it). */
  readonly stderrTail: readonly string[];
  /** The harness's finding came before every child answered `init`. */
  readonly beforeReady: boolean;
}

/** Run `index`'s scenario with the implementation, into a temporary directory removed after. */
export async function evaluateImplTrial(
  scenario: TrialScenario,
  index: number,
  target: ImplTarget,
): Promise<ImplVerdict> {
  const resolved = resolveTrial(scenario, index);
  const dir = mkdtempSync(join(trialTempRoot(), 'lamport-lab-explore-impl-'));
  try {
    const harnessed = await executeHarness(
      {
        scenario: resolved,
        outDir: dir,
        force: true,
        command: target.command,
        timeoutMs: target.timeoutMs,
      },
      () => false,
    );
    const base = {
      index,
      events: harnessed.outcome.manifest.events,
      machines: resolved.machines,
      stderrTail: harnessed.stderrTail,
      beforeReady: harnessed.beforeReady,
    };
    const finding = harnessed.finding;
    if (finding !== null) {
      const at = `machine ${finding.machineId} at ${finding.timeUs / 1e6} s`;
      return { ...base, found: `harness:${finding.kind}`, detail: `${at}: ${finding.detail}` };
    }
    const report = checkTrialRun(dir);
    const first = report.violations[0];
    if (first === undefined) return { ...base, found: null, detail: null };
    return { ...base, found: first.rule, detail: `${first.where}: ${first.message}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface ImplShrinkResult {
  readonly originalVerdict: ImplVerdict;
  readonly minimal: TrialScenario;
  readonly minimalVerdict: ImplVerdict;
  readonly shrinkSteps: number;
  readonly trialsRun: number;
}

/** Run `index` (a failing one) shrunk to a smallest scenario failing the same way. */
export async function shrinkImplTrial(
  settings: ExploreSettings,
  index: number,
  originalVerdict: ImplVerdict,
  target: ImplTarget,
): Promise<ImplShrinkResult> {
  const found = originalVerdict.found;
  assert(found !== null, `run ${index} is a counterexample to shrink`);
  const outcomes = new Map<string, boolean>();
  let trialsRun = 0;
  const stillFails = async (scenario: TrialScenario): Promise<boolean> => {
    const key = JSON.stringify(scenario);
    const known = outcomes.get(key);
    if (known !== undefined) return known;
    trialsRun += 1;
    const fails = (await evaluateImplTrial(scenario, index, target)).found === found;
    outcomes.set(key, fails);
    return fails;
  };
  const details = await fc.check(
    fc.asyncProperty(trialArbitrary(settings), async (scenario) => !(await stillFails(scenario))),
    { seed: trialSeed(settings.seed, index), numRuns: 1 },
  );
  const shrunk = details.counterexample?.[0];
  assert(details.failed && shrunk !== undefined, `run ${index} fails again under fc.check`);
  const pruned = await withoutIdleFaults(shrunk, stillFails);
  const minimal = pruned.scenario;
  const minimalVerdict = await evaluateImplTrial(minimal, index, target);
  const shrinkSteps = details.numShrinks + pruned.removed;
  return { originalVerdict, minimal, minimalVerdict, shrinkSteps, trialsRun };
}

type FaultEntry = NonNullable<TrialScenario['faults']>[number];

/**
 * fast-check shrinks an array by dropping its first items, then each item toward its smallest:
 * a fault listed before the one that matters is dropped, but one listed after it only shrinks
 * (to a crash of machine 0 at 0 s restarted 1 ms later, say) and stays. So each fault, or crash
 * with the restart it is drawn with (dropping one of them alone breaks the scenario's rules), is
 * tried away once, last first, and stays away when the run still fails the same way.
 */
async function withoutIdleFaults(
  scenario: TrialScenario,
  stillFails: (scenario: TrialScenario) => Promise<boolean>,
): Promise<{ scenario: TrialScenario; removed: number }> {
  let current = scenario;
  let removed = 0;
  const units = faultUnits(scenario.faults ?? []);
  for (let unit = units.length - 1; unit >= 0; unit -= 1) {
    const kept = units.filter((_, at) => at !== unit).flat();
    const { faults: _faults, ...withoutFaults } = current;
    const candidate = kept.length === 0 ? withoutFaults : { ...withoutFaults, faults: kept };
    if (await stillFails(candidate)) {
      current = candidate;
      units.splice(unit, 1);
      removed += 1;
    }
  }
  return { scenario: current, removed };
}

/** The faults in list order, a crash and the restart of its machine right after it as one. */
function faultUnits(faults: readonly FaultEntry[]): FaultEntry[][] {
  const units: FaultEntry[][] = [];
  for (let at = 0; at < faults.length; at += 1) {
    const fault = faults[at] as FaultEntry;
    const next = faults[at + 1];
    const paired =
      fault.kind === 'crash' && next?.kind === 'restart' && next.machine === fault.machine;
    units.push(paired ? [fault, next] : [fault]);
    if (paired) at += 1;
  }
  return units;
}
