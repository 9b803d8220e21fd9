/**
 * `lamport-lab merge` of explore shards (the merge command dispatches kind "explore" here):
 * n shard directories of one exploration become the explore.json one unsharded process would
 * have written, byte for byte. The counterexample is the lowest failing index over all shards;
 * coverage is recounted from the shards' per-run facts (runs.jsonl) up to it. Each shard ran
 * every one of its runs below its own first failure, and the lowest failure is at most that, so
 * every run counted is in some shard's file. The shard that found the lowest failure shrank it
 * and wrote its files; they are copied (shrinking is deterministic, so they are the unsharded
 * run's files too).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FaultKind } from '../../transports/fault-config.js';
import { InputError } from '../common/errors.js';
import { type ExitCode, exitCodes } from '../common/exit-codes.js';
import { parseJsonText, readJsonFile } from '../common/json-file.js';
import { checkOutApart } from '../common/shard-file.js';
import { checkNotSource } from '../logs/out-dir.js';
import {
  entriesBesidesRecord,
  firstUnowned,
  makeOwnedSubdirectory,
  writeOwnedFile,
} from '../logs/owned-files.js';
import type { TrialVerdict } from './evaluate-trial.js';
import { CoverageTally } from './explore-coverage.js';
import {
  type CounterexampleSummary,
  counterexampleFileName,
  counterexampleRunDirName,
  exploreFileName,
  exploreJsonText,
  type SettingsJson,
} from './explore-json.js';
import { checkExploreOutDir, prepareExploreOutDir, runsFileName } from './explore-output.js';
import { type ShardSpec, shardFileName } from './explore-shard.js';
import { type SituationId, situationIds } from './situations.js';

export interface MergeExploreOptions {
  /** Replace an earlier result in outDir (only files lamport-lab wrote). */
  readonly force?: boolean;
}

interface ShardPart {
  readonly dir: string;
  readonly shard: ShardSpec;
  readonly settings: SettingsJson & { readonly runs: number };
  readonly counterexample: CounterexampleSummary | null;
  readonly verdicts: readonly TrialVerdict[];
}

/**
 * Merges the shards in `shardDirs` into `outDir`. Returns 1 (a finding) when the merged
 * exploration has a counterexample, else 0; bad shards are an InputError naming the directory
 * (exit 2 at the CLI's edge).
 */
export async function mergeExplore(
  shardDirs: readonly string[],
  outDir: string,
  options: MergeExploreOptions = {},
): Promise<ExitCode> {
  const parts = shardDirs.map(readShardPart);
  checkShardSet(parts);
  // --force could empty a shard that --out holds or sits in; the shards stay as they were.
  checkOutApart(outDir, parts);
  const first = parts[0] as ShardPart;
  const found = lowestCounterexample(parts);
  const limit = found === null ? first.settings.runs : found.counterexample.index + 1;
  const tally = new CoverageTally(first.settings.faultKinds as FaultKind[], situationIds);
  for (const verdict of countedVerdicts(parts, limit)) tally.add(verdict);
  const { runs, ...settings } = first.settings;
  const text = exploreJsonText({
    settings,
    runs,
    shard: null,
    coverage: tally.coverage(),
    counterexample: found?.counterexample ?? null,
    interrupted: false,
  });
  // With --force the shard's own files would be removed before they were copied.
  for (const part of parts) checkNotSource(outDir, part.dir, '--out');
  // What is copied must be what the shard wrote, checked before --out is touched.
  const runFiles = found === null ? [] : counterexampleRunFiles(found.dir);
  checkExploreOutDir(outDir, options.force === true);
  prepareExploreOutDir(outDir, options.force === true);
  if (found !== null) copyCounterexample(found.dir, runFiles, outDir);
  writeOwnedFile(join(outDir, exploreFileName), text);
  return found === null ? exitCodes.ok : exitCodes.finding;
}

function readShardPart(dir: string): ShardPart {
  const shardFile = asObject(readJsonFile(join(dir, shardFileName)), join(dir, shardFileName));
  const label = join(dir, shardFileName);
  if (shardFile.kind !== 'explore') {
    throw new InputError(
      `${label}: expected "kind": "explore", got ${JSON.stringify(shardFile.kind)}`,
    );
  }
  const shard = asObject(shardFile.shard, `${label}: shard`);
  const settings = asObject(shardFile.settings, `${label}: settings`);
  const exploreLabel = join(dir, exploreFileName);
  const explore = asObject(readJsonFile(exploreLabel), exploreLabel);
  if (explore.interrupted === true) {
    throw new InputError(
      `${exploreLabel}: expected a finished shard, got one stopped by Ctrl-C; run it again`,
    );
  }
  return {
    dir,
    shard: {
      index: wholeAt(shard.index, `${label}: shard.index`),
      count: wholeAt(shard.count, `${label}: shard.count`),
    },
    settings: {
      seed: wholeAt(settings.seed, `${label}: settings.seed`),
      faultKinds: settings.faultKinds as string[],
      machinesMax: wholeAt(settings.machinesMax, `${label}: settings.machinesMax`),
      expect: (settings.expect ?? null) as string | null,
      runs: wholeAt(settings.runs, `${label}: settings.runs`),
    },
    counterexample: (explore.counterexample ?? null) as CounterexampleSummary | null,
    verdicts: readVerdicts(join(dir, runsFileName)),
  };
}

