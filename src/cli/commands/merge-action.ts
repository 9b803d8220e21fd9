/** What `lamport-lab merge` does (its options are in merge-command.ts). */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { assertNever } from '../../../core/index.js';
import { InputError } from '../../common/errors.js';
import { type ExitCode, exitCodes } from '../../common/exit-codes.js';
import {
  checkShardSet,
  readShardFile,
  type ShardDir,
  shardFileName,
} from '../../common/shard-file.js';
import { mergeExperiments } from '../../experiments/merge.js';
import { firstUnowned, ownedRecordFileName } from '../../logs/owned-files.js';
import type { CliIo } from '../io.js';
import type { MergeOptions } from './merge-options.js';

/** Merges the shards in `dirs` by their kind; every directory is checked before --out is touched. */
export async function runMerge(
  dirs: readonly string[],
  options: MergeOptions,
  io: CliIo,
): Promise<ExitCode> {
  const shards = checkShardSet(dirs.map((dir): ShardDir => ({ dir, file: readShardFile(dir) })));
  for (const shard of shards) refuseChangedResults(shard.dir);
  const kind = (shards[0] as ShardDir).file.kind;
  switch (kind) {
    case 'experiments': {
      const merged = mergeExperiments(shards, { out: options.out, force: options.force });
      const reportFile = String((shards[0] as ShardDir).file.settings.reportFile);
      io.stdout.write(
        `merged ${shards.length} shard${shards.length === 1 ? '' : 's'}: wrote ${join(options.out, reportFile)} and report.html (${merged.experiments} experiments, ${merged.runs} runs)\n`,
      );
      return exitCodes.ok;
    }
    case 'explore': {
      // The explore command's own module, loaded only for explore shards.
      const { mergeExplore } = await import('../../explore/explore-merge.js');
      // 1 when the merged exploration has a counterexample, as `explore` itself would exit.
      const code = await mergeExplore(
        shards.map((shard) => shard.dir),
        options.out,
        { force: options.force },
      );
      const found =
        code === exitCodes.finding
          ? `, and the counterexample with the lowest run index (${join(options.out, 'counterexample.json')}, run/)`
          : ': no counterexample';
      io.stdout.write(
        `merged ${shards.length} shard${shards.length === 1 ? '' : 's'}: wrote ${join(options.out, 'explore.json')}${found}\n`,
      );
      return code;
    }
    default:
      return assertNever(kind, 'shard kind');
  }
}

/** The files a shard's result is merged from (shard.json and its partial result, by kind). */
const shardResultFiles = [shardFileName, 'shard-results.jsonl', 'explore.json', 'runs.jsonl'];

/**
 * Each result file of a shard must be the one the shard wrote (its sha256 in the shard's
 * record of lamport-lab's files): an edited line would otherwise merge into a wrong report,
 * exit 0, where an edited run file is already refused.
 */
function refuseChangedResults(dir: string): void {
  // A shard lamport-lab wrote has its record; without one there is nothing to hold files to.
  if (!existsSync(join(dir, ownedRecordFileName))) return;
  const present = shardResultFiles.filter((name) => existsSync(join(dir, name)));
  const changed = firstUnowned(dir, present);
  if (changed !== null) {
    throw new InputError(
      `${join(dir, changed.name)}: expected the file the shard wrote, got ${changed.why}`,
    );
  }
}
