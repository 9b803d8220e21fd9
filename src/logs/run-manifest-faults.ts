/**
 * What a manifest of a run with faults adds (issue 18, notes in docs/FAULTS.md), as the readers
 * take it: the resolved fault list (`scenario.faults`), how often each fault fired (`faults`),
 * the extended message ledger and each machine's restarts. Every field is optional, so a
 * fault-free manifest reads exactly as before. `faultConfigsOf` turns the resolved list (model
 * seconds) back into the exact units a driver took (FaultConfig), the units `check` recomputes
 * the run's tick schedule and per-copy decisions in.
 */
import * as z from 'zod';
import { assertNever, probabilityToFraction } from '../../core/index.js';
import {
  type ClockChange,
  type FaultConfig,
  openEndUs,
  type RestartClock,
} from '../../transports/fault-config.js';

const machineId = () => z.number().int().nonnegative();
const ids = () => z.array(machineId());
const seconds = () => z.number().nonnegative();
const until = () => seconds().nullable();

const linkFields = () => ({
  from: ids(),
  to: ids(),
  atSec: seconds(),
  untilSec: until(),
});

/** One fault of `scenario.faults`, as the scenario resolver writes it (defaults filled in). */
function resolvedFaultSchema() {
  return z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('loss'), p: z.number().min(0).max(1), ...linkFields() }),
    z.object({ kind: z.literal('duplicate'), p: z.number().min(0).max(1), ...linkFields() }),
    z.object({ kind: z.literal('delay'), extraMs: z.number().nonnegative(), ...linkFields() }),
    z.object({
      kind: z.literal('partition'),
      groups: z.array(ids()),
      oneWay: z.boolean(),
      atSec: seconds(),
      untilSec: until(),
    }),
    z.object({
      kind: z.literal('crash'),
      machine: machineId(),
      atSec: seconds(),
      inbox: z.enum(['drop', 'keep']),
    }),
    z.object({
      kind: z.literal('restart'),
      machine: machineId(),
      atSec: seconds(),
      clock: z.union([
        z.enum(['persisted', 'reset']),
        z.object({ lease: z.number().int().positive() }),
      ]),
    }),
    z.object({
      kind: z.literal('pause'),
      machine: machineId(),
      atSec: seconds(),
      untilSec: seconds(),
    }),
    z.object({
      kind: z.literal('rate'),
      machine: machineId(),
      atSec: seconds(),
      rateHz: z.number().positive(),
    }),
    z.object({
      kind: z.literal('corrupt-clock'),
      machine: machineId(),
      atSec: seconds(),
      untilSec: until(),
      count: z.number().int().positive().nullable(),
      add: z.number().int().positive().optional(),
      set: z.number().int().positive().optional(),
      sub: z.number().int().positive().optional(),
    }),
  ]);
}

export function resolvedFaultsSchema() {
  return z.array(resolvedFaultSchema()).min(1);
}

export type ResolvedFaultJson = z.output<ReturnType<typeof resolvedFaultSchema>>;

/** `faults`: per fault of the list, its stream and how many faults.csv rows it has. */
export function firedFaultsSchema() {
  return z.array(
    z.object({
      index: z.number().int().nonnegative(),
      kind: z.string(),
      stream: z.string(),
      fired: z.number().int().nonnegative(),
    }),
  );
}

/** The ledger's fault fields in `messages`: extra copies made, and copies dropped, by reason. */
export function messageFaultFields() {
  const count = () => z.number().int().nonnegative();
  return {
    duplicated: count().optional(),
    dropped: count().optional(),
    droppedBy: z
      .object({ loss: count(), partition: count(), crash: count() })
      .optional(),
  };
}

const toUs = (sec: number): number => Math.round(sec * 1_000_000);
const untilToUs = (sec: number | null): number => (sec === null ? openEndUs : toUs(sec));

function restartClockOf(clock: 'persisted' | 'reset' | { lease: number }): RestartClock {
  if (clock === 'persisted' || clock === 'reset') return { kind: clock };
  return { kind: 'lease', every: clock.lease };
}

function clockChangeOf(fault: {
  readonly add?: number | undefined;
  readonly set?: number | undefined;
  readonly sub?: number | undefined;
}): ClockChange {
  if (fault.add !== undefined) return { kind: 'add', by: fault.add };
  if (fault.set !== undefined) return { kind: 'set', to: fault.set };
  return { kind: 'sub', by: fault.sub ?? 0 };
}

/** A link fault's links and window, in a driver's units. */
function linksOf(fault: {
  readonly from: readonly number[];
  readonly to: readonly number[];
  readonly atSec: number;
  readonly untilSec: number | null;
}) {
  return {
    from: fault.from,
    to: fault.to,
    atUs: toUs(fault.atSec),
    untilUs: untilToUs(fault.untilSec),
  };
}

/** One resolved fault in a driver's units. */
function faultConfigOf(fault: ResolvedFaultJson, index: number, stream: string): FaultConfig {
  const base = { index, stream };
  switch (fault.kind) {
    case 'loss':
    case 'duplicate':
      return { ...base, kind: fault.kind, p: probabilityToFraction(fault.p), ...linksOf(fault) };
    case 'delay':
      return { ...base, kind: 'delay', extraUs: Math.round(fault.extraMs * 1000), ...linksOf(fault) };
    case 'partition':
      return {
        ...base,
        kind: 'partition',
        groups: fault.groups,
        oneWay: fault.oneWay,
        atUs: toUs(fault.atSec),
        untilUs: untilToUs(fault.untilSec),
      };
    case 'crash':
      return { ...base, kind: 'crash', machine: fault.machine, atUs: toUs(fault.atSec), inbox: fault.inbox };
    case 'restart':
      return {
        ...base,
        kind: 'restart',
        machine: fault.machine,
        atUs: toUs(fault.atSec),
        clock: restartClockOf(fault.clock),
      };
    case 'pause':
      return {
        ...base,
        kind: 'pause',
        machine: fault.machine,
        atUs: toUs(fault.atSec),
        untilUs: toUs(fault.untilSec),
      };
    case 'rate':
      return {
        ...base,
        kind: 'rate',
        machine: fault.machine,
        atUs: toUs(fault.atSec),
        rateMilliHz: Math.round(fault.rateHz * 1000),
      };
    case 'corrupt-clock':
      return {
        ...base,
        kind: 'corrupt-clock',
        machine: fault.machine,
        atUs: toUs(fault.atSec),
        untilUs: untilToUs(fault.untilSec),
        countMax: fault.count,
        change: clockChangeOf(fault),
      };
    default:
      return assertNever(fault, 'fault kind');
  }
}

/** The resolved list in a driver's units; `streams[i]` is fault i's stream ('' when unknown). */
export function faultConfigsOf(
  resolved: readonly ResolvedFaultJson[],
  streams: readonly string[],
): FaultConfig[] {
  return resolved.map((fault, index) => faultConfigOf(fault, index, streams[index] ?? ''));
}
