/**
 * The faults part of the analysis: per injected fault, what it was, when, how often it fired and
 * what it caused, in figures (for summary.json) and in words (for the text and the report's
 * table); and the copies touched, by action and by drop reason. Made from faults.csv (run-faults.ts)
 * and, for corrupt-clock, the clock inflation replayed over the logs (clock-inflation.ts).
 */
import { countText, numberText, secondsText } from '../common/number-text.js';
import type { CopyFault } from '../logs/fault-timeline.js';
import type { RunFault, RunFaults } from '../logs/run-faults-of.js';
import type { InflationFigures } from './clock-inflation.js';

export interface FaultAnalysis {
  readonly index: number;
  readonly kind: string;
  /** The machine it concerns (crash, restart, pause, rate, corrupt-clock); null for a link fault. */
  readonly machine: number | null;
  /** When, in words: "4-6 s", "at 5.2 s", "whole run". */
  readonly when: string;
  /** Its parameters, in words: "p 0.5, 0,1,2 → 0,1,2", "groups 0 | 1+2". */
  readonly what: string;
  /** faults.csv rows it made. */
  readonly fired: number;
  /** What it did, in words: "dropped 14 copies", "clock 12→0 on machine 1". */
  readonly caused: string;
}

export interface RestartFigures {
  readonly machine: number;
  readonly atSec: number;
  /** persisted, reset or lease:K. */
  readonly rule: string;
  readonly clockBefore: number;
  readonly clockAfter: number;
}

export interface FaultsAnalysis {
  readonly faults: readonly FaultAnalysis[];
  readonly copies: {
    readonly dropped: number;
    readonly droppedBy: {
      readonly loss: number;
      readonly partition: number;
      readonly crash: number;
    };
    readonly duplicated: number;
    readonly delayed: number;
    readonly corrupted: number;
  };
  readonly restarts: readonly RestartFigures[];
  /** Present when some copy carried a corrupted clock. */
  readonly inflation?: InflationFigures;
}

const sec = (us: number): string => secondsText(us / 1e6);

function listText(value: unknown): string {
  return Array.isArray(value) ? value.join(',') : '?';
}

/** [atSec, untilSec) of a resolved fault in words; null untilSec is open. */
function windowText(resolved: Readonly<Record<string, unknown>>): string {
  const at = typeof resolved.atSec === 'number' ? resolved.atSec : 0;
  const until = typeof resolved.untilSec === 'number' ? resolved.untilSec : null;
  if (until === null) return at === 0 ? 'whole run' : `from ${secondsText(at)} s`;
  return `${secondsText(at)}-${secondsText(until)} s`;
}

function whatText(fault: RunFault): string {
  const r = fault.resolved;
  switch (fault.kind) {
    case 'loss':
    case 'duplicate':
      return `p ${String(r.p)}, ${listText(r.from)} → ${listText(r.to)}`;
    case 'delay':
      return `+${String(r.extraMs)} ms, ${listText(r.from)} → ${listText(r.to)}`;
    case 'partition': {
      const groups = Array.isArray(r.groups)
        ? r.groups.map((group) => (Array.isArray(group) ? group.join('+') : '?')).join(' | ')
        : '?';
      return `groups ${groups}${r.oneWay === true ? ' (one way)' : ''}`;
    }
    case 'crash':
      return `machine ${String(r.machine)}, inbox ${String(r.inbox ?? 'drop')}`;
    case 'restart': {
      const clock = r.clock;
      const rule =
        typeof clock === 'object' && clock !== null && 'lease' in clock
          ? `lease ${String((clock as { lease: unknown }).lease)}`
          : String(clock ?? 'persisted');
      return `machine ${String(r.machine)}, clock ${rule}`;
    }
    case 'pause':
      return `machine ${String(r.machine)}`;
    case 'rate':
      return `machine ${String(r.machine)} → ${String(r.rateHz)} Hz`;
    case 'corrupt-clock': {
      const change = ['add', 'set', 'sub'].find((key) => typeof r[key] === 'number') ?? '?';
      const count = typeof r.count === 'number' ? `, first ${r.count} sends` : '';
      return `machine ${String(r.machine)}, ${change} ${String(r[change])}${count}`;
    }
    default:
      return fault.kind;
  }
}

