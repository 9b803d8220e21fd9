/**
 * The command-line program, built on commander. It never exits the process: it returns the exit
 * code, so tests can run it in-process. Its codes are the table of common/exit-codes.ts, which
 * `--help` prints: 0 ok, 1 a finding, 2 bad input or a refusal by the system (a full disk, a
 * place it will not write), 3 an internal error (a bug), 130 interrupted.
 *
 * The command modules imported here hold only options and help: each loads what it does
 * (`*-action.ts`, the simulator, the checker, zod's schemas) when it runs. Loading all of it
 * took ~0.2 s of every start, `--help` included; zod alone is ~65 ms (it loads 60 locales).
 */
import { Command, CommanderError } from 'commander';
// The assertion module alone: the whole core (a dozen modules) is not needed to report a bug.
import { InvariantError } from '../../core/assert.js';
import { ChildFailedError, exitCodeOf, InputError, systemErrorCode } from '../common/errors.js';
import { type ExitCode, exitCodes, exitCodesHelp } from '../common/exit-codes.js';
import { toolVersion } from '../common/paths.js';
import { UnfinishedOutputError } from '../common/unfinished-output.js';
import { addAnalyzeCommand } from './commands/analyze-command.js';
import { addCheckCommand } from './commands/check-command.js';
import { addExperimentsCommand } from './commands/experiments-command.js';
import { addExploreCommand } from './commands/explore-command.js';
import { addExportCommand } from './commands/export-command.js';
import { addHarnessCommand } from './commands/harness-command.js';
import { addImportCommand } from './commands/import-command.js';
import { addMachineCommand } from './commands/machine-command.js';
import { addMergeCommand } from './commands/merge-command.js';
import { addPlotCommands } from './commands/plot-command.js';
import { addRegressCommands } from './commands/regress-commands.js';
import { addRunCommand } from './commands/run-command.js';
import { addScenariosCommand } from './commands/scenarios-command.js';
import { addViewCommand } from './commands/view-command.js';
import type { CliIo } from './io.js';
import { sourceMappedStack } from './source-mapped-stack.js';
import { recordTypedFlags } from './typed-flags.js';
import { oneLine, usageErrorText } from './usage-errors.js';

const examples = `
Examples:
  $ lamport-lab run                           run the default scenario, logs in logs/default-seed<seed>/
  $ lamport-lab run A2 --seed 7               seed 003's trial A2 with another seed
  $ lamport-lab check logs/default-seed42     verify a run's logs against Lamport's rules
  $ lamport-lab analyze logs/default-seed42   jumps, drift, queue growth vs the model
  $ lamport-lab view logs/default-seed42      an interactive space-time viewer (view.html)
  $ lamport-lab scenarios                     list the bundled scenarios
  $ lamport-lab run --help                    every option of a run

${exitCodesHelp()}`;

export async function runCli(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  let exitCode: ExitCode = exitCodes.ok;
  const program = new Command('lamport-lab')
    .description(
      'Scale models and logical clocks: simulate machines with Lamport clocks, reproducibly.',
    )
    .version(toolVersion, '-V, --version', 'print the version')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      // Said by sayUsageErrors instead, which knows the error's code and its command.
      outputError: () => {},
    })
    .showSuggestionAfterError()
    .addHelpText('after', examples)
    .hook('preAction', (_program, command) => refuseEmptyValues(command));
  addRunCommand(program, io, (code) => {
    exitCode = code;
  });
  addScenariosCommand(program, io);
  addCheckCommand(program, io, (code) => {
    exitCode = code;
  });
  addMachineCommand(program, io, (code) => {
    exitCode = code;
  });
  addAnalyzeCommand(program, io);
  addPlotCommands(program, io);
  addExperimentsCommand(program, io);
  addMergeCommand(program, io, (code) => {
    exitCode = code;
  });
  addRegressCommands(program, io, (code) => {
    exitCode = code;
  });
  addExportCommand(program, io, (code) => {
    exitCode = code;
  });
  addExploreCommand(program, io, (code) => {
    exitCode = code;
  });
  addViewCommand(program, io, (code) => {
    exitCode = code;
  });
  addImportCommand(program, io, (code) => {
    exitCode = code;
  });
  addHarnessCommand(program, io, (code) => {
    exitCode = code;
  });
  recordTypedFlags(program);
  sayUsageErrors(program, io);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    return exitCodeFor(error, io);
  }
}

/**
 * No option or argument of ours means anything when empty, and some took it for "here":
 * `run --out ''` wrote into the working directory past the not-empty check, `check ''` said
 * ": no such run directory". Refused before any action runs, naming the flag.
 */
function refuseEmptyValues(command: Command): void {
  const values = command.opts();
  for (const option of command.options) {
    const value: unknown = values[option.attributeName()];
    if (value === '' || (Array.isArray(value) && value.includes(''))) {
      throw new InputError(`${option.long ?? option.flags}: expected a value, got an empty string`);
    }
  }
  command.registeredArguments.forEach((argument, index) => {
    const value: unknown = command.processedArgs[index];
    if (value === '' || (Array.isArray(value) && value.includes(''))) {
      throw new InputError(`<${argument.name()}>: expected a value, got an empty string`);
    }
  });
}

/**
 * Usage errors become one line in the program's own voice, like every other input error: each
 * command (subcommands too) words its errors by their code, naming its own options and arguments.
 */
function sayUsageErrors(command: Command, io: CliIo): void {
  command.exitOverride((error) => {
    const text = usageErrorText(error, command);
    if (text !== null) io.stderr.write(`lamport-lab: ${text}\n`);
    throw error;
  });
  for (const subcommand of command.commands) sayUsageErrors(subcommand, io);
}

/**
 * An error that reached the edge, in the user's words, and its exit code: bad input in one
 * line (2), a bug with its stack (3). cli.ts uses it for what escapes runCli too (an error in a
 * callback), which Node would otherwise end with its own code 1, a finding's code.
 */
export function exitCodeFor(error: unknown, io: CliIo): ExitCode {
  if (error instanceof CommanderError) {
    // Commander already printed what was needed. --help and --version end with exit code 0;
    // help shown because a command was missing, and every usage error, are bad input.
    return error.exitCode === 0 ? exitCodes.ok : exitCodes.input;
  }
  if (error instanceof UnfinishedOutputError) {
    // The bug as any other, then what it left behind: last, where a reader's eye ends.
    const exitCode = exitCodeFor(error.cause, io);
    io.stderr.write(`lamport-lab: ${error.message}\n`);
    return exitCode;
  }
  if (error instanceof InputError || error instanceof ChildFailedError) {
    io.stderr.write(`lamport-lab: ${error.message}\n`);
    return exitCodeOf(error);
  }
  if (systemErrorCode(error) !== null) {
    // A disk full or a file that cannot be opened mid-run: the system's words name the file.
    io.stderr.write(`lamport-lab: ${oneLine((error as Error).message)}\n`);
    return exitCodes.input;
  }
  const what =
    error instanceof InvariantError ? 'internal error (a bug in lamport-lab)' : 'internal error';
  const detail =
    error instanceof Error ? sourceMappedStack(error.stack ?? error.message) : String(error);
  io.stderr.write(`lamport-lab: ${what}:\n${detail}\n`);
  return exitCodes.internal;
}