/** Shards 1..n of one exploration, each exactly once, with the same settings. */
function checkShardSet(parts: readonly ShardPart[]): void {
  if (parts.length === 0) throw new InputError('merge: expected shard directories, got none');
  const first = parts[0] as ShardPart;
  const settingsText = JSON.stringify(first.settings);
  const seen = new Set<number>();
  for (const part of parts) {
    if (JSON.stringify(part.settings) !== settingsText) {
      throw new InputError(
        `${part.dir}: expected the settings of ${first.dir} (${settingsText}), got ${JSON.stringify(part.settings)}`,
      );
    }
    if (part.shard.count !== first.shard.count) {
      throw new InputError(
        `${part.dir}: expected a shard of ${first.shard.count}, got ${part.shard.index}/${part.shard.count}`,
      );
    }
    if (seen.has(part.shard.index)) {
      throw new InputError(
        `${part.dir}: expected each shard once, got shard ${part.shard.index}/${part.shard.count} again`,
      );
    }
    seen.add(part.shard.index);
  }
  for (let index = 1; index <= first.shard.count; index += 1) {
    if (!seen.has(index)) {
      throw new InputError(
        `merge: expected shards 1..${first.shard.count}, got no shard ${index}/${first.shard.count}`,
      );
    }
  }
}

function lowestCounterexample(
  parts: readonly ShardPart[],
): { readonly dir: string; readonly counterexample: CounterexampleSummary } | null {
  let lowest: { dir: string; counterexample: CounterexampleSummary } | null = null;
  for (const part of parts) {
    const found = part.counterexample;
    if (found !== null && (lowest === null || found.index < lowest.counterexample.index)) {
      lowest = { dir: part.dir, counterexample: found };
    }
  }
  return lowest;
}

/** Runs 0..limit-1 from all shards, in index order; each must be there exactly once. */
function countedVerdicts(parts: readonly ShardPart[], limit: number): TrialVerdict[] {
  const byIndex = new Array<TrialVerdict | undefined>(limit);
  for (const part of parts) {
    for (const verdict of part.verdicts) {
      if (verdict.index < limit) byIndex[verdict.index] = verdict;
    }
  }
  return byIndex.map((verdict, index) => {
    if (verdict === undefined) {
      throw new InputError(
        `merge: expected run ${index} in one shard's ${runsFileName}, got it in none`,
      );
    }
    return verdict;
  });
}

function readVerdicts(path: string): TrialVerdict[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new InputError(`${path}: no such file; expected the shard's per-run facts`);
  }
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line, index) => {
      const where = `${path}:${index + 1}`;
      const row = asObject(parseJsonText(line, where), where);
      return {
        index: wholeAt(row.index, `${where}: index`),
        events: wholeAt(row.events, `${where}: events`),
        machines: wholeAt(row.machines, `${where}: machines`),
        faults: wholeAt(row.faults, `${where}: faults`),
        found: (row.found ?? null) as string | null,
        where: (row.where ?? null) as string | null,
        violation: (row.violation ?? null) as string | null,
        detail: (row.detail ?? null) as string | null,
        fired: asObject(row.fired, `${where}: fired`) as TrialVerdict['fired'],
        situations: (row.situations ?? []) as SituationId[],
      };
    });
}

/**
 * The files of the counterexample's run/ in the shard that found it, each one the shard wrote
 * (an edited or added file, or a directory, is refused in one line naming it), and its
 * counterexample.json the same.
 */
function counterexampleRunFiles(fromDir: string): string[] {
  const unownedScenario = firstUnowned(fromDir, [counterexampleFileName]);
  if (unownedScenario !== null) {
    throw new InputError(
      `${join(fromDir, counterexampleFileName)}: expected the file the shard wrote, got ${unownedScenario.why}`,
    );
  }
  const source = join(fromDir, counterexampleRunDirName);
  const names = entriesBesidesRecord(source).sort();
  const unowned = firstUnowned(source, names);
  if (unowned !== null) {
    throw new InputError(
      `${join(source, unowned.name)}: expected a file the shard wrote, got ${unowned.why}`,
    );
  }
  return names;
}

/** counterexample.json and run/ (`runFiles`, as they are), from the shard that found it. */
function copyCounterexample(fromDir: string, runFiles: readonly string[], outDir: string): void {
  writeOwnedFile(
    join(outDir, counterexampleFileName),
    readFileSync(join(fromDir, counterexampleFileName)),
  );
  const source = join(fromDir, counterexampleRunDirName);
  const target = makeOwnedSubdirectory(outDir, counterexampleRunDirName, '--out');
  for (const name of runFiles) writeOwnedFile(join(target, name), readFileSync(join(source, name)));
}

function asObject(value: unknown, label: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InputError(`${label}: expected a JSON object, got ${JSON.stringify(value)}`);
  }
  return value as Record<string, unknown>;
}

function wholeAt(value: unknown, label: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new InputError(`${label}: expected a whole number >= 0, got ${JSON.stringify(value)}`);
  }
  return value;
}
