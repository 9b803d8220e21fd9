/**
 * A run's faults (run-faults.ts) as the charts draw them: the time charts' overlay (seconds) and
 * the space-time diagram's (ms, with dropped copies), for the machines the charts draw. Labels
 * are short, and name the machine in words as the spans do ("crash 1" read as the first crash);
 * the tooltips say the rest.
 */
import type { SpaceTimeFaults } from '../charts/space-time-faults.js';
import type { OverlayMark, OverlaySpan, TimeOverlay } from '../charts/time-overlay.js';
import type { FaultMark, FaultSpan } from '../logs/fault-timeline.js';
import type { RunFaults } from '../logs/run-faults.js';

function spanLabel(span: FaultSpan): string {
  switch (span.kind) {
    case 'partition':
      return `partition ${span.groups}${span.oneWay ? ' (one way)' : ''}`;
    case 'pause':
      return `machine ${span.machine} paused`;
    case 'down':
      return `machine ${span.machine} down`;
    default:
      return 'fault';
  }
}

function markLabel(mark: FaultMark): string {
  switch (mark.kind) {
    case 'crash':
      return `machine ${mark.machine} crashes`;
    case 'restart':
      return `machine ${mark.machine} restarts: clock ${mark.clockBefore}→${mark.clockAfter}`;
    case 'rate':
      return `machine ${mark.machine}: ${mark.fromHz}→${mark.toHz} Hz`;
    default:
      return 'fault';
  }
}

const spanMachine = (span: FaultSpan): number | null =>
  span.kind === 'partition' ? null : span.machine;

/** The time charts' overlay, in seconds: every span and mark of machines 0..drawn-1. */
export function timeChartOverlay(faults: RunFaults, drawn: number): TimeOverlay {
  const spans: OverlaySpan[] = faults.spans
    .filter((span) => (spanMachine(span) ?? 0) < drawn)
    .map((span) => ({
      kind: span.kind,
      fromX: span.fromUs / 1e6,
      untilX: span.untilUs / 1e6,
      label: spanLabel(span),
    }));
  const marks: OverlayMark[] = faults.marks
    .filter((mark) => mark.machine < drawn)
    .map((mark) => ({ kind: mark.kind, x: mark.timeUs / 1e6, label: markLabel(mark) }));
  return { spans, marks };
}

/** The space-time diagram's faults, in ms: spans, marks and every dropped copy. */
export function spaceTimeFaults(faults: RunFaults): SpaceTimeFaults {
  return {
    spans: faults.spans.map((span) => ({
      kind: span.kind,
      machine: spanMachine(span),
      fromMs: span.fromUs / 1000,
      untilMs: span.untilUs / 1000,
      label: spanLabel(span),
    })),
    marks: faults.marks.map((mark) => ({
      kind: mark.kind,
      machine: mark.machine,
      timeMs: mark.timeUs / 1000,
      label: markLabel(mark),
    })),
    drops: faults.copies.flatMap((copy) =>
      copy.action === 'drop'
        ? [
            {
              msgId: copy.msgId,
              receiver: copy.receiver,
              timeMs: copy.timeUs / 1000,
              atReceiver: copy.reason === 'crash',
              label: `message ${copy.msgId} to machine ${copy.receiver} dropped (${copy.reason}, fault ${copy.faultIndex}) at ${copy.timeUs / 1000} ms`,
            },
          ]
        : [],
    ),
  };
}
