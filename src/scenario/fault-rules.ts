/**
 * The rules of a `faults` list that need the rest of the scenario (how many machines, how long
 * the run) or other entries: ids in range and each listed once, windows that start inside the
 * run and end after they start, a machine in one partition group only (and a partition of more
 * than one group), a crash only of a machine that is up and a restart only of one that is down,
 * and no overlap where two windows of one kind on one machine
 * (or two partitions) would leave unclear what holds. loss, duplicate and delay may overlap
 * freely: each applies and each draws. Per-entry rules come first, so the first refusal a user
 * reads is the simplest one.
 */
import type * as z from 'zod';
import type { FaultFile } from './fault-schema.js';

/** Where to report one broken rule: the path under the scenario, the value, the words. */
export type AddFaultIssue = (
  path: readonly (string | number)[],
  input: unknown,
  message: string,
) => void;

/** Adapts a zod refinement context to AddFaultIssue (paths under `faults`). */
export function zodFaultIssues(context: z.RefinementCtx): AddFaultIssue {
  return (path, input, message) =>
    context.addIssue({ code: 'custom', path: ['faults', ...path], input, message });
}

interface Span {
  readonly index: number;
  readonly atSec: number;
  /** Infinity: open. */
  readonly untilSec: number;
}

const overlaps = (a: Span, b: Span): boolean => a.atSec < b.untilSec && b.atSec < a.untilSec;

/** One window ends where the other starts. */
const touches = (a: Span, b: Span): boolean => a.untilSec === b.atSec || b.untilSec === a.atSec;

const secText = (sec: number): string => (sec === Infinity ? 'the end' : `${sec} s`);

/** Checks `faults` against a scenario of `machines` machines lasting `durationSec`. */
export function checkFaultList(
  faults: readonly FaultFile[],
  machines: number,
  durationSec: number,
  add: AddFaultIssue,
): void {
  let ok = true;
  const issue: AddFaultIssue = (path, input, message) => {
    ok = false;
    add(path, input, message);
  };
  faults.forEach((fault, index) => {
    checkEntry(fault, index, { machines, durationSec }, issue);
  });
  if (!ok) return;
  const down = downSpans(faults, add);
  checkOverlaps(faults, down, add);
}

interface Bounds {
  readonly machines: number;
  readonly durationSec: number;
}

function checkEntry(fault: FaultFile, index: number, bounds: Bounds, add: AddFaultIssue): void {
  const idMessage = `expected a machine id 0..${bounds.machines - 1} (${bounds.machines} machines)`;
  const checkId = (path: readonly (string | number)[], id: number): void => {
    if (id >= bounds.machines) add([index, ...path], id, idMessage);
  };
  if ('machine' in fault) checkId(['machine'], fault.machine);
  for (const key of ['from', 'to'] as const) {
    if (!(key in fault)) continue;
    const ids = (fault as { [k in typeof key]?: number[] })[key] ?? [];
    ids.forEach((id, at) => {
      checkId([key, at], id);
      // A repeat means nothing more, but may be a typo for another machine: refused, as a
      // machine listed twice in a partition group is.
      const first = ids.indexOf(id);
      if (first < at)
        add(
          [index, key, at],
          id,
          `expected each machine once (machine ${id} is ${key}[${first}] too)`,
        );
    });
  }
  if (fault.kind === 'partition') {
    checkGroups(fault.groups, index, checkId, add);
    // Every machine in one group cuts no link: a partition that does nothing is a mistake.
    const listed = new Set(fault.groups.flat());
    if (fault.groups.length === 1 && listed.size >= bounds.machines) {
      add(
        [index, 'groups'],
        fault.groups,
        `expected machines in two groups or more (the machines not listed form one more; all ${bounds.machines} are in one)`,
      );
    }
  }
  const atSec = fault.atSec ?? 0;
  if (fault.atSec !== undefined && atSec >= bounds.durationSec) {
    const message = `expected a time before the end of the run (durationSec ${bounds.durationSec})`;
    add([index, 'atSec'], atSec, message);
  }
  const until = 'untilSec' in fault ? fault.untilSec : undefined;
  if (until !== undefined && until !== null && until <= atSec) {
    add([index, 'untilSec'], until, `expected untilSec > atSec (${atSec})`);
  }
}

function checkGroups(
  groups: readonly (readonly number[])[],
  index: number,
  checkId: (path: readonly (string | number)[], id: number) => void,
  add: AddFaultIssue,
): void {
  const groupOf = new Map<number, number>();
  groups.forEach((group, g) => {
    group.forEach((id, at) => {
      checkId(['groups', g, at], id);
      const earlier = groupOf.get(id);
      if (earlier !== undefined) {
        const where = earlier === g ? 'listed twice in this group' : `already in group ${earlier}`;
        add(
          [index, 'groups', g, at],
          id,
          `expected each machine in one group only (machine ${id} is ${where})`,
        );
      }
      groupOf.set(id, g);
    });
  });
}

