/**
 * The fault lists of explore's scenarios (issue 19), and of the library's arbFaults (issue 22):
 * a SWARM fault profile (each allowed kind switched on or off per run, so that the kinds left out
 * do not crowd out the states the others reach), drawn before the run's machine count and
 * duration are known, then laid onto them. Valid by construction: machine ids are taken modulo
 * the run's machines, times are per mille of the run's duration, and the few rules between
 * faults (a machine is down, paused or lying in one window at a time; partitions never overlap;
 * one rate step of a machine per instant) are kept by leaving out, in list order, an entry that
 * would break one. No `chain` (which shrinks badly): each part shrinks on its own toward fewer
 * kinds and faults and narrower windows.
 */
import fc from 'fast-check';
import { assertNever } from '../../core/index.js';
import type { FaultKind } from '../../transports/fault-config.js';
import type { ScenarioFile } from '../scenario/schema.js';

/** One entry of a scenario file's `faults`. */
export type FaultFile = NonNullable<ScenarioFile['faults']>[number];

/** Faults of one kind a profile switches on: 1..this many. */
export const trialFaultsPerKindMax = 3;

/** A window as parts of the run's duration, in per mille: [atPermille, atPermille + length). */
export interface RawWindow {
  readonly atPermille: number;
  readonly lengthPermille: number;
}

/** One fault before the run's machine count and duration are applied. */
export type RawFault =
  | {
      readonly kind: 'loss' | 'duplicate';
      /** p = 1 - lessPermille / 1000: shrinks toward p = 1, a fault that always acts. */
      readonly lessPermille: number;
      readonly from: readonly number[] | null;
      readonly to: readonly number[] | null;
      readonly window: RawWindow;
    }
  | {
      readonly kind: 'delay';
      readonly extraMs: number;
      readonly from: readonly number[] | null;
      readonly to: readonly number[] | null;
      readonly window: RawWindow;
    }
  | {
      readonly kind: 'partition';
      readonly groupOf: readonly number[];
      readonly oneWay: boolean;
      readonly window: RawWindow;
    }
  | {
      readonly kind: 'crash';
      readonly machine: number;
      readonly atPermille: number;
      readonly keep: boolean;
    }
  | {
      readonly kind: 'restart';
      readonly machine: number;
      readonly window: RawWindow;
      readonly clock: 'persisted' | 'reset' | { readonly lease: number };
    }
  | { readonly kind: 'pause'; readonly machine: number; readonly window: RawWindow }
  | {
      readonly kind: 'rate';
      readonly machine: number;
      readonly atPermille: number;
      readonly rateHz: number;
    }
  | {
      readonly kind: 'corrupt-clock';
      readonly machine: number;
      readonly window: RawWindow;
      readonly count: number | null;
      readonly change:
        | { readonly add: number }
        | { readonly sub: number }
        | { readonly set: number };
    };

const windowArbitrary: fc.Arbitrary<RawWindow> = fc.record({
  atPermille: fc.integer({ min: 0, max: 998 }),
  lengthPermille: fc.integer({ min: 1, max: 999 }),
});

const permilleInRun = fc.integer({ min: 1, max: 999 });

function machineArbitrary(machinesMax: number): fc.Arbitrary<number> {
  return fc.integer({ min: 0, max: machinesMax - 1 });
}

/** Some machines, or null for all of them (what an absent `from` / `to` means). */
function linkEndArbitrary(machinesMax: number): fc.Arbitrary<readonly number[] | null> {
  return fc.option(
    fc.uniqueArray(machineArbitrary(machinesMax), { minLength: 1, maxLength: machinesMax }),
    { nil: null },
  );
}

/**
 * The raw faults of one kind, before the run's machine count and duration are known; a `rate`
 * step goes to 1..rateHzMax Hz.
 */
