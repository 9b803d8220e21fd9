/**
 * A `faults` list resolved (every default written out, as the manifest records it) and turned
 * into what the driver takes (transports/fault-config.ts): exact µs, mHz and fractions, and each
 * fault's random stream named from its own resolved content, so that removing or reordering
 * other faults (as a shrinker does) never moves its draws.
 */
import { assertNever, probabilityToFraction } from '../../core/index.js';
import { rateHzToMilliHz } from '../../core/tick-schedule.js';
import {
  type ClockChange,
  type FaultConfig,
  openEndUs,
  type RestartClock,
} from '../../transports/fault-config.js';
import { sha256HexOfText } from '../common/sha256.js';
import type { FaultFile } from './fault-schema.js';

interface ResolvedLink {
  readonly from: readonly number[];
  readonly to: readonly number[];
  readonly atSec: number;
  /** null: the window stays open to the end of the run. */
  readonly untilSec: number | null;
}

export type ResolvedRestartClock = 'persisted' | 'reset' | { readonly lease: number };

/** A fault as the manifest records it: the scenario's entry with every default filled in. */
export type ResolvedFault =
  | ({ readonly kind: 'loss'; readonly p: number } & ResolvedLink)
  | ({ readonly kind: 'duplicate'; readonly p: number } & ResolvedLink)
  | ({ readonly kind: 'delay'; readonly extraMs: number } & ResolvedLink)
  | {
      readonly kind: 'partition';
      readonly groups: readonly (readonly number[])[];
      readonly oneWay: boolean;
      readonly atSec: number;
      readonly untilSec: number | null;
    }
  | {
      readonly kind: 'crash';
      readonly machine: number;
      readonly atSec: number;
      readonly inbox: 'drop' | 'keep';
    }
  | {
      readonly kind: 'restart';
      readonly machine: number;
      readonly atSec: number;
      readonly clock: ResolvedRestartClock;
    }
  | {
      readonly kind: 'pause';
      readonly machine: number;
      readonly atSec: number;
      readonly untilSec: number;
    }
  | {
      readonly kind: 'rate';
      readonly machine: number;
      readonly atSec: number;
      readonly rateHz: number;
    }
  | ({
      readonly kind: 'corrupt-clock';
      readonly machine: number;
      readonly atSec: number;
      readonly untilSec: number | null;
      readonly count: number | null;
    } & ({ readonly add: number } | { readonly set: number } | { readonly sub: number }));

const allIds = (machines: number): number[] => Array.from({ length: machines }, (_, id) => id);

/** Ascending, each once: `[2, 0, 2]` and `[0, 2]` are one set of machines. */
const ascending = (ids: readonly number[]): number[] => [...new Set(ids)].sort((a, b) => a - b);

interface LinkFields {
  readonly from?: readonly number[] | undefined;
  readonly to?: readonly number[] | undefined;
  readonly atSec?: number | undefined;
  readonly untilSec?: number | null | undefined;
}

function resolveLink(fault: LinkFields, machines: number): ResolvedLink {
  return {
    from: ascending(fault.from ?? allIds(machines)),
    to: ascending(fault.to ?? allIds(machines)),
    atSec: fault.atSec ?? 0,
    untilSec: fault.untilSec ?? null,
  };
}

/** The groups as given, then the machines no group lists as one more group (when any). */
function completeGroups(groups: readonly (readonly number[])[], machines: number): number[][] {
  const listed = new Set(groups.flat());
  const rest = allIds(machines).filter((id) => !listed.has(id));
  const complete = groups.map(ascending);
  if (rest.length > 0) complete.push(rest);
  return complete;
}

/** One validated entry with its defaults filled, in the key order the manifest shows. */
export function resolveFault(fault: FaultFile, machines: number): ResolvedFault {
  switch (fault.kind) {
    case 'loss':
    case 'duplicate':
      return { kind: fault.kind, p: fault.p, ...resolveLink(fault, machines) };
    case 'delay':
      return { kind: 'delay', extraMs: fault.extraMs, ...resolveLink(fault, machines) };
    case 'partition':
      return {
        kind: 'partition',
        groups: completeGroups(fault.groups, machines),
        oneWay: fault.oneWay ?? false,
        atSec: fault.atSec,
        untilSec: fault.untilSec ?? null,
      };
    case 'crash':
      return {
        kind: 'crash',
        machine: fault.machine,
        atSec: fault.atSec,
        inbox: fault.inbox ?? 'drop',
      };
    case 'restart':
      return {
        kind: 'restart',
        machine: fault.machine,
        atSec: fault.atSec,
        clock: fault.clock ?? 'persisted',
      };
    case 'pause':
      return {
        kind: 'pause',
        machine: fault.machine,
        atSec: fault.atSec,
        untilSec: fault.untilSec,
      };
    case 'rate':
      return { kind: 'rate', machine: fault.machine, atSec: fault.atSec, rateHz: fault.rateHz };
    case 'corrupt-clock':
      return {
        kind: 'corrupt-clock',
        machine: fault.machine,
        atSec: fault.atSec ?? 0,
        untilSec: fault.untilSec ?? null,
        count: fault.count ?? null,
        ...changeOf(fault),
      };
    default:
      return assertNever(fault, 'fault kind');
  }
}

function changeOf(
  fault: Extract<FaultFile, { kind: 'corrupt-clock' }>,
): { add: number } | { set: number } | { sub: number } {
  if (fault.add !== undefined) return { add: fault.add };
  if (fault.set !== undefined) return { set: fault.set };
  // The schema lets through exactly one of the three.
  return { sub: fault.sub as number };
}

