/**
 * `lamport-lab explore`: many random runs, each a scenario and a swarm of faults drawn from
 * (seed, run index), checked; the lowest-index run that breaks a rule is shrunk to a minimal
 * scenario and written with its run and a command that replays it. Options and help here; what
 * it does is in explore-action.ts, loaded when it runs.
 */
import { type Command, Option } from 'commander';
import { InputError } from '../../common/errors.js';
import type { ExitCode } from '../../common/exit-codes.js';
import { parseShard } from '../../common/shard.js';
import { countParser } from '../flag-parsers.js';
import type { CliIo } from '../io.js';
import { defaultWorkerCount, workersMax } from './experiments-options.js';
import {
  defaultRuns,
  type ExploreOptions,
  machinesMaxDefault,
  machinesMaxLeast,
  machinesMaxMost,
  parseExpect,
  parseFaultKinds,
  parseTimeSec,
  runsMax,
  seedMax,
  timeSecMax,
} from './explore-options.js';

const examples = `
Examples:
  $ lamport-lab explore                          1000 runs, seed 1, every fault kind
  $ lamport-lab explore --runs 2000 --seed 7 --out logs/explore7
  $ lamport-lab explore --time 60 --faults loss,partition,crash,restart
  $ lamport-lab explore --expect clockReset --faults crash,restart
  $ lamport-lab explore --impl --faults crash,restart -- python3 scenarios/implementations/bug_restart_forgets_clock.py
                                                 find (and shrink) a run whose clock goes down
  $ lamport-lab explore --runs 3000 --shard 2/3 --out part2    this machine's third, for merge
  $ lamport-lab explore --impl --runs 50 -- python3 scenarios/implementations/bug_stamp_before_increment.py
                                                 explore an implementation (docs/HARNESS.md)

Each run's scenario (machines 2..--machines-max, rates, p, latency, fifo, duration) and its
fault profile (a random subset of --faults, each with random parameters) depend only on
(--seed, run index), so the result is the same with any --jobs. The counterexample is the
failing run with the lowest index; coverage counts the runs up to it. Written to --out:
explore.json (settings, coverage, counterexample), and on a counterexample counterexample.json
(a scenario file for \`run\`), run/ (its logs) and run/shiviz.log. See docs/EXPLORE.md.

With --impl -- <command>: each run's machines are the implementation, driven by \`harness\`
(one after another, default 100 runs; fault-free unless --faults names kinds, which the harness
injects as run does, crash and restart as lines to the child); the first run where it fails (a
broken rule, or a harness finding: it crashed, hung, answered garbage or broke the protocol) is
shrunk and written as counterexample.json with a \`harness\` command that replays it.

Exit codes: 0 nothing found, 1 a counterexample found and written, 2 bad input, 3 an internal
error, 130 stopped by Ctrl-C (explore.json then holds the coverage so far, "interrupted": true;
a Ctrl-C while shrinking writes the counterexample shrunk as far as it got).`;

export function addExploreCommand(
  program: Command,
  io: CliIo,
  setExitCode: (code: ExitCode) => void,
): void {
  const explore = program
    .command('explore')
    .description('run many random scenarios with random faults; shrink and write the first failure')
    .option(
      '--runs <n>',
      `runs to do (1 to ${runsMax}; default ${defaultRuns})`,
      countParser(1, runsMax),
    )
    .option(
      '--time <seconds>',
      `run for this long instead (wall time, <= ${timeSecMax})`,
      parseTimeSec,
    )
    .option('--seed <n>', `seed of the exploration, 0..${seedMax}`, countParser(0, seedMax), 1)
    .addOption(
      new Option('--faults <kinds>', 'fault kinds a run may switch on: all, none or a comma list')
        .argParser(parseFaultKinds)
        .default(parseFaultKinds('all'), 'all'),
    )
    .option(
      '--machines-max <n>',
      `most machines in a run (${machinesMaxLeast} to ${machinesMaxMost})`,
      countParser(machinesMaxLeast, machinesMaxMost),
      machinesMaxDefault,
    )
    .option(
      '--expect <name>',
      'look for a run that breaks this rule (see `check --help`) or shows this expected effect',
      parseExpect,
    )
    .addOption(
      new Option('--jobs <n>', `worker threads, 1 to ${workersMax} (1: in this thread)`)
        .argParser(countParser(1, workersMax))
        .default(defaultWorkerCount(), `one per core, ${defaultWorkerCount()} here`),
    )
    .option(
      '--out <dir>',
      'output directory (default logs/explore-<seed>, tagged -<hash> by --runs, --time, --faults, --machines-max and --expect)',
    )
    .option(
      '--shard <i/n>',
      'do only shard i of n of the runs (merge them with `merge`)',
      (text: string) => parseShard(text),
    )
    .option('--force', 'replace an earlier result in --out (only files lamport-lab wrote)', false)
    .option('--quiet', 'print only the outcome, no coverage table or progress', false);
  addImplOptions(explore)
    .addHelpText('after', examples)
    .action(async (command: string[], options: ExploreImplOptions, self: Command) => {
      // With --impl, faults only when asked for: each run starts a process per machine, and an
      // implementation is first explored fault-free.
      const faultsGiven = self.getOptionValueSource('faults') === 'cli';
      setExitCode(await exploreAction(command, { ...options, faultsGiven }, io));
    });
}

/** `--impl -- <command>` (issue 21): explore an external implementation through the harness. */
function addImplOptions(command: Command): Command {
  return command
    .option(
      '--impl',
      'explore an implementation of the machine (the command after --) through the harness; fault-free unless --faults is given (docs/HARNESS.md)',
      false,
    )
    .option(
      '--timeout-ms <ms>',
      'with --impl: the longest wait for one reply of the implementation',
      countParser(1, 600_000),
      5000,
    )
    .argument('[command...]', 'with --impl: the implementation, after --');
}

type ExploreImplOptions = ExploreOptions & {
  readonly impl: boolean;
  readonly timeoutMs: number;
  /** --faults was on the command line (not its default): what --impl draws faults from. */
  readonly faultsGiven?: boolean;
};

async function exploreAction(
  command: readonly string[],
  options: ExploreImplOptions,
  io: CliIo,
): Promise<ExitCode> {
  if (options.impl) {
    const { exploreImplCommand } = await import('./explore-impl-action.js');
    return await exploreImplCommand(command, options, io);
  }
  if (command.length > 0) {
    throw new InputError(
      `[command...]: expected no command without --impl, got "${command.join(' ')}"`,
    );
  }
  const { exploreCommand } = await import('./explore-action.js');
  return await exploreCommand(options, io);
}
