/**
 * What `explore` prints: what it is about to do, the coverage table, the sizes of the
 * counterexample before and after shrinking with the command that replays it, and runs/s and
 * events/s, which are printed only (on stderr), never written: they depend on the machine.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { consequenceEffects } from '../../check/consequences.js';
import { commandToType, shellWord } from '../../common/command-to-type.js';
import { countText } from '../../common/number-text.js';
import { renderTable } from '../../common/text-table.js';
import type { TrialVerdict } from '../../explore/evaluate-trial.js';
import type { ExploreCoverage } from '../../explore/explore-coverage.js';
import {
  type CounterexampleSummary,
  counterexampleRunDirName,
  type ExploreResult,
  shivizFileName,
  type TrialSize,
} from '../../explore/explore-json.js';
import type { ExploreLimit, ExploreOutcome } from '../../explore/explore-run.js';
import {
  type ExploreSettings,
  expectTargetName,
  faultKindsAll,
} from '../../explore/explore-settings.js';
import type { ShardSpec } from '../../explore/explore-shard.js';
import { situationTitles } from '../../explore/situations.js';

interface Announced {
  readonly settings: ExploreSettings;
  readonly limit: ExploreLimit;
  readonly shard: ShardSpec | null;
  readonly out: string;
  readonly jobs: number;
}

export function announceText({ settings, limit, shard, out, jobs }: Announced): string {
  const amount = limit.kind === 'runs' ? runsText(limit.runs) : `runs for ${limit.timeSec} s`;
  const share =
    shard === null
      ? ''
      : ` (shard ${shard.index}/${shard.count}: every ${shard.count}th from run ${shard.index - 1})`;
  const kinds =
    settings.faultKinds.length === 0
      ? 'none'
      : settings.faultKinds.length === faultKindsAll.length
        ? 'every kind'
        : settings.faultKinds.join(',');
  const target =
    settings.expect === null
      ? 'any must-hold rule broken'
      : `--expect ${expectTargetName(settings.expect)}`;
  return (
    `explore: seed ${settings.seed}, ${amount}${share} on ${jobs} ${jobs === 1 ? 'thread' : 'worker threads'}; ` +
    `faults ${kinds}; 2..${settings.machinesMax} machines; looking for ${target}; into ${out}\n`
  );
}

export function coverageText(coverage: ExploreCoverage): string {
  const kinds = Object.keys(coverage.faultsFired);
  const faultTable =
    kinds.length === 0
      ? 'no fault kinds switched on'
      : renderTable(
          ['fault kind', 'fired', 'runs with it'],
          kinds.map((kind) => [
            kind,
            coverage.faultsFired[kind] ?? 0,
            coverage.runsWithFault[kind] ?? 0,
          ]),
        );
  const situationTable = renderTable(
    ['situation', 'runs', 'what'],
    Object.entries(coverage.situations).map(([id, runs]) => [
      id,
      runs,
      situationTitles[id as keyof typeof situationTitles] ?? '',
    ]),
  );
  return (
    `coverage of ${runsText(coverage.runs)} (${coverage.events.toLocaleString('en-US')} events):\n\n` +
    `${faultTable}\n\n${situationTable}\n\n`
  );
}

function runsText(count: number): string {
  return `${count} run${count === 1 ? '' : 's'}`;
}

function sizeText(size: TrialSize): string {
  return `${countText(size.machines, 'machine')}, ${countText(size.events, 'event')}, ${countText(size.faults, 'fault')}`;
}

export function counterexampleText(
  found: CounterexampleSummary,
  shrunk: {
    readonly shrinkSteps: number;
    readonly detail: string | null;
    /** A Ctrl-C stopped the shrinking: the minimal is as far as it got. */
    readonly interrupted?: boolean;
  },
  out: string,
): string {
  const { shrinkSteps, detail } = shrunk;
  const how =
    shrunk.interrupted === true
      ? `shrinking stopped by Ctrl-C after ${shrinkSteps} steps (the smallest found so far)`
      : `shrunk in ${shrinkSteps} steps`;
  const runDir = join(out, counterexampleRunDirName);
  const shiviz = join(runDir, shivizFileName);
  const where = found.where === null ? '' : `, first at ${join(runDir, found.where)}`;
  // An --expect target that is a consequence of a fault (clockReset, fifoBroken) fails a check
  // only with --strict: without it the replay said OK.
  const strict = Object.hasOwn(consequenceEffects, found.found) ? ' --strict' : '';
  return (
    `counterexample: run ${found.index} breaks ${found.found}; ${how}${where}\n` +
    (detail === null ? '' : `  ${detail}\n`) +
    `  original: ${sizeText(found.original)}\n` +
    `  minimal:  ${sizeText(found.minimal)}\n` +
    `wrote ${join(out, found.scenario)} and ${runDir}/${existsSync(shiviz) ? ` with ${shiviz}` : ''}\n` +
    `replay: ${commandToType(`run ${shellWord(join(out, found.scenario))} --out ${shellWord(join(out, 'replay'))} --check${strict}`)}\n`
  );
}

export function nothingFoundText(result: ExploreResult, out: string): string {
  const file = join(out, 'explore.json');
  if (result.interrupted) {
    return `explore: stopped after ${runsText(result.coverage.runs)}, nothing found; coverage so far in ${file}\n`;
  }
  const target =
    result.settings.expect === null
      ? 'every must-hold rule held'
      : `no run met --expect ${result.settings.expect}`;
  return `no counterexample in ${runsText(result.coverage.runs)}: ${target}; wrote ${file}\n`;
}

/** Printed only: a function of the machine and its load, not of the exploration. */
export function speedText(outcome: ExploreOutcome, wallSec: number): string {
  const perSec = (count: number) =>
    wallSec > 0 ? Math.round(count / wallSec).toLocaleString('en-US') : '-';
  return (
    `explore: ${runsText(outcome.runsEvaluated)} (${outcome.eventsEvaluated.toLocaleString('en-US')} events) ` +
    `in ${wallSec.toFixed(1)} s: ${perSec(outcome.runsEvaluated)} runs/s, ${perSec(outcome.eventsEvaluated)} events/s\n`
  );
}

/**
 * With --expect, a run that broke a must-hold rule without meeting the target is no
 * counterexample of this exploration, but a bug worth telling: the first one counted.
 */
export function strayViolationText(
  verdicts: readonly TrialVerdict[],
  expect: string | null,
): string {
  if (expect === null) return '';
  const stray = verdicts.find((verdict) => verdict.found === null && verdict.violation !== null);
  if (stray === undefined) return '';
  return (
    `note: run ${stray.index} broke the must-hold rule ${stray.violation} while looking for --expect ${expect}` +
    `${stray.detail === null ? '' : ` (${stray.detail})`}; explore without --expect finds and shrinks such a run\n`
  );
}