/** Each machine's down intervals [crash, restart) from its crashes and restarts in time order. */
export function downSpans(faults: readonly FaultFile[], add: AddFaultIssue): Map<number, Span[]> {
  const changes = faults
    .map((fault, index) => ({ fault, index }))
    .filter(({ fault }) => fault.kind === 'crash' || fault.kind === 'restart')
    // Within one instant the driver changes state in list order: a crash and a restart at one
    // instant need the crash listed first.
    .sort((a, b) => (a.fault.atSec ?? 0) - (b.fault.atSec ?? 0) || a.index - b.index);
  const spans = new Map<number, Span[]>();
  const downSince = new Map<number, { atSec: number; index: number }>();
  const upSince = new Map<number, { atSec: number; index: number }>();
  for (const { fault, index } of changes) {
    if (fault.kind !== 'crash' && fault.kind !== 'restart') continue;
    const atSec = fault.atSec;
    const down = downSince.get(fault.machine);
    if (fault.kind === 'crash') {
      if (down !== undefined) {
        const message = `expected a crash of a machine that is up (machine ${fault.machine} is down since ${down.atSec} s, faults[${down.index}])`;
        add([index, 'atSec'], atSec, message);
        continue;
      }
      downSince.set(fault.machine, { atSec, index });
      continue;
    }
    if (down === undefined) {
      // Restarted already: name the restart that brought it up, which may be a flag's.
      const up = upSince.get(fault.machine);
      const why =
        up === undefined
          ? 'has no crash before it that is not restarted'
          : `is up again since ${up.atSec} s: faults[${up.index}] restarted it`;
      add(
        [index, 'atSec'],
        atSec,
        `expected a restart of a machine that is down (machine ${fault.machine} ${why})`,
      );
      continue;
    }
    downSince.delete(fault.machine);
    upSince.set(fault.machine, { atSec, index });
    const list = spans.get(fault.machine) ?? [];
    list.push({ index: down.index, atSec: down.atSec, untilSec: atSec });
    spans.set(fault.machine, list);
  }
  for (const [machine, down] of downSince) {
    const list = spans.get(machine) ?? [];
    list.push({ index: down.index, atSec: down.atSec, untilSec: Infinity });
    spans.set(machine, list);
  }
  return spans;
}

const spanOf = (fault: FaultFile, index: number): Span => ({
  index,
  atSec: fault.atSec ?? 0,
  untilSec: 'untilSec' in fault ? (fault.untilSec ?? Infinity) : Infinity,
});

/** A fault checkOverlaps has gone past, with its span. */
interface SeenFault {
  readonly kind: string;
  readonly machine: number;
  readonly span: Span;
  readonly atSec: number;
}

/** A pause against the pauses before it and the down times of its machine. */
function checkPauseClashes(
  fault: Extract<FaultFile, { kind: 'pause' }>,
  span: Span,
  seen: readonly SeenFault[],
  downs: readonly Span[],
  add: AddFaultIssue,
): void {
  const machine = fault.machine;
  const pauses = seen.filter((o) => o.kind === 'pause' && o.machine === machine);
  const other = pauses.find((o) => overlaps(o.span, span));
  // A pause that starts as another ends would resume the machine and stop it again in one
  // instant, before the resume's missed ticks could run: refused, one pause says it.
  const touching = pauses.find((o) => touches(o.span, span));
  const crashed = downs.find((d) => overlaps(d, span));
  if (other !== undefined) {
    add(
      [span.index, 'atSec'],
      fault.atSec,
      `expected a pause that does not overlap machine ${machine}'s pause faults[${other.span.index}]`,
    );
  } else if (touching !== undefined) {
    const startsAtItsEnd = touching.span.untilSec === span.atSec;
    const first = startsAtItsEnd ? touching.span : span;
    const last = startsAtItsEnd ? span : touching.span;
    add(
      [span.index, startsAtItsEnd ? 'atSec' : 'untilSec'],
      startsAtItsEnd ? fault.atSec : span.untilSec,
      `expected a pause that does not touch machine ${machine}'s pause faults[${touching.span.index}] (one pause from ${secText(first.atSec)} to ${secText(last.untilSec)} holds it over both)`,
    );
  } else if (crashed !== undefined) {
    const window = `[${secText(span.atSec)}, ${secText(span.untilSec)})`;
    add(
      [span.index, 'atSec'],
      fault.atSec,
      `expected a pause of machine ${machine} while it is up; ${window} overlaps its crash faults[${crashed.index}] (down from ${secText(crashed.atSec)} to ${secText(crashed.untilSec)})`,
    );
  }
}

function checkOverlaps(
  faults: readonly FaultFile[],
  down: ReadonlyMap<number, readonly Span[]>,
  add: AddFaultIssue,
): void {
  const seen: SeenFault[] = [];
  faults.forEach((fault, index) => {
    const span = spanOf(fault, index);
    const machine = 'machine' in fault ? fault.machine : -1;
    const clash = (kind: string, test: (other: (typeof seen)[number]) => boolean) =>
      seen.find((other) => other.kind === kind && test(other));
    switch (fault.kind) {
      case 'pause':
        checkPauseClashes(fault, span, seen, down.get(machine) ?? [], add);
        break;
      case 'partition': {
        const other = clash('partition', (o) => overlaps(o.span, span));
        if (other !== undefined)
          add(
            [index, 'atSec'],
            fault.atSec,
            `expected a partition that does not overlap partition faults[${other.span.index}] in time`,
          );
        break;
      }
      case 'rate': {
        const other = clash('rate', (o) => o.machine === machine && o.atSec === fault.atSec);
        if (other !== undefined)
          add(
            [index, 'atSec'],
            fault.atSec,
            `expected one rate step of machine ${machine} per instant (faults[${other.span.index}] is at ${fault.atSec} s too)`,
          );
        break;
      }
      case 'corrupt-clock': {
        const other = clash(
          'corrupt-clock',
          (o) => o.machine === machine && overlaps(o.span, span),
        );
        if (other !== undefined)
          add(
            [index, 'atSec'],
            span.atSec,
            `expected a corrupt-clock window of machine ${machine} that does not overlap faults[${other.span.index}]`,
          );
        break;
      }
      default:
        break;
    }
    seen.push({ kind: fault.kind, machine, span, atSec: fault.atSec ?? 0 });
  });
}