/**
 * JSON with every object's keys sorted: the same fault gives the same text, however written.
 * Built by appending, not by mapping and joining (explore resolves thousands of faults a second);
 * the text is what `[${items.join(',')}]` and entries sorted by `<` gave: an item that has no
 * JSON (undefined) is empty, as join makes it, and the default sort orders keys by UTF-16 units.
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) {
    let text = '[';
    for (let at = 0; at < value.length; at += 1) {
      if (at > 0) text += ',';
      text += canonicalJson(value[at]) ?? '';
    }
    return `${text}]`;
  }
  if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    let text = '{';
    for (const key of Object.keys(record).sort()) {
      const field = record[key];
      if (field === undefined) continue;
      if (text.length > 1) text += ',';
      text += `${JSON.stringify(key)}:${canonicalJson(field)}`;
    }
    return `${text}}`;
  }
  return JSON.stringify(value);
}

/**
 * Each fault's stream: `fault/<16 hex of sha256 of its canonical JSON>`, and for the n-th fault
 * identical to an earlier one (n >= 2) `/n` after it, so that two identical losses draw apart.
 */
export function faultStreamNames(faults: readonly ResolvedFault[]): string[] {
  const seen = new Map<string, number>();
  return faults.map((fault) => {
    const hex = sha256HexOfText(canonicalJson(fault)).slice(0, 16);
    const n = (seen.get(hex) ?? 0) + 1;
    seen.set(hex, n);
    return n === 1 ? `fault/${hex}` : `fault/${hex}/${n}`;
  });
}

const secToUs = (sec: number): number => Math.round(sec * 1_000_000);
const untilUs = (sec: number | null): number => (sec === null ? openEndUs : secToUs(sec));

function restartClock(clock: ResolvedRestartClock): RestartClock {
  if (clock === 'persisted' || clock === 'reset') return { kind: clock };
  return { kind: 'lease', every: clock.lease };
}

function clockChange(fault: Extract<ResolvedFault, { kind: 'corrupt-clock' }>): ClockChange {
  if ('add' in fault) return { kind: 'add', by: fault.add };
  if ('set' in fault) return { kind: 'set', to: fault.set };
  return { kind: 'sub', by: fault.sub };
}

/**
 * The resolved list in the driver's exact units, with index and stream: each fault's own
 * (faultStreamNames), or those given (a manifest's, which `check` reads: hashing the list
 * again for names it then replaced was a tenth of an explore trial's check).
 */
export function toFaultConfigs(
  faults: readonly ResolvedFault[],
  streams: readonly string[] = faultStreamNames(faults),
): FaultConfig[] {
  return faults.map((fault, index) => toFaultConfig(fault, index, streams[index] as string));
}

/**
 * One fault in the driver's units. Each object is written out field by field, index and stream
 * first, in the key order it always had: built by spreading a base object into each, it took
 * ~10 µs a fault, which explore pays for every fault of thousands of runs a second.
 */
function toFaultConfig(fault: ResolvedFault, index: number, stream: string): FaultConfig {
  switch (fault.kind) {
    case 'loss':
    case 'duplicate':
    case 'delay':
      return linkFaultConfig(fault, index, stream);
    case 'partition':
      return {
        index,
        stream,
        kind: 'partition',
        groups: fault.groups,
        oneWay: fault.oneWay,
        atUs: secToUs(fault.atSec),
        untilUs: untilUs(fault.untilSec),
      };
    case 'crash':
      return {
        index,
        stream,
        kind: 'crash',
        machine: fault.machine,
        atUs: secToUs(fault.atSec),
        inbox: fault.inbox,
      };
    case 'restart':
      return {
        index,
        stream,
        kind: 'restart',
        machine: fault.machine,
        atUs: secToUs(fault.atSec),
        clock: restartClock(fault.clock),
      };
    case 'pause':
      return {
        index,
        stream,
        kind: 'pause',
        machine: fault.machine,
        atUs: secToUs(fault.atSec),
        untilUs: secToUs(fault.untilSec),
      };
    case 'rate':
      return {
        index,
        stream,
        kind: 'rate',
        machine: fault.machine,
        atUs: secToUs(fault.atSec),
        rateMilliHz: rateHzToMilliHz(fault.rateHz),
      };
    case 'corrupt-clock':
      return {
        index,
        stream,
        kind: 'corrupt-clock',
        machine: fault.machine,
        atUs: secToUs(fault.atSec),
        untilUs: untilUs(fault.untilSec),
        countMax: fault.count,
        change: clockChange(fault),
      };
    default:
      return assertNever(fault, 'fault kind');
  }
}

/** A per-copy fault: the link's fields, then its kind and what it does (that key order). */
function linkFaultConfig(
  fault: Extract<ResolvedFault, { kind: 'loss' | 'duplicate' | 'delay' }>,
  index: number,
  stream: string,
): FaultConfig {
  const atUs = secToUs(fault.atSec);
  const until = untilUs(fault.untilSec);
  const { from, to } = fault;
  if (fault.kind === 'delay') {
    const extraUs = Math.round(fault.extraMs * 1000);
    return { index, stream, from, to, atUs, untilUs: until, kind: 'delay', extraUs };
  }
  const p = probabilityToFraction(fault.p);
  return { index, stream, from, to, atUs, untilUs: until, kind: fault.kind, p };
}