export function rawFaultArbitrary(
  kind: FaultKind,
  machinesMax: number,
  rateHzMax: number,
): fc.Arbitrary<RawFault> {
  const machine = machineArbitrary(machinesMax);
  const window = windowArbitrary;
  switch (kind) {
    case 'loss':
    case 'duplicate':
      return fc.record({
        kind: fc.constant(kind),
        lessPermille: fc.integer({ min: 0, max: 999 }),
        from: linkEndArbitrary(machinesMax),
        to: linkEndArbitrary(machinesMax),
        window,
      });
    case 'delay':
      return fc.record({
        kind: fc.constant(kind),
        extraMs: fc.integer({ min: 1, max: 2000 }),
        from: linkEndArbitrary(machinesMax),
        to: linkEndArbitrary(machinesMax),
        window,
      });
    case 'partition':
      return fc.record({
        kind: fc.constant(kind),
        groupOf: fc.array(fc.integer({ min: 0, max: 2 }), {
          minLength: machinesMax,
          maxLength: machinesMax,
        }),
        oneWay: fc.boolean(),
        window,
      });
    case 'crash':
      return fc.record({
        kind: fc.constant(kind),
        machine,
        atPermille: permilleInRun,
        keep: fc.boolean(),
      });
    case 'restart':
      return fc.record({ kind: fc.constant(kind), machine, window, clock: restartClockArbitrary });
    case 'pause':
      return fc.record({ kind: fc.constant(kind), machine, window });
    case 'rate':
      return fc.record({
        kind: fc.constant(kind),
        machine,
        atPermille: permilleInRun,
        rateHz: fc.integer({ min: 1, max: rateHzMax }),
      });
    case 'corrupt-clock':
      return fc.record({
        kind: fc.constant(kind),
        machine,
        window,
        count: fc.option(fc.integer({ min: 1, max: 5 }), { nil: null }),
        change: clockChangeArbitrary,
      });
    default:
      return assertNever(kind, 'fault kind');
  }
}

const restartClockArbitrary = fc.oneof(
  { withCrossShrink: true },
  fc.constant('persisted' as const),
  fc.constant('reset' as const),
  fc.integer({ min: 1, max: 20 }).map((lease) => ({ lease })),
);

/**
 * A size spread over orders of magnitude, 1 .. 9·10^6: as many lies of a few units as of
 * millions (which put clocks past 10^6). Uniform up to millions, nearly every lie was huge, and
 * a run with a huge clock costs the causality counts (two of them: the run's and check's) tens of
 * megabytes. Shrinks toward 1.
 */
const magnitudeArbitrary = fc
  .record({ exponent: fc.integer({ min: 0, max: 6 }), digit: fc.integer({ min: 1, max: 9 }) })
  .map(({ exponent, digit }) => digit * 10 ** exponent);

const clockChangeArbitrary = fc.oneof(
  { withCrossShrink: true },
  magnitudeArbitrary.map((add) => ({ add })),
  fc.integer({ min: 1, max: 40 }).map((sub) => ({ sub })),
  magnitudeArbitrary.map((set) => ({ set })),
);

/** What a swarm profile may hold: its kinds, the machine ids and rates its faults name. */
export interface ProfileBounds {
  readonly faultKinds: readonly FaultKind[];
  readonly machinesMax: number;
  readonly rateHzMax: number;
  /**
   * When no kind came up on, switch one on (`forceOn`): every run of an exploration with fault
   * kinds has some fault. Off (the library's choice), a profile may be empty and shrinks to it.
   */
  readonly atLeastOneFault: boolean;
}

/**
 * The swarm profile: per kind of `faultKinds`, switched on with probability 1/2, then 1..3
 * faults of it. `forceOn` is drawn either way, so that the draws do not depend on
 * atLeastOneFault. Shrinks toward fewer kinds on and fewer faults of each.
 */
