/**
 * A run's faults (run-faults.ts's timeline) as the viewer draws them: spans of time shaded over
 * the lanes they touch (a partition over every machine it splits, a pause or a crashed machine's
 * down time over its own lane) and marks at an instant (crash, restart, rate step, and each copy
 * a fault dropped, duplicated, delayed or corrupted, at its receiver's lane). Only what meets
 * the data's window is kept.
 */
import { assertNever } from '../../core/index.js';
import type { CopyFault, FaultSpan, FaultMark as TimelineMark } from '../logs/fault-timeline.js';
import type { RunFaults } from '../logs/run-faults-of.js';
import type { FaultMark, ViewWindow } from './model/view-data.js';

export function faultMarksOf(faults: RunFaults, window: ViewWindow | null): FaultMark[] {
  const fromUs = window?.fromUs ?? Number.NEGATIVE_INFINITY;
  const untilUs = window?.untilUs ?? Number.POSITIVE_INFINITY;
  const marks: FaultMark[] = [];
  for (const span of faults.spans) {
    if (span.untilUs >= fromUs && span.fromUs < untilUs) marks.push(spanMark(span));
  }
  for (const mark of faults.marks) {
    if (mark.timeUs >= fromUs && mark.timeUs < untilUs) marks.push(instantMark(mark));
  }
  for (const copy of faults.copies) {
    if (copy.timeUs >= fromUs && copy.timeUs < untilUs) marks.push(copyMark(copy));
  }
  return marks;
}

/** `0|1+2` (groups split by |, machines by +) as the machines it names, ascending. */
function groupMachines(groups: string): number[] {
  const ids = groups
    .split(/[|+]/)
    .filter((text) => /^\d+$/.test(text))
    .map(Number);
  return [...new Set(ids)].sort((a, b) => a - b);
}

function spanMark(span: FaultSpan): FaultMark {
  const open = span.open ? ', open to the end' : '';
  const base = {
    kind: 'span' as const,
    what: span.kind,
    fromUs: span.fromUs,
    untilUs: span.untilUs,
  };
  switch (span.kind) {
    case 'partition':
      return {
        ...base,
        machines: groupMachines(span.groups),
        label: `partition ${span.groups}${span.oneWay ? ' (one way)' : ''}${open}`,
      };
    case 'pause':
      return {
        ...base,
        machines: [span.machine],
        label: `pause of machine ${span.machine}, ${span.missedTicks} ticks missed${open}`,
      };
    case 'down':
      return {
        ...base,
        machines: [span.machine],
        label: `machine ${span.machine} down${span.restartIndex === null ? ', never restarted' : ''}`,
      };
    default:
      return assertNever(span, 'fault span');
  }
}

function instantMark(mark: TimelineMark): FaultMark {
  const base = {
    kind: 'mark' as const,
    what: mark.kind,
    machine: mark.machine,
    peer: null,
    atUs: mark.timeUs,
  };
  switch (mark.kind) {
    case 'crash':
      return {
        ...base,
        label: `crash of machine ${mark.machine} (inbox ${mark.inbox}, ${mark.queued} queued)`,
      };
    case 'restart':
      return {
        ...base,
        label: `restart of machine ${mark.machine}: clock ${mark.clockBefore} -> ${mark.clockAfter} (${mark.rule})`,
      };
    case 'rate':
      return {
        ...base,
        label: `rate of machine ${mark.machine}: ${mark.fromHz} -> ${mark.toHz} Hz`,
      };
    default:
      return assertNever(mark, 'fault mark');
  }
}

function copyMark(copy: CopyFault): FaultMark {
  const base = {
    kind: 'mark' as const,
    what: copy.action,
    machine: copy.receiver,
    peer: copy.sender,
    atUs: copy.timeUs,
  };
  const message = `${copy.msgId} to machine ${copy.receiver}`;
  switch (copy.action) {
    case 'drop':
      return { ...base, label: `dropped ${message} (${copy.reason})` };
    case 'duplicate':
      return { ...base, label: `duplicated ${message}` };
    case 'delay':
      return { ...base, label: `delayed ${message} by ${copy.extraMs} ms` };
    case 'corrupt':
      return {
        ...base,
        label: `corrupted ${message}: carried clock ${copy.carriedClock}, true ${copy.trueClock}${copy.clamped ? ' (clamped)' : ''}`,
      };
    default:
      return assertNever(copy, 'copy fault');
  }
}
