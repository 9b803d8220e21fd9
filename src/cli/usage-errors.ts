/**
 * Commander's usage errors in the house form, `<what>: expected ..., got ...`, one line: an
 * unknown option, a missing or extra argument, a required option left out. Commander's own words
 * ("too many arguments for 'check'. Expected 1 argument but got 2.") were the one kind of bad
 * input that did not say what was expected and what came. Each error is worded by its code
 * (CommanderError.code) for the command it came from, whose options and arguments name what
 * was expected.
 */

import type { Command, CommanderError } from 'commander';
import { commandToType } from '../common/command-to-type.js';

/** Codes of commander's that are no error: help or the version, printed as asked. */
const notErrors = new Set(['commander.help', 'commander.helpDisplayed', 'commander.version']);

/** The line for `error` (without "lamport-lab: "), or null when it is help or the version. */
export function usageErrorText(error: CommanderError, command: Command): string | null {
  if (notErrors.has(error.code)) return null;
  const message = oneLine(error.message.replace(/^error: /, ''));
  const said = /^(.*?)\s*\(Did you mean (.*)\?\)$/.exec(message);
  const text = said?.[1] ?? message;
  const suggestion = said === null ? '' : `; did you mean ${said[2]}?`;
  return `${wordedByCode(error.code, text, command)}${suggestion}`;
}

function wordedByCode(code: string, text: string, command: Command): string {
  const quoted = /'([^']*)'/.exec(text)?.[1] ?? '';
  const where = commandPath(command);
  switch (code) {
    case 'commander.unknownOption':
      return `${quoted}: expected an option of ${where} (${helpCommand(where)} lists them), got an unknown option`;
    case 'commander.unknownCommand':
      return `<command>: expected a command of lamport-lab (${commandToType('--help')} lists them), got "${quoted}"`;
    case 'commander.excessArguments': {
      const got = /but got (\d+)/.exec(text)?.[1] ?? '?';
      const names = command.registeredArguments.map((argument) => `<${argument.name()}>`);
      const expected =
        names.length === 0
          ? 'no argument'
          : `${names.length} argument${names.length === 1 ? '' : 's'} (${names.join(' ')})`;
      const what = command.parent === null ? where : where.replace(/^\S+ /, '');
      return `${what}: expected ${expected}, got ${got} (${helpCommand(where)})`;
    }
    case 'commander.missingArgument': {
      const argument = command.registeredArguments.find((each) => each.name() === quoted);
      const what = argument?.description ? argument.description : 'a value';
      return `<${quoted}>: expected ${what}, got nothing (${helpCommand(where)})`;
    }
    case 'commander.missingMandatoryOptionValue':
    case 'commander.optionMissingArgument': {
      const flag = /^(?:-\w, )?(--[^ ]+)/.exec(quoted)?.[1] ?? quoted;
      const option = command.options.find((each) => each.long === flag);
      const what = option?.description ? option.description : `a value (${quoted})`;
      return `${flag}: expected ${what}, got nothing`;
    }
    default:
      return invalidValueText(text);
  }
}

/**
 * A flag's parser names what it expected and what came, which commander wraps as "option
 * '--seed <n>' argument 'abc' is invalid. expected ..."; that becomes "--seed: expected ...".
 */
function invalidValueText(line: string): string {
  const invalid =
    /^option '(?:-[^ ',]+, )?(--[^ ']+)[^']*' argument '(.*)' is invalid\. (.*)$/s.exec(line);
  if (invalid === null) return line;
  const [, flag, value, why] = invalid as unknown as [string, string, string, string];
  const choices = /^Allowed choices are (.*)\.$/.exec(why);
  if (choices !== null) return `${flag}: expected one of ${choices[1]}, got "${value}"`;
  return why.startsWith('expected ') ? `${flag}: ${why}` : line;
}

/** `lamport-lab check`, `lamport-lab regress update`: how the user typed the command. */
function commandPath(command: Command): string {
  const names: string[] = [];
  for (let at: Command | null = command; at !== null; at = at.parent) names.unshift(at.name());
  return names.join(' ');
}

/** The --help of a command (`lamport-lab check`), as a user types it next. */
function helpCommand(where: string): string {
  return commandToType(`${where.replace(/^\S+ ?/, '')} --help`.trimStart());
}

export function oneLine(text: string): string {
  return text.trim().replace(/\s*\n\s*/g, ' ');
}