export function swarmProfileArbitrary(bounds: ProfileBounds): fc.Arbitrary<readonly RawFault[][]> {
  const { faultKinds, machinesMax, rateHzMax, atLeastOneFault } = bounds;
  const perKind = faultKinds.map((kind) =>
    fc.record({
      on: fc.boolean(),
      faults: fc.array(rawFaultArbitrary(kind, machinesMax, rateHzMax), {
        minLength: 1,
        maxLength: trialFaultsPerKindMax,
      }),
    }),
  );
  return fc
    .record({
      kinds: fc.tuple(...perKind),
      forceOn: fc.nat({ max: Math.max(0, faultKinds.length - 1) }),
    })
    .map(({ kinds, forceOn }) => {
      const forced = atLeastOneFault && !kinds.some((kind) => kind.on) ? forceOn : -1;
      return kinds.map((kind, at) => (kind.on || at === forced ? kind.faults : []));
    });
}

/**
 * A profile laid onto a run of `machines` machines and `durationSec` seconds: its entries in
 * list order, less those that would break a rule between faults.
 */
export function faultListOf(
  profile: readonly RawFault[][],
  machines: number,
  durationSec: number,
): FaultFile[] {
  return keepCompatible(
    profile.flat().flatMap((fault) => faultEntries(fault, machines, durationSec)),
  );
}

/** Seconds of a per-mille of the run: whole ms, so a file gives it exactly. */
const secOf = (permille: number, durationSec: number): number =>
  Math.round(permille * durationSec) / 1000;

function windowOf(window: RawWindow, durationSec: number, endPermille = 1999) {
  const untilPermille = Math.min(endPermille, window.atPermille + window.lengthPermille);
  return {
    atSec: secOf(window.atPermille, durationSec),
    untilSec: secOf(untilPermille, durationSec),
  };
}

/** Machine ids of this run, ascending and each once; null stays null (all machines). */
function idsOf(ids: readonly number[] | null, machines: number): number[] | null {
  if (ids === null) return null;
  return [...new Set(ids.map((id) => id % machines))].sort((a, b) => a - b);
}

/** A loss, duplicate or delay entry: its links (absent: all) and its window. */
function linkEntry(
  fault: Extract<RawFault, { kind: 'loss' | 'duplicate' | 'delay' }>,
  machines: number,
  durationSec: number,
): FaultFile {
  const from = idsOf(fault.from, machines);
  const to = idsOf(fault.to, machines);
  const value =
    fault.kind === 'delay' ? { extraMs: fault.extraMs } : { p: (1000 - fault.lessPermille) / 1000 };
  return {
    kind: fault.kind,
    ...value,
    ...(from === null ? {} : { from }),
    ...(to === null ? {} : { to }),
    ...windowOf(fault.window, durationSec),
  } as FaultFile;
}

/** The scenario entries of one raw fault: one, or a crash and its restart. */
function faultEntries(fault: RawFault, machines: number, durationSec: number): FaultFile[] {
  switch (fault.kind) {
    case 'loss':
    case 'duplicate':
    case 'delay':
      return [linkEntry(fault, machines, durationSec)];
    case 'partition':
      return [
        {
          kind: 'partition',
          groups: groupsOf(fault.groupOf, machines),
          oneWay: fault.oneWay,
          ...windowOf(fault.window, durationSec),
        },
      ];
    case 'crash':
      return [
        {
          kind: 'crash',
          machine: fault.machine % machines,
          atSec: secOf(fault.atPermille, durationSec),
          inbox: fault.keep ? 'keep' : 'drop',
        },
      ];
    case 'restart': {
      // The restart comes before the run's end, or it would be refused (and do nothing).
      const { atSec, untilSec } = windowOf(fault.window, durationSec, 999);
      const machine = fault.machine % machines;
      return [
        { kind: 'crash', machine, atSec },
        { kind: 'restart', machine, atSec: untilSec, clock: fault.clock },
      ];
    }
    case 'pause':
      return [
        {
          kind: 'pause',
          machine: fault.machine % machines,
          ...windowOf(fault.window, durationSec, 1000),
        },
      ];
    case 'rate':
      return [
        {
          kind: 'rate',
          machine: fault.machine % machines,
          atSec: secOf(fault.atPermille, durationSec),
          rateHz: fault.rateHz,
        },
      ];
    case 'corrupt-clock':
      return [
        {
          kind: 'corrupt-clock',
          machine: fault.machine % machines,
          ...windowOf(fault.window, durationSec),
          ...(fault.count === null ? {} : { count: fault.count }),
          ...fault.change,
        },
      ];
    default:
      return assertNever(fault, 'raw fault');
  }
}

