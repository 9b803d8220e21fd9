/**
 * `run`'s fault flags (issue 18): a short syntax for the entries of the scenario's `faults` list,
 * for quick use. Each flag may be given more than once; each occurrence becomes one entry,
 * appended to the scenario's list (flags of one kind in the order typed, the kinds in the order
 * of `faultFlagNames`), and then the whole list is validated by the scenario schema, so a flag
 * and a file entry are held to the same rules and words. The parsers check syntax only.
 *
 *   --loss P[:FROM>TO][@A-B]          --duplicate P[:FROM>TO][@A-B]     --delay MS[:FROM>TO][@A-B]
 *   --partition G[|G..]@A[-B][:oneway]   (a group: ids by commas, like 0|1,2; the machines
 *                                          not listed form one more group, so 0@5-10 cuts off 0)
 *   --crash M@T[:keep|:drop]          --restart M@T[:persisted|:reset|:lease=K]
 *   --pause M@A-B                     --rate M@T=HZ
 *   --corrupt-clock M[@A-B]:add=K|set=V|sub=K[:count=N]
 * FROM and TO are machine ids by commas or `*` (all); a window `A-B` is in model seconds, `A-`
 * leaves it open.
 */
import { InvalidArgumentError } from 'commander';
import { faultKinds } from '../../transports/fault-config.js';

/** One fault flag as typed, and the scenario entry it stands for. */
export interface FaultFlag {
  /** `--crash 1@5`: how a refusal names it. */
  readonly typed: string;
  readonly flag: string;
  readonly text: string;
  readonly fault: Record<string, unknown>;
}

/** The flags, in the order their entries are appended: one per fault kind, named as it. */
export const faultFlagNames = faultKinds;

export type FaultFlagName = (typeof faultFlagNames)[number];

const numberPattern = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/** What each flag's value looks like, for refusals and `--help`. */
export const faultFlagSyntax: Record<FaultFlagName, string> = {
  loss: 'P[:FROM>TO][@A-B], like 0.1 or 0.2:0>1,2@10-20',
  duplicate: 'P[:FROM>TO][@A-B], like 0.05',
  delay: 'MS[:FROM>TO][@A-B], like 500:0>*@5-10',
  partition: 'GROUPS@A[-B][:oneway], like 0|1,2@10-20 or 0@10-20 (the rest: one more group)',
  crash: 'M@T[:keep|:drop], like 1@5',
  restart: 'M@T[:persisted|:reset|:lease=K], like 1@8:reset',
  pause: 'M@A-B, like 2@5-8',
  rate: 'M@T=HZ, like 0@30=1',
  'corrupt-clock': 'M[@A-B]:add=K|set=V|sub=K[:count=N], like 0@10-20:add=1000000',
};

class SyntaxRefusal extends Error {}

function refuse(): never {
  throw new SyntaxRefusal();
}

function number(text: string): number {
  return numberPattern.test(text) ? Number(text) : refuse();
}

function ids(text: string): number[] | undefined {
  if (text === '*') return undefined;
  return text.split(',').map(number);
}

/** `A-B` or `A-` (open): into atSec/untilSec. */
function window(text: string): { atSec: number; untilSec?: number } {
  const match = /^([^-]+)-(.*)$/.exec(text) ?? refuse();
  const atSec = number(match[1] as string);
  return match[2] === '' ? { atSec } : { atSec, untilSec: number(match[2] as string) };
}

/** `VALUE[:FROM>TO][@A-B]` of the per-copy faults. */
function linkFault(text: string, valueKey: 'p' | 'extraMs', kind: string): Record<string, unknown> {
  const [head = '', windowText] = splitOnce(text, '@');
  const [valueText = '', linkText] = splitOnce(head, ':');
  const fault: Record<string, unknown> = { kind, [valueKey]: number(valueText) };
  if (linkText !== undefined) {
    const [fromText = '', toText] = splitOnce(linkText, '>');
    if (toText === undefined) refuse();
    const from = ids(fromText);
    const to = ids(toText);
    if (from !== undefined) fault.from = from;
    if (to !== undefined) fault.to = to;
  }
  if (windowText !== undefined) Object.assign(fault, window(windowText));
  return fault;
}

