/**
 * `lamport-lab harness [options] -- <command...>`: run someone's machine implementation, one
 * process per machine, against the seeded virtual network (docs/HARNESS.md). What it does is in
 * harness-action.ts, loaded when the command runs.
 */
import { type Command, InvalidArgumentError } from 'commander';
import type { ExitCode } from '../../common/exit-codes.js';
import { defaultScenarioName } from '../../common/paths.js';
import type { CliIo } from '../io.js';
import { typedFlagsOf } from '../typed-flags.js';
import type { HarnessOptions } from './harness-options.js';
import { addFaultFlagOptions, addScenarioValueOptions } from './run-command.js';

/** A reply slower than this is a hung child (a finding): 5 s unless --timeout-ms says. */
export const defaultReplyTimeoutMs = 5000;
const timeoutMsMax = 600_000;

const examples = `
Examples:
  $ lamport-lab harness -- python3 scenarios/implementations/correct.py
  $ lamport-lab harness --scenario A2 --seed 7 -- node scenarios/implementations/correct.mjs
  $ lamport-lab harness --rates 1,2,6 --duration 30 --out logs/mine --force -- ./my-machine --verbose
  $ lamport-lab harness --timeout-ms 500 -- python3 scenarios/implementations/bug_stamp_before_increment.py
  $ lamport-lab harness --scenario every-fault -- python3 scenarios/implementations/correct.py
  $ lamport-lab harness --crash 1@5 --restart 1@8:persisted --loss 0.1 -- node scenarios/implementations/correct.mjs
  $ lamport-lab check logs/harness-default-seed42        check it again, or analyze, report, plot

Each machine of the scenario is one process of <command...>, speaking JSON lines on its stdin and
stdout (docs/HARNESS.md has the protocol with a complete exchange); its stderr goes to
machine-<id>.stderr.txt in the run directory. Time, the network and the die are lamport-lab's,
so a correct implementation writes the logs \`run\` writes for the same scenario and seed, byte
for byte, faults.csv included: the scenario's faults and the fault flags are run's, decided by
the same seeded machinery; crash and restart are lines to the child (docs/HARNESS.md). The run
directory (default logs/harness-<scenario>-seed<seed>, with a tag of the flags that change the
scenario as run's has) is then checked as \`check\` would. At most 64 machines.

Exit codes: 0 the implementation kept every rule, 1 a finding (a broken rule, or a child that
crashed, hung, answered garbage or an oversized line, or did not do what the roll or its queue
said: its last stderr lines are shown), 2 bad input (a flag, the scenario, a command that cannot
be started), 130 interrupted.`;

function timeoutParser(text: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || value < 1 || value > timeoutMsMax) {
    throw new InvalidArgumentError(
      `expected a whole number of ms from 1 to ${timeoutMsMax}, got "${text}"`,
    );
  }
  return value;
}

export function addHarnessCommand(
  program: Command,
  io: CliIo,
  setExitCode: (code: ExitCode) => void,
): void {
  const harness = program
    .command('harness')
    .description("run an implementation of the machine (any language) as the scenario's machines")
    .argument('<command...>', 'the implementation to start once per machine, after --')
    .option(
      '--scenario <name>',
      'a bundled scenario name (see `lamport-lab scenarios`) or a JSON file',
      defaultScenarioName,
    );
  addFaultFlagOptions(addScenarioValueOptions(harness))
    .option('--out <dir>', 'directory for the run (default logs/harness-<scenario>-seed<seed>)')
    .option('--force', 'replace an earlier run in a non-empty --out directory', false)
    .option(
      '--timeout-ms <ms>',
      'longest wait for one reply before the child counts as hung',
      timeoutParser,
      defaultReplyTimeoutMs,
    )
    .option('--no-check', 'do not check the logs after the run')
    .addHelpText('after', examples)
    .action(async (command: string[], options: HarnessOptions, self: Command) => {
      const { harnessCommand } = await import('./harness-action.js');
      setExitCode(await harnessCommand(command, options, io, typedFlagsOf(self)));
    });
}
