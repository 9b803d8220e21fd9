/**
 * Each flag's value as the user typed it, before its parser made a number of it. A number past
 * 2^53 or with more digits than a double holds is rounded by that parse: `--seed
 * 9007199254740993` was refused as "got 9007199254740992", a number the user never wrote.
 * Refusals that come after the parse (the scenario's rules, a window past a run's end) quote
 * this text instead. Commander announces every value it meets on the command line with an
 * `option:<name>` event, the raw text in hand, whatever the parser then makes of it.
 */
import type { Command } from 'commander';

/** By flag (`--seed`, `--rate-range`): the text it was last given on the command line. */
export type TypedFlags = Readonly<Record<string, string>>;

const typedByCommand = new WeakMap<Command, Record<string, string>>();

/** Starts recording the values of `command`'s flags, and of its subcommands', as typed. */
export function recordTypedFlags(command: Command): void {
  const typed: Record<string, string> = {};
  typedByCommand.set(command, typed);
  for (const option of command.options) {
    const flag = option.long;
    if (flag === undefined || !(option.required || option.optional)) continue;
    command.on(`option:${option.name()}`, (text: unknown) => {
      if (typeof text === 'string') typed[flag] = text;
    });
  }
  for (const subcommand of command.commands) recordTypedFlags(subcommand);
}

/** What `command`'s flags were given, as typed (empty when nothing was recorded). */
export function typedFlagsOf(command: Command): TypedFlags {
  return typedByCommand.get(command) ?? {};
}