/** Each machine of the run in one of up to three groups; never all in one (no partition). */
function groupsOf(groupOf: readonly number[], machines: number): number[][] {
  const groupOfMachine = groupOf.slice(0, machines);
  if (groupOfMachine.every((group) => group === groupOfMachine[0])) {
    groupOfMachine[machines - 1] = ((groupOfMachine[0] ?? 0) + 1) % 3;
  }
  const groups: number[][] = [[], [], []];
  groupOfMachine.forEach((group, id) => {
    groups[group]?.push(id);
  });
  return groups.filter((group) => group.length > 0);
}

/** A span of time a fault holds, closed at both ends so that touching spans count as clashing. */
interface HeldSpan {
  readonly key: string;
  readonly atSec: number;
  readonly untilSec: number;
}

/**
 * What an entry holds exclusively: a machine down (crash to restart, or to the end), paused or
 * lying; a partition's window; a machine's rate step instant. Link faults hold nothing. A crash
 * and its restart are one span, keyed on the crash.
 */
function heldSpans(fault: FaultFile, next: FaultFile | undefined): HeldSpan[] {
  switch (fault.kind) {
    case 'crash': {
      const restart =
        next?.kind === 'restart' && next.machine === fault.machine ? next.atSec : Infinity;
      return [{ key: `up/${fault.machine}`, atSec: fault.atSec, untilSec: restart }];
    }
    case 'pause':
      return [{ key: `up/${fault.machine}`, atSec: fault.atSec, untilSec: fault.untilSec }];
    case 'partition':
      return [{ key: 'partition', atSec: fault.atSec, untilSec: fault.untilSec ?? Infinity }];
    case 'corrupt-clock':
      return [
        {
          key: `lie/${fault.machine}`,
          atSec: fault.atSec ?? 0,
          untilSec: fault.untilSec ?? Infinity,
        },
      ];
    case 'rate':
      return [{ key: `rate/${fault.machine}`, atSec: fault.atSec, untilSec: fault.atSec }];
    default:
      return [];
  }
}

/**
 * The entries in list order, leaving out each that would clash with one kept before it (and a
 * restart whose crash was left out): the scenario's rules between faults hold by construction.
 */
function keepCompatible(entries: readonly FaultFile[]): FaultFile[] {
  const held: HeldSpan[] = [];
  const kept: FaultFile[] = [];
  let restartOf: FaultFile | null = null;
  entries.forEach((fault, at) => {
    if (fault.kind === 'restart') {
      if (restartOf === fault) kept.push(fault);
      return;
    }
    const next = entries[at + 1];
    const spans = heldSpans(fault, next);
    const clash = spans.some((span) =>
      held.some(
        (other) =>
          other.key === span.key && other.atSec <= span.untilSec && span.atSec <= other.untilSec,
      ),
    );
    if (clash) return;
    held.push(...spans);
    kept.push(fault);
    restartOf = fault.kind === 'crash' && next?.kind === 'restart' ? next : null;
  });
  return kept;
}

/** The fault lists of a run of `machines` machines and `durationSec` whole seconds. */
export interface FaultListBounds extends Omit<ProfileBounds, 'machinesMax'> {
  readonly machines: number;
  readonly durationSec: number;
}

/**
 * Fault lists for one run's machine count and duration: what a scenario drawn with machinesMax =
 * machines gets as `faults` when it draws that many machines and that duration (the library's
 * arbFaults).
 */
export function faultListArbitrary(bounds: FaultListBounds): fc.Arbitrary<FaultFile[]> {
  const { machines, durationSec } = bounds;
  return swarmProfileArbitrary({ ...bounds, machinesMax: machines }).map((profile) =>
    faultListOf(profile, machines, durationSec),
  );
}
