/**
 * explore's output directory: checked before any run (nothing of the user's is ever replaced;
 * with --force only what lamport-lab wrote), then written at the end: explore.json, and for a
 * counterexample its scenario file, its run directory (the normal virtual run of it), that run's
 * ShiViz file; for a shard also shard.json and runs.jsonl, the facts `merge` recounts from.
 */
import { existsSync, lstatSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { assert } from '../../core/index.js';
import { writeSummary } from '../analysis/summary-file.js';
import { InputError } from '../common/errors.js';
import { exportRun } from '../export/export-run.js';
import {
  entriesBesidesRecord,
  firstUnowned,
  makeOwnedDirectory,
  makeOwnedSubdirectory,
  refusalToReplace,
  removeOwnedFiles,
  unownedWithin,
  writeOwnedFile,
} from '../logs/owned-files.js';
import { executeRun } from '../run/virtual-run.js';
import { resolveScenario } from '../scenario/resolve.js';
import { scenarioSchema } from '../scenario/schema.js';
import type { TrialVerdict } from './evaluate-trial.js';
import {
  counterexampleFileName,
  counterexampleRunDirName,
  exploreFileName,
  shivizFileName,
} from './explore-json.js';
import { shardFileName } from './explore-shard.js';
import type { TrialScenario } from './trial-arbitrary.js';

export const runsFileName = 'runs.jsonl';

/** Every file explore may write at the top of --out. */
const topFileNames = [exploreFileName, counterexampleFileName, shardFileName, runsFileName];

/**
 * --out may receive the result: new or empty, or with --force nothing of the user's where a file
 * or the run directory goes. Changes nothing.
 */
export function checkExploreOutDir(out: string, force: boolean, flag = '--out'): void {
  if (!existsSync(out)) return;
  if (!statSync(out).isDirectory()) {
    throw new InputError(`${flag} ${out}: expected a directory, got a file`);
  }
  if (entriesBesidesRecord(out).length === 0) return;
  if (!force) {
    throw new InputError(
      `${flag} ${out}: the directory is not empty; expected an empty or new directory ` +
        '(pass --force to replace the explore result in it, or choose another with --out)',
    );
  }
  const refuse = (name: string, why: string) =>
    refusalToReplace(`${flag} ${out}: ${name}`, why, 'move');
  const top = firstUnowned(out, topFileNames);
  if (top !== null) throw refuse(top.name, top.why);
  // Unfollowed: through a link, the run would be written into the user's directory.
  const stats = lstatSync(join(out, counterexampleRunDirName), { throwIfNoEntry: false });
  if (stats !== undefined && !stats.isDirectory()) {
    throw refuse(counterexampleRunDirName, 'a file or link, where lamport-lab makes a directory');
  }
  const left = unownedWithin(out, counterexampleRunDirName);
  if (left.length > 0) throw refuse(left[0] as string, 'something lamport-lab did not write');
}

/** Makes --out, or with --force removes what lamport-lab wrote in it. Call after the check. */
export function prepareExploreOutDir(out: string, force: boolean, flag = '--out'): void {
  makeOwnedDirectory(out, flag);
  if (force) removeOwnedFiles(out);
}

export function writeExploreFile(out: string, name: string, text: string): void {
  writeOwnedFile(join(out, name), text);
}

/** runs.jsonl: one verdict a line, in index order, keys in a fixed order. */
export function runsJsonlText(verdicts: readonly TrialVerdict[]): string {
  return verdicts
    .map(
      (verdict) =>
        `${JSON.stringify({
          index: verdict.index,
          events: verdict.events,
          machines: verdict.machines,
          faults: verdict.faults,
          found: verdict.found,
          where: verdict.where,
          violation: verdict.violation,
          detail: verdict.detail,
          fired: verdict.fired,
          situations: verdict.situations,
        })}\n`,
    )
    .join('');
}

/**
 * The minimal counterexample: its scenario file, and its run directory as `run` writes it, with
 * the run's ShiViz file. The run's manifest names its source as `counterexample.json` (relative
 * to --out), so a shard's copy and an unsharded run's are the same bytes. Returns notes for what
 * could not be made: a counterexample may be a run lamport-lab itself cannot read back (rule 0,
 * the manifest), and then its summary or export is refused; the logs stay, to be looked at.
 */
export async function writeCounterexample(out: string, scenario: TrialScenario): Promise<string[]> {
  writeOwnedFile(join(out, counterexampleFileName), `${JSON.stringify(scenario, null, 2)}\n`);
  const parsed = scenarioSchema.safeParse(scenario);
  assert(parsed.success, 'a trial scenario is valid by construction');
  const file = parsed.data;
  assert(file.seed !== undefined, 'a trial scenario carries its seed, so that it replays');
  const loaded = { source: counterexampleFileName, name: file.name ?? 'counterexample', file };
  const runDir = makeOwnedSubdirectory(out, counterexampleRunDirName, '--out');
  const outcome = await executeRun({
    scenario: resolveScenario(loaded, file.seed),
    outDir: runDir,
    force: false,
    analyze: file.faults === undefined || file.faults.length === 0,
    analysisSeries: false,
  });
  const notes: string[] = [];
  const attempt = async (what: string, make: () => unknown): Promise<void> => {
    try {
      await make();
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      notes.push(`note: ${what} not written: ${error.message}\n`);
    }
  };
  await attempt(join(runDir, 'summary.json'), async () => {
    const analysis =
      outcome.analysis ?? (await import('../analysis/analyze-run.js')).analyzeRun(runDir);
    const note = writeSummary(runDir, analysis.summary);
    if (note !== null) notes.push(note);
  });
  await attempt(join(runDir, shivizFileName), () =>
    exportRun(runDir, { format: 'shiviz', outPath: join(runDir, shivizFileName) }),
  );
  return notes;
}
