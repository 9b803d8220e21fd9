/**
 * `lamport-lab experiments`: the exercise's whole set of experiments in one command. Every
 * experiment runs with K seeds on all cores; the report (REPORT.md and report.html, with figures)
 * compares clock jumps, drift and queue growth across them, measured against predicted. What
 * the command does is in experiments-action.ts, loaded when it runs.
 */
import { type Command, Option } from 'commander';
import { parseShard } from '../../common/shard.js';
import { countParser, parseNumber } from '../flag-parsers.js';
import type { CliIo } from '../io.js';
import { typedFlagsOf } from '../typed-flags.js';
import {
  defaultWorkerCount,
  type ExperimentsOptions,
  seedsMax,
  workersMax,
} from './experiments-options.js';

const examples = `
Examples:
  $ lamport-lab experiments                         all experiments, 5 seeds each, 60 s
  $ lamport-lab experiments --seeds 3 --duration 600 --out logs/exp600
  $ lamport-lab experiments --sweep                 also the rate spread x p grid, as heatmaps
  $ lamport-lab experiments --sweep --shard 2/3 --out logs/exp-2
                                                    the second third of the runs, on this machine;
                                                    then: lamport-lab merge logs/exp-1 logs/exp-2
                                                    logs/exp-3 --out logs/exp (docs/SHARDING.md)`;

export function addExperimentsCommand(program: Command, io: CliIo): void {
  program
    .command('experiments')
    .description(
      "run the exercise's experiments with several seeds on all cores and write the report",
    )
    .option('--seeds <k>', `seeds per experiment (1 to ${seedsMax})`, countParser(1, seedsMax), 5)
    .option('--duration <seconds>', 'model time of each run', parseNumber, 60)
    .option(
      '--out <dir>',
      'directory for REPORT.md, report.html, figures/ and runs/',
      'logs/experiments',
    )
    .option('--sweep', 'also sweep rate spread x internal probability and draw heatmaps', false)
    .addOption(
      new Option('--workers <n>', `worker threads, 1 to ${workersMax}`)
        .argParser(countParser(1, workersMax))
        .default(defaultWorkerCount(), `one per core, ${defaultWorkerCount()} here`),
    )
    .option('--force', 'replace an earlier report in --out (only files lamport-lab wrote)', false)
    .option(
      '--report-file <name>',
      'file name (<name>.md, no directory) of the Markdown report in --out',
      'REPORT.md',
    )
    .option('--no-keep-runs', 'delete the runs (runs/) once the report is written')
    .option(
      '--shard <i/n>',
      'run only share i of n (1-based: the jobs whose index is i-1 mod n) and write a partial result for `lamport-lab merge` instead of the report',
      (text: string) => parseShard(text),
    )
    .addHelpText('after', examples)
    .action(async (options: ExperimentsOptions, command: Command) => {
      const { runExperiments } = await import('./experiments-action.js');
      await runExperiments(options, io, typedFlagsOf(command));
    });
}