function whenText(fault: RunFault): string {
  const r = fault.resolved;
  switch (fault.kind) {
    case 'crash':
    case 'restart':
    case 'rate':
      return `at ${secondsText(typeof r.atSec === 'number' ? r.atSec : 0)} s`;
    default:
      return windowText(r);
  }
}

/** The words of what one fault caused, from the rows that name it. */
function causedText(
  fault: RunFault,
  faults: RunFaults,
  copies: readonly CopyFault[],
  inflation: InflationFigures | null,
): string {
  if (fault.fired === 0) return 'nothing: it never fired';
  const count = (action: string) => copies.filter((copy) => copy.action === action).length;
  const dropped = count('drop');
  const droppedText = dropped > 0 ? [`dropped ${countText(dropped, 'copy', 'copies')}`] : [];
  switch (fault.kind) {
    case 'loss':
      return droppedText.join('');
    case 'duplicate':
      return `duplicated ${countText(count('duplicate'), 'copy', 'copies')}`;
    case 'delay':
      return `delayed ${countText(count('delay'), 'copy', 'copies')}`;
    case 'partition':
    case 'crash':
    case 'pause':
      return [...spanText(fault, faults), ...droppedText].join('; ') || 'nothing dropped';
    case 'restart':
    case 'rate':
      return markText(fault, faults);
    case 'corrupt-clock':
      return corruptText(copies, inflation);
    default:
      return countText(fault.fired, 'action');
  }
}

/**
 * What a corrupt-clock fault's copies carried, by the direction of each lie (faults.csv's true
 * and carried clocks): a raising lie's effect is the inflation the replay measured (for all
 * corrupt-clock faults together); a lowering one (`sub`, a `set` below the clock) carried clocks
 * below the true ones, which no replay of the logs turns into a count of events (check's
 * clockDeflated does, against the causal chain), so its copies are counted, with the largest
 * drop. A lie that left the clock as it was is "clamped" only where faults.csv says so.
 */
function corruptText(copies: readonly CopyFault[], inflation: InflationFigures | null): string {
  const sends = new Set(copies.map((copy) => copy.msgId)).size;
  let corrupted = 0;
  let raised = 0;
  let lowered = 0;
  let maxLoweredBy = 0;
  let clamped = 0;
  let equalled = 0;
  for (const copy of copies) {
    if (copy.action !== 'corrupt') continue;
    corrupted += 1;
    const by = copy.carriedClock - copy.trueClock;
    if (by > 0) raised += 1;
    else if (by < 0) {
      lowered += 1;
      maxLoweredBy = Math.max(maxLoweredBy, -by);
    } else if (copy.clamped) clamped += 1;
    else equalled += 1;
  }
  // A row that fired but altered no clock (check counts clockCorrupted only where one was).
  const unchanged: string[] = [];
  if (clamped > 0)
    unchanged.push(
      `${numberText(clamped)} of them carried the true clock all the same: clamped at the bound`,
    );
  if (equalled > 0)
    unchanged.push(`${numberText(equalled)} of them carried the true clock: the lie equalled it`);
  const unchangedText = unchanged.length === 0 ? '' : ` (${unchanged.join('; ')})`;
  const effects: string[] = [];
  if (raised > 0) {
    effects.push(
      inflation === null || inflation.events === 0
        ? 'inflated no event'
        : `inflated ${countText(inflation.events, 'event')} by up to ${inflation.maxBy}`,
    );
  }
  if (lowered > 0) {
    const which = lowered === corrupted ? '' : ` on ${numberText(lowered)} of them`;
    effects.push(`carried clocks below the true ones${which}, by up to ${maxLoweredBy}`);
  }
  const head = `corrupted ${countText(corrupted, 'copy', 'copies')} of ${countText(sends, 'send')}${unchangedText}`;
  return [head, ...effects].join('; ');
}

