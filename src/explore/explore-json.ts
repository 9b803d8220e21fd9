/**
 * explore.json: the written result of an exploration. Canonical (keys in a fixed order, 2-space
 * JSON, a trailing newline) and free of anything timing-dependent (no wall time, no runs/s), so
 * two runs of the same settings give the same bytes whatever --jobs, and `merge` of shards can
 * reproduce them exactly. The one exception is `runs` under --time: the count done.
 */
import type { ExploreCoverage } from './explore-coverage.js';
import { type ExploreSettings, expectTargetName } from './explore-settings.js';
import type { ShardSpec } from './explore-shard.js';

export const exploreFileName = 'explore.json';
export const counterexampleFileName = 'counterexample.json';
/** The counterexample's run directory (its logs, manifest, summary and ShiViz file). */
export const counterexampleRunDirName = 'run';
export const shivizFileName = 'shiviz.log';

/** A run's size, as the output compares the original and the minimal counterexample. */
export interface TrialSize {
  readonly machines: number;
  readonly events: number;
  readonly faults: number;
}

export interface CounterexampleSummary {
  readonly index: number;
  readonly found: string;
  readonly where: string | null;
  readonly original: TrialSize;
  readonly minimal: TrialSize;
  /** The minimal scenario's file, relative to the output directory. */
  readonly scenario: string;
}

/** explore.json's settings: ExploreSettings with --expect by its name. */
export interface SettingsJson {
  readonly seed: number;
  readonly faultKinds: readonly string[];
  readonly machinesMax: number;
  readonly expect: string | null;
}

export interface ExploreResult {
  readonly settings: SettingsJson;
  /** Runs asked for (--runs), or with --time the runs done. */
  readonly runs: number;
  readonly shard: ShardSpec | null;
  readonly coverage: ExploreCoverage;
  readonly counterexample: CounterexampleSummary | null;
  /** Stopped by Ctrl-C: coverage holds the runs done until then. */
  readonly interrupted: boolean;
}

export function settingsJson(settings: ExploreSettings): SettingsJson {
  return {
    seed: settings.seed,
    faultKinds: [...settings.faultKinds],
    machinesMax: settings.machinesMax,
    expect: settings.expect === null ? null : expectTargetName(settings.expect),
  };
}

/** A copy with the keys in the file's order (merge reads them back from shards' files). */
function settingsInOrder(settings: SettingsJson): SettingsJson {
  return {
    seed: settings.seed,
    faultKinds: [...settings.faultKinds],
    machinesMax: settings.machinesMax,
    expect: settings.expect,
  };
}

/**
 * The file's text. Objects are rebuilt key by key: the order is the format's, not whatever
 * order the caller's objects happen to have. `interrupted` appears only when true, so a
 * finished exploration's file is the format's canonical example exactly.
 */
export function exploreJsonText(result: ExploreResult): string {
  const { coverage, counterexample: found } = result;
  const file = {
    kind: 'explore',
    version: 1,
    settings: settingsInOrder(result.settings),
    runs: result.runs,
    shard: result.shard === null ? null : { index: result.shard.index, count: result.shard.count },
    coverage: {
      runs: coverage.runs,
      events: coverage.events,
      faultsFired: coverage.faultsFired,
      runsWithFault: coverage.runsWithFault,
      situations: coverage.situations,
    },
    counterexample:
      found === null
        ? null
        : {
            index: found.index,
            found: found.found,
            where: found.where,
            original: sizeJson(found.original),
            minimal: sizeJson(found.minimal),
            scenario: found.scenario,
          },
    ...(result.interrupted ? { interrupted: true } : {}),
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}

function sizeJson(size: TrialSize): TrialSize {
  return { machines: size.machines, events: size.events, faults: size.faults };
}