/** Splits at the first `separator`: [before, after] or [text, undefined]. */
function splitOnce(text: string, separator: string): [string, string | undefined] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + separator.length)];
}

/** `M@T` and what follows it after a `:` (or `=` for rate). */
function machineAt(text: string): { machine: number; rest: string } {
  const [machineText = '', rest] = splitOnce(text, '@');
  if (rest === undefined) refuse();
  return { machine: number(machineText), rest };
}

function partition(text: string): Record<string, unknown> {
  const [groupsText = '', whenText] = splitOnce(text, '@');
  // One group is allowed, as in a file: the machines not listed form the other.
  if (whenText === undefined) refuse();
  const groups = groupsText.split('|').map((group) => group.split(',').map(number));
  const [windowText = '', option] = splitOnce(whenText, ':');
  if (option !== undefined && option !== 'oneway') refuse();
  const when = windowText.includes('-') ? window(windowText) : { atSec: number(windowText) };
  return { kind: 'partition', groups, ...(option === 'oneway' ? { oneWay: true } : {}), ...when };
}

function crash(text: string): Record<string, unknown> {
  const { machine, rest } = machineAt(text);
  const [atText = '', inbox] = splitOnce(rest, ':');
  if (inbox !== undefined && inbox !== 'keep' && inbox !== 'drop') refuse();
  return {
    kind: 'crash',
    machine,
    atSec: number(atText),
    ...(inbox === undefined ? {} : { inbox }),
  };
}

function restart(text: string): Record<string, unknown> {
  const { machine, rest } = machineAt(text);
  const [atText = '', clockText] = splitOnce(rest, ':');
  const fault: Record<string, unknown> = { kind: 'restart', machine, atSec: number(atText) };
  if (clockText === 'persisted' || clockText === 'reset') fault.clock = clockText;
  else if (clockText?.startsWith('lease=')) fault.clock = { lease: number(clockText.slice(6)) };
  else if (clockText !== undefined) refuse();
  return fault;
}

function pause(text: string): Record<string, unknown> {
  const { machine, rest } = machineAt(text);
  const span = window(rest);
  if (span.untilSec === undefined) refuse();
  return { kind: 'pause', machine, ...span };
}

function rate(text: string): Record<string, unknown> {
  const { machine, rest } = machineAt(text);
  const [atText = '', hzText] = splitOnce(rest, '=');
  if (hzText === undefined) refuse();
  return { kind: 'rate', machine, atSec: number(atText), rateHz: number(hzText) };
}

function corruptClock(text: string): Record<string, unknown> {
  const [head = '', ...options] = text.split(':');
  const [machineText = '', windowText] = splitOnce(head, '@');
  const fault: Record<string, unknown> = { kind: 'corrupt-clock', machine: number(machineText) };
  if (windowText !== undefined) Object.assign(fault, window(windowText));
  if (options.length === 0) refuse();
  for (const option of options) {
    const [key = '', value] = splitOnce(option, '=');
    if (value === undefined || !['add', 'set', 'sub', 'count'].includes(key) || key in fault)
      refuse();
    fault[key] = number(value);
  }
  return fault;
}

const parsers: Record<FaultFlagName, (text: string) => Record<string, unknown>> = {
  loss: (text) => linkFault(text, 'p', 'loss'),
  duplicate: (text) => linkFault(text, 'p', 'duplicate'),
  delay: (text) => linkFault(text, 'extraMs', 'delay'),
  partition,
  crash,
  restart,
  pause,
  rate,
  'corrupt-clock': corruptClock,
};

/** The fault `--<name> <text>` stands for; a refusal names the syntax expected. */
export function parseFaultFlag(name: FaultFlagName, text: string): FaultFlag {
  try {
    const fault = parsers[name](text.trim());
    return { typed: `--${name} ${text}`, flag: `--${name}`, text, fault };
  } catch (error) {
    if (!(error instanceof SyntaxRefusal)) throw error;
    throw new InvalidArgumentError(`expected ${faultFlagSyntax[name]}; got "${text}"`);
  }
}

/** A commander parser that collects every occurrence of `--<name>`. */
export function faultFlagCollector(
  name: FaultFlagName,
): (text: string, previous: FaultFlag[] | undefined) => FaultFlag[] {
  return (text, previous) => [...(previous ?? []), parseFaultFlag(name, text)];
}