/** A partition's, a pause's or a crash's span in words ("healed at 6 s", "machine 1 down 5-7 s"). */
function spanText(fault: RunFault, faults: RunFaults): string[] {
  const span = faults.spans.find(
    (one) => one.faultIndex === fault.index && (one.kind !== 'down' || fault.kind === 'crash'),
  );
  if (span === undefined) return [];
  // "1-2 s" for a closed span, "from 5 s to the end" for one the run ended inside.
  const during = span.open
    ? `from ${sec(span.fromUs)} s to the end`
    : `${sec(span.fromUs)}-${sec(span.untilUs)} s`;
  switch (span.kind) {
    case 'partition':
      return [span.open ? 'never healed' : `healed at ${sec(span.untilUs)} s`];
    case 'down':
      return [`machine ${span.machine} down ${during}`];
    case 'pause': {
      const missed = countText(span.missedTicks, 'missed tick');
      const fate = downAtResume(span.machine, span.untilUs, faults)
        ? ', never run (crashed at its end)'
        : ' run at its resume';
      return [`machine ${span.machine} paused ${during}${span.open ? '' : `; ${missed}${fate}`}`];
    }
    default:
      return [];
  }
}

/**
 * Whether a machine is down when its pause ends at `timeUs`: crashed at that instant and not
 * restarted there too. The missed ticks then never run (docs/FAULTS.md), though the resume row
 * counts them.
 */
function downAtResume(machine: number, timeUs: number, faults: RunFaults): boolean {
  const at = (kind: 'crash' | 'restart') =>
    faults.marks.some(
      (mark) => mark.kind === kind && mark.machine === machine && mark.timeUs === timeUs,
    );
  return at('crash') && !at('restart');
}

/** A restart's or a rate step's mark in words ("clock 12→0 on machine 1", "machine 0 3→1 Hz"). */
function markText(fault: RunFault, faults: RunFaults): string {
  return faults.marks
    .filter((mark) => mark.faultIndex === fault.index)
    .map((mark) => {
      switch (mark.kind) {
        case 'restart':
          return `clock ${mark.clockBefore}→${mark.clockAfter} on machine ${mark.machine}`;
        case 'rate':
          return `machine ${mark.machine} ${mark.fromHz}→${mark.toHz} Hz`;
        default:
          return '';
      }
    })
    .filter((text) => text !== '')
    .join('; ');
}

function machineOf(fault: RunFault): number | null {
  const machine = fault.resolved.machine;
  return typeof machine === 'number' ? machine : null;
}

/**
 * The faults section of the analysis. `inflation` is the replay's figures over every
 * corrupt-clock fault together (they cannot be told apart in one replay): each such fault says
 * them, and a run with one corrupt-clock fault, the usual case, attributes them exactly.
 */
export function analyzeFaults(
  faults: RunFaults,
  inflation: InflationFigures | null,
): FaultsAnalysis {
  // One pass over the copies (a row per copy a fault touched: tens of thousands in a long run),
  // not a pass per fault and per action.
  const droppedBy = { loss: 0, partition: 0, crash: 0 };
  const byAction = { drop: 0, duplicate: 0, delay: 0, corrupt: 0 };
  const copiesOf = new Map<number, CopyFault[]>();
  for (const copy of faults.copies) {
    byAction[copy.action] += 1;
    if (copy.action === 'drop') {
      const reason = copy.reason;
      if (reason === 'loss' || reason === 'partition' || reason === 'crash') droppedBy[reason] += 1;
    }
    const own = copiesOf.get(copy.faultIndex);
    if (own === undefined) copiesOf.set(copy.faultIndex, [copy]);
    else own.push(copy);
  }
  const corrupted = byAction.corrupt;
  return {
    faults: faults.faults.map((fault) => ({
      index: fault.index,
      kind: fault.kind,
      machine: machineOf(fault),
      when: whenText(fault),
      what: whatText(fault),
      fired: fault.fired,
      caused: causedText(fault, faults, copiesOf.get(fault.index) ?? [], inflation),
    })),
    copies: {
      dropped: byAction.drop,
      droppedBy,
      duplicated: byAction.duplicate,
      delayed: byAction.delay,
      corrupted,
    },
    restarts: faults.marks.flatMap((mark) =>
      mark.kind === 'restart'
        ? [
            {
              machine: mark.machine,
              atSec: mark.timeUs / 1e6,
              rule: mark.rule,
              clockBefore: mark.clockBefore,
              clockAfter: mark.clockAfter,
            },
          ]
        : [],
    ),
    ...(corrupted > 0 && inflation !== null ? { inflation } : {}),
  };
}
