/**
 * A run's faults in a ShiViz log: each fault action as a local event of the host it concerns,
 * with a description ShiViz shows when the event is clicked. A crash, a pause, a resume and a
 * rate step are events of their machine; a partition's start and heal are events of every
 * machine (each is cut off, then joined again); a dropped copy is an event of its sender (whose
 * message was lost), naming the receiver and why. A restart is already a row of the log, an
 * event of its machine: its description gains the rule and the clocks (`restartNote`). A
 * duplicated copy shows as its second receive, a delayed one as a longer arrow; a corrupted clock
 * is noted on its send (`carriedNote`).
 */
import { formatTimeMs } from '../logs/format.js';
import type { RunFaults } from '../logs/run-faults.js';

/** One local event to add: on which hosts, when, and its description. */
export interface ShivizFaultEvent {
  readonly timeUs: number;
  readonly machines: readonly number[];
  readonly description: string;
}

/** The faults' own events, in faults.csv's order (which is time order). */
export function shivizFaultEvents(faults: RunFaults, machineCount: number): ShivizFaultEvent[] {
  const everyMachine = Array.from({ length: machineCount }, (_, id) => id);
  const events: ShivizFaultEvent[] = [];
  for (const row of faults.rows) {
    const timeUs = Math.round(row.timeMs * 1000);
    const at = `t=${formatTimeMs(timeUs)}ms fault=${row.faultIndex}`;
    const detail = (key: string) => `${key}=${row.detail.get(key) ?? ''}`;
    const own = (description: string) => {
      if (row.machine >= 0 && row.machine < machineCount)
        events.push({ timeUs, machines: [row.machine], description });
    };
    switch (row.fault) {
      case 'partition-start':
        events.push({
          timeUs,
          machines: everyMachine,
          description: `partition-start ${at} ${detail('groups')} ${detail('oneWay')}`,
        });
        break;
      case 'partition-heal':
        events.push({ timeUs, machines: everyMachine, description: `partition-heal ${at}` });
        break;
      case 'crash':
        own(`crash ${at} ${detail('inbox')} ${detail('queued')}`);
        break;
      case 'pause':
        own(`pause ${at}`);
        break;
      case 'resume':
        own(`resume ${at} ${detail('missed')}`);
        break;
      case 'rate':
        own(`rate ${at} ${detail('fromHz')} ${detail('toHz')}`);
        break;
      case 'drop':
        if (row.peer >= 0 && row.peer < machineCount) {
          events.push({
            timeUs,
            machines: [row.peer],
            description: `drop ${at} msg=${row.msgId} to=${row.machine} ${detail('reason')}`,
          });
        }
        break;
      default:
      // restart is a log row; duplicate, delay and corrupt show on the events they touch.
    }
  }
  return events;
}

/** Where a restart row's description gets its rule and clocks: by machine, in time order. */
export function restartNotes(faults: RunFaults): Map<number, string[]> {
  const notes = new Map<number, string[]>();
  for (const mark of faults.marks) {
    if (mark.kind !== 'restart') continue;
    const list = notes.get(mark.machine) ?? [];
    list.push(`clock=${mark.rule} before=${mark.clockBefore} fault=${mark.faultIndex}`);
    notes.set(mark.machine, list);
  }
  return notes;
}

/** The clock a corrupted send's copies carried, by msg_id. */
export function carriedClocks(faults: RunFaults): Map<string, number> {
  const carried = new Map<string, number>();
  for (const copy of faults.copies) {
    if (copy.action === 'corrupt') carried.set(copy.msgId, copy.carriedClock);
  }
  return carried;
}
