/**
 * What a manifest of a run with faults adds (issue 18, notes in docs/FAULTS.md), as the readers
 * take it: the resolved fault list (`scenario.faults`), how often each fault fired (`faults`),
 * the extended message ledger and each machine's restarts. Every field is optional, so a
 * fault-free manifest reads exactly as before. `faultConfigsOf` turns the resolved list (model
 * seconds) back into the exact units a driver took (FaultConfig), the units `check` recomputes
 * the run's tick schedule and per-copy decisions in.
 */
import * as z from 'zod';
import type { FaultConfig } from '../../transports/fault-config.js';
import { type ResolvedFault, toFaultConfigs } from '../scenario/fault-resolve.js';

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
    droppedBy: z.object({ loss: count(), partition: count(), crash: count() }).optional(),
  };
}

/** The resolved list in a driver's units; `streams[i]` is fault i's stream ('' when unknown). */
export function faultConfigsOf(
  resolved: readonly ResolvedFaultJson[],
  streams: readonly string[],
): FaultConfig[] {
  // The resolver wrote this list from its ResolvedFault, and the schema above has checked its
  // shape: converting it with the resolver's own conversion keeps one set of unit rules. The
  // streams are the manifest's, the ones the run drew from (not hashed again from the list).
  return toFaultConfigs(
    resolved as unknown as readonly ResolvedFault[],
    resolved.map((_, index) => streams[index] ?? ''),
  );
}
