/**
 * `lamport-lab merge <dirs...> --out DIR`: the partial results of the shards of one run
 * (`experiments --shard i/n`, `explore --shard i/n`) combined into exactly what one unsharded
 * process would have written. What it does is in merge-action.ts, loaded when it runs.
 */
import type { Command } from 'commander';
import type { ExitCode } from '../../common/exit-codes.js';
import type { CliIo } from '../io.js';
import type { MergeOptions } from './merge-options.js';

const examples = `
Examples:
  $ lamport-lab experiments --seeds 3 --shard 1/3 --out logs/exp-1      (on host1)
  $ lamport-lab experiments --seeds 3 --shard 2/3 --out logs/exp-2      (on host2)
  $ lamport-lab experiments --seeds 3 --shard 3/3 --out logs/exp-3      (on host3)
  $ lamport-lab merge logs/exp-1 logs/exp-2 logs/exp-3 --out logs/exp
        the same REPORT.md, report.html, figures/ and runs/, byte for byte, as
        lamport-lab experiments --seeds 3 --out logs/exp

Each directory must hold a finished shard (its shard.json is written last); all of one run:
the same kind and settings, shards 1..n each exactly once, in any order. Recipes for CI
matrices, GNU parallel, Kubernetes and Slurm: docs/SHARDING.md.

Explore shards merge into explore.json and, when a shard found one, the counterexample with the
lowest run index (its files copied):
  $ lamport-lab explore --runs 3000 --shard 1/2 --out logs/ex-1   (and --shard 2/2 --out logs/ex-2)
  $ lamport-lab merge logs/ex-1 logs/ex-2 --out logs/ex

Exit codes: 0 merged, 1 merged explore shards hold a counterexample (as explore exits), 2 a
directory is not part of one complete set of shards, or --out cannot receive the result.`;

export function addMergeCommand(
  program: Command,
  io: CliIo,
  setExitCode: (code: ExitCode) => void,
): void {
  program
    .command('merge')
    .description(
      "combine the shards' partial results (--shard i/n) into the output of one unsharded run",
    )
    .argument('<dirs...>', "the shards' output directories (each with its shard.json)")
    .requiredOption('--out <dir>', 'directory for the merged output (new or empty)')
    .option(
      '--force',
      'replace an earlier merged output in --out (only files lamport-lab wrote)',
      false,
    )
    .addHelpText('after', examples)
    .action(async (dirs: string[], options: MergeOptions) => {
      const { runMerge } = await import('./merge-action.js');
      setExitCode(await runMerge(dirs, options, io));
    });
}
