/**
 * A run's faults in the Perfetto trace: after the machines' tracks, one track "faults" with an
 * instant event per fault action (crash, restart, pause, resume, rate, partition start and heal,
 * and per copy drop, duplicate, delay, corrupt; its args say which fault, which machine, which
 * message), then one track per span, a slice over the span's time: a partition, a pause, a
 * machine down from its crash to its restart. A track per span because slices on one track must
 * nest, and the spans of different faults overlap freely (a pause during a partition).
 */

import type { FaultSpan } from '../logs/fault-timeline.js';
import { formatTimeMs } from '../logs/format.js';
import type { RunFaults } from '../logs/run-faults.js';

/** The category of every fault event: filters them apart from the machines' `lamport` ones. */
export const perfettoFaultCategory = 'fault';
export const perfettoFaultsTrackName = 'faults';

function spanTrackName(span: FaultSpan): string {
  switch (span.kind) {
    case 'partition':
      return `fault ${span.faultIndex}: partition ${span.groups}`;
    case 'pause':
      return `fault ${span.faultIndex}: machine ${span.machine} paused`;
    case 'down':
      return `fault ${span.faultIndex}: machine ${span.machine} down`;
    default:
      return 'fault';
  }
}

/**
 * The trace events, each as `,\n{...}` to follow the machines' events: the track names, the
 * instants and the span slices, in a fixed order so the same run gives the same bytes.
 */
export function perfettoFaultEvents(faults: RunFaults, machineCount: number, pid: number): string {
  const parts: string[] = [];
  const track = (tid: number, name: string) => {
    parts.push(
      `,\n{"name":"thread_name","ph":"M","pid":${pid},"tid":${tid},"args":{"name":${JSON.stringify(name)}}}`,
      `,\n{"name":"thread_sort_index","ph":"M","pid":${pid},"tid":${tid},"args":{"sort_index":${tid}}}`,
    );
  };
  const faultsTid = machineCount;
  track(faultsTid, perfettoFaultsTrackName);
  faults.spans.forEach((span, index) => {
    track(faultsTid + 1 + index, spanTrackName(span));
  });
  for (const row of faults.rows) {
    const args: Record<string, string | number> = { fault: row.faultIndex };
    if (row.machine >= 0) args.machine = row.machine;
    if (row.peer >= 0) args.sender = row.peer;
    if (row.msgId !== '') args.msg_id = row.msgId;
    for (const [key, value] of row.detail) if (key !== 'index') args[key] = value;
    const ts = Math.round(row.timeMs * 1000);
    parts.push(
      `,\n{"name":${JSON.stringify(row.fault)},"cat":"${perfettoFaultCategory}","ph":"i","s":"t","pid":${pid},"tid":${faultsTid},"ts":${ts},"args":${JSON.stringify(args)}}`,
    );
  }
  faults.spans.forEach((span, index) => {
    const args = {
      fault: span.faultIndex,
      from_ms: formatTimeMs(span.fromUs),
      until_ms: span.open ? 'end' : formatTimeMs(span.untilUs),
    };
    parts.push(
      `,\n{"name":"${span.kind}","cat":"${perfettoFaultCategory}","ph":"X","pid":${pid},"tid":${faultsTid + 1 + index},"ts":${span.fromUs},"dur":${span.untilUs - span.fromUs},"args":${JSON.stringify(args)}}`,
    );
  });
  return parts.join('');
}
